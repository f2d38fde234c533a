// A session: one HR source read through a profile into a snapshot, and the datasets built
// from it on demand. This is what every face (C ABI, ODBC driver, CLI) opens.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/datasets.hpp"
#include "core/settings.hpp"
#include "core/snapshot.hpp"

namespace icm {

// Progress of a long load: record name, rows read so far, rows expected (0 if unknown).
using ProgressFn = std::function<void(const char* record, std::uint64_t rows, std::uint64_t total)>;

struct SessionOptions {
  std::string connection;   // ODBC connection string ("DSN=hr" or "DRIVER=SQLite3;Database=…")
  std::string profile_dir;  // folder with <record>.sql files and settings.ini
  std::string period;       // bound as :period in profile queries that use it; "" = all
  int min_group_size = 0;   // 0 = from settings; otherwise overrides (floor 3 still holds)
  Lang lang = Lang::en;
  ProgressFn progress;      // may be empty
};

class Session {
 public:
  // Loads the snapshot; throws icm::Error with a message naming what failed and where.
  static std::unique_ptr<Session> open(const SessionOptions& options);
  // For tests and benchmarks: a session over a snapshot built in memory.
  static std::unique_ptr<Session> from_snapshot(Snapshot snapshot, Settings settings, Lang lang);

  const Snapshot& snapshot() const { return snapshot_; }
  const Settings& settings() const { return settings_; }
  const std::vector<std::string>& dataset_names() const { return icm::dataset_names(); }
  // Built on first use and cached; thread-safe. Throws Error(not_found) for unknown names.
  const Table& dataset(const std::string& name);

 private:
  Session() = default;
  Snapshot snapshot_;
  Settings settings_;
  Lang lang_ = Lang::en;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Table>> cache_;
};

}  // namespace icm
