// A session: one HR source read through a profile into a snapshot, and the datasets built
// from it on demand. This is what every face (C ABI, ODBC driver, CLI) opens.
//
// Generations: the snapshot a session serves, with the datasets built from it, is a generation
// (number 1 after open). refresh() loads a new one from the same source, profile and options and
// swaps it in only when the whole load succeeded; on failure the session keeps serving the
// previous generation unchanged. A generation lives as long as the session serves it or anything
// handed out from it (table()) still holds it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/datasets/datasets.hpp"
#include "core/model/settings.hpp"
#include "core/model/snapshot.hpp"

namespace icm {

class Publication;

// Progress of a long load: record name, rows read so far, rows expected (0 if unknown).
using ProgressFn = std::function<void(const char* record, std::uint64_t rows, std::uint64_t total)>;

struct SessionOptions {
  std::string connection;   // ODBC connection string ("DSN=hr" or "DRIVER=SQLite3;Database=…")
  std::string profile_dir;  // folder with <record>.sql files and settings.ini
  // Only the rows of this period in every dataset with a period column ("" = all). A filter of
  // the one protected publication: the whole source is loaded and protected as without it, so
  // no two requests can be set against each other. Opening fails when no data has the period.
  std::string period;
  int min_group_size = 0;   // 0 = from settings; otherwise overrides (floor 3 still holds)
  int login_timeout_seconds = 30;  // connecting gives up after this long (0 = the driver's default)
  // A load gives up when the database sends nothing for this long: a server that stopped
  // answering, not a long load (source/load_watch.hpp). -1 = settings.ini [source]
  // query_timeout (default 300); 0 = never.
  int query_timeout_seconds = -1;
  // Survey responses summarised by the database (docs/pushdown.md) instead of read row by row;
  // the datasets are the same either way. settings.ini [source] pushdown = yes does the same
  // for every face that opens the profile.
  bool pushdown = false;
  Lang lang = Lang::en;
  ProgressFn progress;      // may be empty; called on the thread that called open or refresh
};

class Session {
 public:
  // Loads the snapshot; throws icm::Error with a message naming what failed and where.
  static std::unique_ptr<Session> open(const SessionOptions& options);
  // For tests and benchmarks: a session over a snapshot built in memory. It cannot refresh.
  static std::unique_ptr<Session> from_snapshot(Snapshot snapshot, Settings settings, Lang lang);

  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // The current generation's snapshot. The reference is valid until the next successful
  // refresh() (or the session's end); a caller that may run concurrently with refresh() keeps
  // what it needs through table() instead.
  const Snapshot& snapshot() const;
  // Settings are read once at open (settings.ini + options) and kept by every generation.
  const Settings& settings() const { return settings_; }
  const std::vector<std::string>& dataset_names() const { return icm::dataset_names(); }

  // Built on first use per generation and cached; thread-safe. Throws Error(not_found) for
  // unknown names. The reference is valid until the next successful refresh() (or the session's
  // end): prefer table() when a refresh may happen meanwhile.
  const Table& dataset(const std::string& name);
  // The same table, sharing ownership of its generation: stays valid and unchanged however
  // many refreshes follow and after the session is gone. *generation (if given) receives the
  // number of the generation the table belongs to.
  std::shared_ptr<const Table> table(const std::string& name, std::uint64_t* generation = nullptr);

  // The current generation's protected publication (disclosure/publication.hpp): which cells
  // every dataset shows, and the information the protection cost. Built once per generation.
  std::shared_ptr<const Publication> publication();

  // Number of the generation being served: 1 after open, +1 per successful refresh().
  std::uint64_t generation() const;

  // Reloads the snapshot from the same source, profile and options (progress included) into a
  // new generation and publishes it atomically once the whole load succeeded. On failure throws
  // icm::Error (the loader's code, ErrorCode::source when the server or driver failed) whose
  // message says the refresh failed, which generation is still served, the profile file or last
  // record read and the driver's text (credentials redacted); the session keeps serving the
  // previous generation unchanged. Thread-safe: readers meanwhile see the old generation, then
  // the new one, never a mix; concurrent refreshes run one after the other.
  // Error(unsupported) for a session made by from_snapshot.
  void refresh();

 private:
  struct Generation;
  Session();
  std::shared_ptr<Generation> current() const;
  std::shared_ptr<const Publication> publication_of(Generation& gen) const;
  static void check_published(Generation& gen, const Settings& settings, const std::string& period);

  Settings settings_;
  Lang lang_ = Lang::en;
  bool refreshable_ = false;
  SessionOptions options_;           // what open() was given; reused by refresh()
  mutable std::mutex current_mutex_; // guards current_ (the pointer, not the generation)
  std::shared_ptr<Generation> current_;
  std::mutex refresh_mutex_;         // one refresh at a time
};

}  // namespace icm
