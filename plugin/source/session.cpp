#include "source/session.hpp"

#include <filesystem>
#include <set>
#include <string_view>
#include <utility>

#include "core/engines/complaints.hpp"
#include "core/privacy/publication.hpp"
#include "core/error.hpp"
#include "source/loader.hpp"

namespace icm {

// One snapshot and the datasets built from it. Never changes once published, except that its
// cache fills up; shared by the session (while current) and by every table taken from it.
struct Session::Generation {
  std::uint64_t number = 1;
  Snapshot snapshot;
  std::mutex cache_mutex;
  // The one protected publication every dataset of this generation is built from (built with
  // the first dataset asked for, under cache_mutex).
  std::shared_ptr<const Publication> publication;
  std::map<std::string, std::unique_ptr<Table>> cache;
};

Session::Session() = default;
Session::~Session() = default;

namespace {

// The loader always reads every period; the session's period only selects published rows.
SessionOptions load_options(const SessionOptions& options) {
  SessionOptions o = options;
  o.period.clear();
  return o;
}

// A period that matches nothing is said, not shown as empty tables.
void check_period(const Snapshot& s, const std::string& period) {
  if (period.empty() || s.periods.find(period) != kNoIndex) return;
  std::set<std::string> known(s.periods.values().begin(), s.periods.values().end());
  for (Instant t : s.complaints.opened_at)
    if (t != kNullInstant) known.insert(quarter_label(t));
  if (known.count(period)) return;
  std::string list;
  for (const auto& p : known) list += (list.empty() ? "" : ", ") + p;
  throw Error(ErrorCode::not_found, "no data has the period '" + period + "' (periods in the data: " +
                                        (list.empty() ? "none" : list) + ")");
}

}  // namespace

// A period that exists but is not published yet (Settings::publish) is said too; the
// publication it needs is built here, once, for the generation.
void Session::check_published(Generation& gen, const Settings& settings, const std::string& period) {
  gen.publication = Publication::protect(gen.snapshot, settings);
  const std::string why = gen.publication->withheld_reason(period);
  if (!why.empty())
    throw Error(ErrorCode::not_found, "period '" + period + "' is not published yet: " + why +
                                          " (settings.ini [confidentiality] publish, docs/methods.md)");
}

std::unique_ptr<Session> Session::open(const SessionOptions& options) {
  ICM_REQUIRE(!options.connection.empty(), "a connection string or DSN is required");
  ICM_REQUIRE(!options.profile_dir.empty(), "a profile folder is required");
  if (!std::filesystem::is_directory(options.profile_dir))
    throw Error(ErrorCode::not_found, "profile folder not found: " + options.profile_dir);
  if (options.min_group_size != 0 && options.min_group_size < 3)
    throw Error(ErrorCode::invalid_argument,
                "minimum group size " + std::to_string(options.min_group_size) +
                    " is below the confidentiality floor of 3");

  Settings settings = Settings::load((std::filesystem::path(options.profile_dir) / "settings.ini").string());
  if (options.min_group_size != 0) settings.min_group_size = options.min_group_size;

  std::unique_ptr<Session> s(new Session());
  auto gen = std::make_shared<Generation>();
  gen->snapshot = load_snapshot(load_options(options), settings);
  check_period(gen->snapshot, options.period);
  if (!options.period.empty()) check_published(*gen, settings, options.period);
  s->current_ = std::move(gen);
  s->settings_ = std::move(settings);
  s->lang_ = options.lang;
  s->options_ = options;
  s->refreshable_ = true;
  return s;
}

std::unique_ptr<Session> Session::from_snapshot(Snapshot snapshot, Settings settings, Lang lang) {
  ICM_REQUIRE(settings.min_group_size >= 3, "minimum group size is below the confidentiality floor of 3");
  std::unique_ptr<Session> s(new Session());
  auto gen = std::make_shared<Generation>();
  gen->snapshot = std::move(snapshot);
  s->current_ = std::move(gen);
  s->settings_ = std::move(settings);
  s->lang_ = lang;
  return s;
}

std::shared_ptr<Session::Generation> Session::current() const {
  std::lock_guard<std::mutex> lock(current_mutex_);
  return current_;
}

const Snapshot& Session::snapshot() const { return current()->snapshot; }

std::uint64_t Session::generation() const { return current()->number; }

// Under gen.cache_mutex.
std::shared_ptr<const Publication> Session::publication_of(Generation& gen) const {
  if (!gen.publication) gen.publication = Publication::protect(gen.snapshot, settings_);
  return gen.publication;
}

std::shared_ptr<const Publication> Session::publication() {
  std::shared_ptr<Generation> gen = current();
  std::lock_guard<std::mutex> lock(gen->cache_mutex);
  return publication_of(*gen);
}

std::shared_ptr<const Table> Session::table(const std::string& name, std::uint64_t* generation) {
  std::shared_ptr<Generation> gen = current();
  if (generation != nullptr) *generation = gen->number;
  std::lock_guard<std::mutex> lock(gen->cache_mutex);
  auto it = gen->cache.find(name);
  if (it == gen->cache.end()) {
    BuildContext ctx{gen->snapshot, settings_, lang_, publication_of(*gen)};
    auto built = std::make_unique<Table>(build_dataset(name, ctx));
    if (!options_.period.empty()) *built = rows_of_period(*built, options_.period);
    it = gen->cache.emplace(name, std::move(built)).first;
  }
  // Aliasing constructor: points at the table, owns (a share of) the whole generation.
  return std::shared_ptr<const Table>(gen, it->second.get());
}

const Table& Session::dataset(const std::string& name) { return *table(name); }

void Session::refresh() {
  if (!refreshable_)
    throw Error(ErrorCode::unsupported,
                "this session was made from an in-memory snapshot (Session::from_snapshot) and "
                "has no source to refresh from");
  std::lock_guard<std::mutex> one_at_a_time(refresh_mutex_);
  const std::uint64_t serving = generation();  // only refresh() changes it, and we hold the lock

  // The last progress report says how far the load got: a driver error while fetching rows
  // (e.g. the server went away) does not name the record itself.
  struct Last {
    std::string record;
    std::uint64_t rows = 0;
  } last;
  SessionOptions options = load_options(options_);
  options.progress = [&last, user = options_.progress](const char* record, std::uint64_t rows,
                                                       std::uint64_t total) {
    last.record = record != nullptr ? record : "";
    last.rows = rows;
    if (user) user(record, rows, total);
  };

  auto gen = std::make_shared<Generation>();
  gen->number = serving + 1;
  try {
    gen->snapshot = load_snapshot(options, settings_);
    check_period(gen->snapshot, options_.period);
    if (!options_.period.empty()) check_published(*gen, settings_, options_.period);
  } catch (const Error& e) {
    std::string message = "refresh failed, still serving generation " + std::to_string(serving) +
                          ": " + e.what();
    // Errors while preparing or executing a record's query already start with its .sql file.
    if (std::string_view(e.what()).find(".sql: ") == std::string_view::npos) {
      message += last.record.empty()
                     ? " (before the first record was read)"
                     : " (last progress: record " + last.record + ", " +
                           std::to_string(last.rows) + " rows read)";
    }
    throw Error(e.code(), message);
  }

  std::shared_ptr<Generation> old;
  {
    std::lock_guard<std::mutex> lock(current_mutex_);
    old = std::exchange(current_, std::move(gen));
  }
  // `old` lives on in the tables taken from it; otherwise it is freed here, outside the lock.
}

}  // namespace icm
