// Query and read timeouts that hold even when the server cannot help: a load runs on a worker
// thread, and the caller gives up when the database has sent nothing for `timeout` seconds.
//
// Why not the drivers' own timeouts: a server paused (SIGSTOP, a frozen VM) still acknowledges
// TCP, so keepalives never fire; psqlODBC's SQL_ATTR_QUERY_TIMEOUT is the server's
// statement_timeout, which a stopped server never runs; SQLCancel may itself block. The clock
// restarts at every answer (a block of rows, a statement that returned), so a long load that
// keeps receiving rows never times out: only silence does.
//
// On timeout the caller throws Error(source) with the message and returns; the worker is
// abandoned, not killed. It owns everything it uses (the work must not refer to the caller's
// stack), receives no more progress callbacks, and ends at its next answer from the database
// (the server resumes, the driver's own socket timeout fires on MariaDB, or the connection
// breaks): watch::answered() then throws and the load unwinds, rolling back and disconnecting.
// A process may exit meanwhile; the stuck thread ends with it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "source/session.hpp"

namespace icm {

struct WatchOptions {
  int timeout_seconds = 0;   // <= 0: no timeout, the work runs on the calling thread
  std::string server;        // for the message: "PostgreSQL at 127.0.0.1:5432" …
  std::string what;          // for the message: "the load", "the privilege check" …
};

namespace detail {
void run_watched(const WatchOptions& options, const ProgressFn& progress,
                 std::function<void(const ProgressFn&)> work);
}  // namespace detail

// Runs work(progress) and returns its result. progress reports from the worker reach the
// caller's `progress` on the calling thread (as before the worker existed), one at a time;
// the worker waits meanwhile, and the time spent in the callback never counts as silence.
template <class T>
T run_watched(const WatchOptions& options, const ProgressFn& progress, std::function<T(const ProgressFn&)> work) {
  auto result = std::make_shared<std::optional<T>>();  // the worker's, kept alive by it
  detail::run_watched(options, progress, [result, work = std::move(work)](const ProgressFn& p) { *result = work(p); });
  return std::move(**result);
}

namespace watch {
// Called on a loading thread each time the database answered (a driver call returned).
// Throws Error(source) once the load was abandoned after a timeout, so the worker unwinds.
void answered();
// What the loading thread is about to wait for ("running the query", "reading rows" …), and
// for which profile file (nullptr: keep the current one). `at_least_seconds` > 0 lets this one
// wait last that long even if the timeout is shorter (connecting: the login timeout decides).
// No-ops outside a watched load.
void waiting(const char* what, const std::string* path = nullptr, int at_least_seconds = 0);
}  // namespace watch

}  // namespace icm
