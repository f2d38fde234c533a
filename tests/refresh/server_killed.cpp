// refresh.server_killed: the PostgreSQL server is stopped (immediate shutdown, as a crash) while
// icm_session_refresh loads. The refresh must fail with ICM_E_SOURCE and a clear message, the
// session must keep serving generation 1 unchanged, and after the server is back a refresh must
// succeed with identical data. Uses the C API only, as an HR system would.
//
// Usage: icm_refresh_server_killed SERVERS_DIR PROFILE_DIR
//   SERVERS_DIR: tools/test-servers.sh's DIR (servers.env), loaded by tests/backends/load_sample.py
// Exit status 0 = pass; every failed check is printed. PostgreSQL is restarted (same data
// directory and port) before exiting whatever happened, so later tests and backends.stop work.
#include "refresh_common.hpp"

using namespace refresh_test;

namespace {

// The server under test and how to stop and start it.
struct Server {
  std::string bin, data, socket_dir, port;
  bool stopped = false;

  bool run(const std::string& args) const {
    // As `postgres`, from a directory it may enter; pg_ctl's own output goes to its log.
    const std::string cmd = "cd / && runuser -u postgres -- " + bin + "/pg_ctl " + args;
    return std::system(cmd.c_str()) == 0;
  }
  void kill() {
    // Immediate shutdown: the postmaster and every backend quit at once, without closing
    // connections cleanly — what a crash or a power cut looks like from the client.
    stopped = run("stop -D " + data + " -m immediate -w -t 20 >/dev/null 2>&1");
    if (!stopped) std::printf("could not stop PostgreSQL in %s\n", data.c_str());
  }
  bool restart() {
    if (!stopped) return true;
    stopped = !run("start -D " + data + " -l " + socket_dir + "/server.log -w -t 60 -o \"" +
                   "-c listen_addresses=127.0.0.1 -c port=" + port +
                   " -c unix_socket_directories=" + socket_dir +
                   " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                   " -c max_connections=20 -c shared_buffers=32MB\" >/dev/null");
    return !stopped;
  }
  ~Server() {
    if (stopped && !restart()) std::printf("could not restart PostgreSQL in %s\n", data.c_str());
  }
};

struct Kill {
  Server* server = nullptr;
  bool armed = false;
  std::string killed_after;  // "record rows" of the report that triggered the kill
};

void on_progress(void* user, const char* record, uint64_t rows, uint64_t) {
  auto* k = static_cast<Kill*>(user);
  // survey_response is the largest record and the 4th of 8 in load order: the server goes away
  // in the middle of its rows (the loader reports every 10,000 rows; the backends sample has
  // 30,000), with records behind and ahead.
  if (!k->armed || !k->killed_after.empty() || std::string(record) != "survey_response") return;
  k->killed_after = std::string(record) + " " + std::to_string(rows);
  k->server->kill();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SERVERS_DIR PROFILE_DIR\n", argv[0]);
    return 2;
  }
  const fs::path dir = argv[1];
  const auto env = read_env(dir / "servers.env");
  for (const char* key : {"ICM_TEST_PG_PORT", "ICM_TEST_PG_SOCKET_DIR", "ICM_TEST_PASSWORD",
                          "ICM_TEST_USER", "ICM_TEST_DATABASE"})
    if (!env.count(key)) {
      std::fprintf(stderr, "%s: no %s (servers not started?)\n", (dir / "servers.env").c_str(), key);
      return 1;
    }
  quiet_odbcinst(dir / "odbcinst-refresh");

  Server server;
  server.bin = pg_bin();
  server.port = env.at("ICM_TEST_PG_PORT");
  server.socket_dir = env.at("ICM_TEST_PG_SOCKET_DIR");
  server.data = server.socket_dir + "/data";
  if (server.bin.empty()) {
    std::fprintf(stderr, "PostgreSQL is not installed\n");
    return 1;
  }
  const std::string password = env.at("ICM_TEST_PASSWORD");
  const std::string connection = "DRIVER={PostgreSQL Unicode};Server=127.0.0.1;Port=" + server.port +
                                 ";Database=" + env.at("ICM_TEST_DATABASE") +
                                 ";UID=" + env.at("ICM_TEST_USER") + ";PWD=" + password +
                                 // A server-side cursor: psqlODBC otherwise reads the whole result
                                 // at execute, and the kill would land after the rows arrived.
                                 ";UseDeclareFetch=1;Fetch=1000";

  Kill kill;
  kill.server = &server;
  icm_session_options o = ICM_SESSION_OPTIONS_INIT;
  o.connection = connection.c_str();
  o.profile_dir = argv[2];
  o.progress = on_progress;
  o.progress_user = &kill;
  icm_session* session = nullptr;
  if (icm_session_open(&o, &session) != ICM_OK) {
    std::printf("FAIL: icm_session_open: %s\n", icm_last_error());
    return 1;
  }
  check(icm_session_generation(session) == 1, "generation 1 after open");
  Tables before;
  check(take_all(session, before, 1), "every dataset of generation 1");
  const auto dumps = before.dumps();

  kill.armed = true;
  const icm_status st = icm_session_refresh(session);
  kill.armed = false;
  const std::string msg = icm_session_errmsg(session);
  std::printf("server stopped after progress \"%s\"; refresh: %s: %s\n", kill.killed_after.c_str(),
              icm_status_string(st), msg.c_str());
  check(server.stopped, "the server was stopped during the refresh");
  check(st == ICM_E_SOURCE, "the refresh fails with ICM_E_SOURCE");
  check(msg.find("refresh failed, still serving generation 1: ") == 0, "the message says so");
  check(msg.find(".sql") != std::string::npos || msg.find("record ") != std::string::npos,
        "the message names the record");
  check(msg.find(password) == std::string::npos, "the message does not show the password");
  check(icm_session_generation(session) == 1, "the session still serves generation 1");
  check(before.dumps() == dumps, "tables taken before the refresh are unchanged");
  {
    Tables during;
    check(take_all(session, during, 1), "datasets asked for after the failure are generation 1");
    check(during.dumps() == dumps, "... and identical");
  }

  // Back up (the same data directory and port), the next refresh succeeds.
  check(server.restart(), "PostgreSQL restarted");
  const icm_status again = icm_session_refresh(session);
  check(again == ICM_OK, std::string("refresh after the restart: ") +
                             (again == ICM_OK ? "ok" : icm_session_errmsg(session)));
  check(icm_session_generation(session) == 2, "generation 2 after it");
  {
    Tables after;
    check(take_all(session, after, 2), "datasets of generation 2");
    check(after.dumps() == dumps, "... identical to generation 1");
  }
  icm_session_close(session);
  check(before.dumps() == dumps, "generation 1 tables outlive the session");
  std::printf("%s\n", failures == 0 ? "PASS" : "FAILED");
  return failures == 0 ? 0 : 1;
}
