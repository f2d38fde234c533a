// The worker/caller hand-off of load_watch.hpp.
#include "source/load_watch.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "core/error.hpp"

namespace icm {

namespace {

using Clock = std::chrono::steady_clock;

// Shared by the caller and the worker; lives as long as either holds it.
struct Watch {
  std::mutex m;
  std::condition_variable cv;
  std::atomic<Clock::rep> last_answer{Clock::now().time_since_epoch().count()};
  std::atomic<bool> abandoned{false};
  std::atomic<const char*> waiting_for{"starting"};
  std::atomic<int> at_least{0};  // seconds the current wait may last whatever the timeout
  // Guarded by m:
  std::string path;  // the profile file being read, if any
  bool done = false;
  std::exception_ptr error;
  bool report_pending = false;
  std::string record;
  std::uint64_t rows = 0, total = 0;
  std::string last_record;  // the last report delivered, for the message
  std::uint64_t last_rows = 0;

  void touch() { last_answer.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed); }
  int limit(int timeout) const { return std::max(timeout, at_least.load(std::memory_order_relaxed)); }

  [[noreturn]] static void stop() {
    throw Error(ErrorCode::source, "the load was abandoned after a query timeout");
  }

  // Worker side of a progress report: hand it to the caller, wait until it has been shown.
  void post(const char* r, std::uint64_t n, std::uint64_t t) {
    touch();
    std::unique_lock<std::mutex> lock(m);
    if (abandoned) stop();
    record = r != nullptr ? r : "";
    rows = n;
    total = t;
    report_pending = true;
    cv.notify_all();
    cv.wait(lock, [&] { return !report_pending || abandoned; });
    if (abandoned) stop();
  }
};

thread_local Watch* t_watch = nullptr;

std::string timeout_message(Watch& w, const WatchOptions& o) {
  std::string where, rows;
  {
    std::lock_guard<std::mutex> lock(w.m);
    where = w.path;
    if (!w.last_record.empty())
      rows = "; last progress: record " + w.last_record + ", " + std::to_string(w.last_rows) + " rows read";
  }
  std::string m = where.empty() ? std::string() : where + ": ";
  m += "the database" + (o.server.empty() ? std::string() : " (" + o.server + ")") + " sent nothing for " +
       std::to_string(w.limit(o.timeout_seconds)) + " s while icm was " + w.waiting_for.load() + rows + ", so " +
       (o.what.empty() ? std::string("the load") : o.what) +
       " gave up — the server may be paused, overloaded or unreachable; nothing from this load was kept (the "
       "limit is icm --query-timeout, or settings.ini [source] query_timeout)";
  return m;
}

}  // namespace

namespace watch {

void answered() {
  Watch* w = t_watch;
  if (w == nullptr) return;
  w->at_least.store(0, std::memory_order_relaxed);
  w->touch();
  if (w->abandoned.load(std::memory_order_relaxed)) Watch::stop();
}

void waiting(const char* what, const std::string* path, int at_least_seconds) {
  Watch* w = t_watch;
  if (w == nullptr) return;
  w->waiting_for.store(what);
  w->at_least.store(at_least_seconds, std::memory_order_relaxed);
  if (path != nullptr) {
    std::lock_guard<std::mutex> lock(w->m);
    w->path = *path;
  }
}

}  // namespace watch

namespace detail {

void run_watched(const WatchOptions& options, const ProgressFn& progress, std::function<void(const ProgressFn&)> work) {
  if (options.timeout_seconds <= 0) {
    work(progress);
    return;
  }
  auto w = std::make_shared<Watch>();
  std::thread worker([w, work = std::move(work)] {
    t_watch = w.get();
    try {
      work([w](const char* record, std::uint64_t rows, std::uint64_t total) { w->post(record, rows, total); });
    } catch (...) {
      std::lock_guard<std::mutex> lock(w->m);
      w->error = std::current_exception();
    }
    t_watch = nullptr;
    std::lock_guard<std::mutex> lock(w->m);
    w->done = true;
    w->cv.notify_all();
  });

  std::unique_lock<std::mutex> lock(w->m);
  for (;;) {
    if (w->done) {
      lock.unlock();
      worker.join();
      if (w->error) std::rethrow_exception(w->error);
      return;
    }
    if (w->report_pending) {
      const std::string record = w->record;
      const std::uint64_t rows = w->rows, total = w->total;
      lock.unlock();
      std::exception_ptr failed;
      try {
        if (progress) progress(record.c_str(), rows, total);
      } catch (...) {
        failed = std::current_exception();
      }
      lock.lock();
      w->last_record = record;
      w->last_rows = rows;
      w->report_pending = false;
      w->touch();  // time in the callback is not the server's silence
      if (failed) {  // as before the worker existed: the callback's exception ends the load
        w->abandoned = true;
        w->cv.notify_all();
        lock.unlock();
        worker.join();  // it was waiting for us, not for the server: it ends at once
        std::rethrow_exception(failed);
      }
      w->cv.notify_all();
      continue;
    }
    const Clock::time_point deadline = Clock::time_point(Clock::duration(w->last_answer.load())) +
                                       std::chrono::seconds(w->limit(options.timeout_seconds));
    if (Clock::now() >= deadline) break;
    w->cv.wait_until(lock, deadline);
  }
  w->abandoned = true;
  w->cv.notify_all();
  lock.unlock();
  const std::string message = timeout_message(*w, options);
  worker.detach();  // see load_watch.hpp: it ends at its next answer from the database
  throw Error(ErrorCode::source, message);
}

}  // namespace detail

}  // namespace icm
