// The query-timeout watchdog (source/load_watch.hpp) without a database: silence ends the wait,
// answers keep it going, progress reaches the calling thread, errors and results come back, an
// abandoned worker ends at its next answer. (Against real paused servers: backends.query_timeout,
// refresh.server_paused_*.)
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "core/error.hpp"
#include "source/load_watch.hpp"

using namespace icm;
using Clock = std::chrono::steady_clock;

namespace {

void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

TEST_CASE("a worker that answers keeps going however long it takes", "[watch]") {
  const WatchOptions o{1, "test server", "the load"};
  const auto start = Clock::now();
  const int result = run_watched<int>(o, nullptr, [](const ProgressFn&) {
    for (int i = 0; i < 10; ++i) {  // 1.5 s in all, never 1 s without an answer
      sleep_ms(150);
      watch::answered();
    }
    return 42;
  });
  CHECK(result == 42);
  CHECK(seconds_since(start) > 1.4);
}

TEST_CASE("silence ends the wait with a message naming file, server, phase and time", "[watch]") {
  auto ended = std::make_shared<std::atomic<bool>>(false);
  const WatchOptions o{1, "PostgreSQL at 10.0.0.5:5432", "the load"};
  const auto start = Clock::now();
  std::string message;
  try {
    run_watched<int>(o, nullptr, [ended](const ProgressFn&) {
      struct Ended {
        std::shared_ptr<std::atomic<bool>> flag;
        ~Ended() { *flag = true; }
      } on_exit{ended};
      const std::string path = "profiles/x/unit.sql";
      watch::waiting("running the query", &path);
      sleep_ms(1700);       // the server says nothing
      watch::answered();    // … and then answers: the abandoned worker must stop here
      FAIL_CHECK("the abandoned worker went on");
      return 0;
    });
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::source);
    message = e.what();
  }
  const double waited = seconds_since(start);
  CHECK(waited >= 0.9);
  CHECK(waited < 1.6);
  CHECK(message.rfind("profiles/x/unit.sql: the database (PostgreSQL at 10.0.0.5:5432) sent nothing for 1 s while "
                      "icm was running the query",
                      0) == 0);
  CHECK(!*ended);  // still asleep: abandoned, not joined
  for (int i = 0; i < 50 && !*ended; ++i) sleep_ms(100);
  CHECK(*ended);   // ended at its next answer
}

TEST_CASE("a longer wait allowed for one phase (connecting) is honoured", "[watch]") {
  const WatchOptions o{1, "", "the load"};
  CHECK(run_watched<int>(o, nullptr, [](const ProgressFn&) {
    watch::waiting("connecting to the database", nullptr, 3);
    sleep_ms(1300);
    watch::answered();
    return 7;
  }) == 7);
}

TEST_CASE("progress reaches the calling thread, and time in the callback is not silence", "[watch]") {
  const auto caller = std::this_thread::get_id();
  int reports = 0;
  bool on_caller = true;
  const ProgressFn progress = [&](const char* record, std::uint64_t rows, std::uint64_t) {
    on_caller = on_caller && std::this_thread::get_id() == caller;
    CHECK(std::string(record) == "unit");
    CHECK(rows == static_cast<std::uint64_t>(10 * (reports + 1)));
    ++reports;
    sleep_ms(600);  // a slow callback, twice: 1.2 s without the worker answering
  };
  const WatchOptions o{1, "", "the load"};
  run_watched<int>(o, progress, [](const ProgressFn& p) {
    p("unit", 10, 0);
    p("unit", 20, 0);
    return 0;
  });
  CHECK(reports == 2);
  CHECK(on_caller);
}

TEST_CASE("errors of the work and of the callback come back to the caller", "[watch]") {
  const WatchOptions o{5, "", "the load"};
  CHECK_THROWS_WITH(run_watched<int>(o, nullptr, [](const ProgressFn&) -> int {
                      throw Error(ErrorCode::data, "profiles/x/unit.sql: result has no column 'id'");
                    }),
                    "profiles/x/unit.sql: result has no column 'id'");
  const ProgressFn throwing = [](const char*, std::uint64_t, std::uint64_t) { throw std::runtime_error("stop"); };
  CHECK_THROWS_WITH(run_watched<int>(o, throwing, [](const ProgressFn& p) {
                      p("unit", 1, 0);
                      return 0;
                    }),
                    "stop");
}

TEST_CASE("without a timeout the work runs on the calling thread", "[watch]") {
  const auto caller = std::this_thread::get_id();
  const WatchOptions o{0, "", "the load"};
  CHECK(run_watched<bool>(o, nullptr, [caller](const ProgressFn&) { return std::this_thread::get_id() == caller; }));
}
