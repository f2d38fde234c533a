// refresh.server_paused_<backend>: the server is paused (SIGSTOP to every one of its
// processes) in the middle of a load, as a frozen VM or a stopped container looks from the
// client: its kernel still acknowledges TCP, so no driver notices. With settings.ini [source]
// query_timeout = 3, icm_session_open and icm_session_refresh must each fail with ICM_E_SOURCE
// within the limit plus a small margin, with the timeout message (file, server, seconds, no
// password); the refreshed session keeps serving generation 1 unchanged; the abandoned loading
// thread must end once the server answers again (PostgreSQL: after SIGCONT; MariaDB: already
// while paused, through the READ_TIMEOUT icm sets); and after the server resumes a refresh
// succeeds with identical data. Uses the C API only, as an HR system would.
//
// Usage: icm_refresh_server_paused SERVERS_DIR PROFILE_DIR postgresql|mariadb
// Exit status 0 = pass; every failed check is printed. The server is always resumed.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include "refresh_common.hpp"

using namespace refresh_test;

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kTimeout = 3;        // settings.ini [source] query_timeout of the copied profile
constexpr double kMargin = 2.0;    // what "within the limit" allows on a busy 2-core machine

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

int read_pid(const fs::path& file) {
  std::ifstream in(file);
  int pid = 0;
  in >> pid;
  return pid;
}

// The process and its children (PostgreSQL: postmaster and backends), by pid from /proc.
std::vector<int> process_tree(int root) {
  std::vector<int> pids = {root};
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(e.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    int ppid = 0;
    rest >> state >> ppid;
    if (ppid == root) pids.push_back(std::stoi(name));
  }
  return pids;
}

int threads_of_this_process() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return -1;
}

struct Pause {
  int root = 0;
  std::vector<int> pids;
  bool paused = false;
  Clock::time_point at;
  void stop() {
    pids = process_tree(root);
    for (int pid : pids) ::kill(pid, SIGSTOP);
    paused = true;
    at = Clock::now();
  }
  void resume() {
    for (int pid : pids) ::kill(pid, SIGCONT);
    paused = false;
  }
  ~Pause() {
    if (paused) resume();
  }
};

struct Trigger {
  Pause* pause = nullptr;
  bool armed = false;
  std::string at;  // the progress report that paused the server
};

void on_progress(void* user, const char* record, uint64_t rows, uint64_t) {
  auto* t = static_cast<Trigger*>(user);
  // survey_response is the 4th of 8 records and the largest: records behind and ahead. The
  // callback runs while the loading thread waits for it, so the pause lands exactly here.
  if (!t->armed || !t->at.empty() || std::string(record) != "survey_response") return;
  t->at = std::string(record) + " " + std::to_string(rows);
  t->pause->stop();
}

// Waits up to `seconds` for the abandoned loading thread to end.
bool threads_back_to(int baseline, double seconds) {
  const auto start = Clock::now();
  while (since(start) < seconds) {
    if (threads_of_this_process() <= baseline) {
      std::printf("  (the loading thread ended %.1f s later)\n", since(start));
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

void check_timeout_message(const std::string& msg, const std::string& password, const std::string& server) {
  check(msg.find("sent nothing for 3 s") != std::string::npos, "the message says how long");
  check(msg.find(".sql: ") != std::string::npos, "the message names the profile file");
  check(msg.find(server) != std::string::npos, "the message names the server (" + server + ")");
  check(msg.find("query_timeout") != std::string::npos, "the message says where the limit is set");
  check(msg.find(password) == std::string::npos, "the message does not show the password");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s SERVERS_DIR PROFILE_DIR postgresql|mariadb\n", argv[0]);
    return 2;
  }
  const fs::path dir = argv[1];
  const std::string backend = argv[3];
  const auto env = read_env(dir / "servers.env");
  for (const char* key : {"ICM_TEST_PG_PORT", "ICM_TEST_PG_SOCKET_DIR", "ICM_TEST_MARIADB_PORT", "ICM_TEST_PASSWORD",
                          "ICM_TEST_USER", "ICM_TEST_DATABASE"})
    if (!env.count(key)) {
      std::fprintf(stderr, "%s: no %s (servers not started?)\n", (dir / "servers.env").c_str(), key);
      return 1;
    }
  quiet_odbcinst(dir / "odbcinst-paused");
  const std::string password = env.at("ICM_TEST_PASSWORD");
  const bool pg = backend == "postgresql";
  const std::string port = env.at(pg ? "ICM_TEST_PG_PORT" : "ICM_TEST_MARIADB_PORT");
  const std::string server = "127.0.0.1:" + port;
  // PostgreSQL: a server-side cursor, so rows really are still on the server when it pauses.
  // MariaDB Connector/ODBC keeps a result client-side: the next record's query then waits.
  const std::string connection =
      (pg ? "DRIVER={PostgreSQL Unicode};UseDeclareFetch=1;Fetch=1000;" : "DRIVER={MariaDB Unicode};") +
      std::string("Server=127.0.0.1;Port=") + port + ";Database=" + env.at("ICM_TEST_DATABASE") +
      ";UID=" + env.at("ICM_TEST_USER") + ";PWD=" + password;

  // The sample profile with the limit in its settings.ini (the C API has no option for it).
  const fs::path profile = dir / ("profile-paused-" + backend);
  fs::remove_all(profile);
  fs::copy(argv[2], profile);
  std::ofstream(profile / "settings.ini", std::ios::app) << "\n[source]\nquery_timeout = " << kTimeout << "\n";

  Pause pause;
  pause.root = pg ? read_pid(fs::path(env.at("ICM_TEST_PG_SOCKET_DIR")) / "data" / "postmaster.pid")
                  : read_pid(dir / "mariadb" / "mariadbd.pid");
  if (pause.root <= 1) {
    std::fprintf(stderr, "no pid of the %s server\n", backend.c_str());
    return 1;
  }
  Trigger trigger;
  trigger.pause = &pause;
  icm_session_options o = ICM_SESSION_OPTIONS_INIT;
  o.connection = connection.c_str();
  const std::string profile_dir = profile.string();
  o.profile_dir = profile_dir.c_str();
  o.progress = on_progress;
  o.progress_user = &trigger;

  const int baseline = threads_of_this_process();

  // 1. icm_session_open while the server pauses mid-load.
  {
    trigger.armed = true;
    icm_session* s = nullptr;
    const icm_status st = icm_session_open(&o, &s);
    const double waited = pause.paused ? since(pause.at) : -1;
    const std::string msg = icm_last_error();
    trigger.armed = false;
    std::printf("open: paused after \"%s\", failed after %.2f s: %s\n", trigger.at.c_str(), waited, msg.c_str());
    check(pause.paused, "the server was paused during the open");
    check(st == ICM_E_SOURCE && s == nullptr, "the open fails with ICM_E_SOURCE");
    check(waited >= kTimeout - 0.5 && waited <= kTimeout + kMargin, "... within the limit (3 s + 2 s margin)");
    check_timeout_message(msg, password, server);
    icm_session_close(s);
    // MariaDB: the driver's READ_TIMEOUT (limit + 5 s) frees the abandoned thread while paused.
    if (!pg) check(threads_back_to(baseline, kTimeout + 5 + 6), "the abandoned load ended while the server is paused");
    pause.resume();
    trigger.at.clear();
    check(threads_back_to(baseline, 15), "the abandoned load ended once the server answered");
  }

  // 2. icm_session_refresh: fails the same way, generation 1 keeps serving.
  icm_session* session = nullptr;
  if (icm_session_open(&o, &session) != ICM_OK) {
    std::printf("FAIL: icm_session_open: %s\n", icm_last_error());
    return 1;
  }
  check(icm_session_generation(session) == 1, "generation 1 after open");
  Tables before;
  check(take_all(session, before, 1), "every dataset of generation 1");
  const auto dumps = before.dumps();

  trigger.armed = true;
  const icm_status st = icm_session_refresh(session);
  const double waited = pause.paused ? since(pause.at) : -1;
  trigger.armed = false;
  const std::string msg = icm_session_errmsg(session);
  std::printf("refresh: paused after \"%s\", failed after %.2f s: %s\n", trigger.at.c_str(), waited, msg.c_str());
  check(pause.paused, "the server was paused during the refresh");
  check(st == ICM_E_SOURCE, "the refresh fails with ICM_E_SOURCE");
  check(waited >= kTimeout - 0.5 && waited <= kTimeout + kMargin, "... within the limit (3 s + 2 s margin)");
  check(msg.find("refresh failed, still serving generation 1: ") == 0, "the message says so");
  check_timeout_message(msg, password, server);
  check(icm_session_generation(session) == 1, "the session still serves generation 1");
  {
    Tables during;
    check(take_all(session, during, 1), "datasets asked for while the server is paused are generation 1");
    check(during.dumps() == dumps, "... and identical");
  }
  pause.resume();
  check(threads_back_to(baseline, 15), "the abandoned refresh ended once the server answered");

  const icm_status again = icm_session_refresh(session);
  check(again == ICM_OK, std::string("refresh after the server resumed: ") +
                             (again == ICM_OK ? "ok" : icm_session_errmsg(session)));
  check(icm_session_generation(session) == 2, "generation 2 after it");
  {
    Tables after;
    check(take_all(session, after, 2), "datasets of generation 2");
    check(after.dumps() == dumps, "... identical to generation 1");
  }
  icm_session_close(session);
  fs::remove_all(profile);
  std::printf("%s\n", failures == 0 ? "PASS" : "FAILED");
  return failures == 0 ? 0 : 1;
}
