// The validated snapshot: every logical record of DESIGN §3.1 held as compact columns with
// dictionary-coded keys. Filled once by a loader (plugin/source) or a test, then treated as
// immutable by the engines. Rows that failed validation are not here; they are counted in
// `rejects` with their reasons, so every row read is accounted for.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace icm {

// Dates are days since 1970-01-01 (proleptic Gregorian); instants are seconds since
// 1970-01-01T00:00:00Z. NULL is the type's minimum.
using Day = std::int32_t;
using Instant = std::int64_t;
inline constexpr Day kNullDay = std::numeric_limits<Day>::min();
inline constexpr Instant kNullInstant = std::numeric_limits<Instant>::min();
inline constexpr std::uint32_t kNoIndex = std::numeric_limits<std::uint32_t>::max();

// Interns strings to dense ids 0..size()-1 in first-seen order.
class Dictionary {
 public:
  std::uint32_t intern(std::string_view s) {
    auto it = index_.find(s);
    if (it != index_.end()) return it->second;
    auto id = static_cast<std::uint32_t>(values_.size());
    values_.emplace_back(s);
    index_.emplace(values_.back(), id);
    return id;
  }
  // kNoIndex when absent.
  std::uint32_t find(std::string_view s) const {
    auto it = index_.find(s);
    return it == index_.end() ? kNoIndex : it->second;
  }
  const std::string& at(std::uint32_t id) const { return values_.at(id); }
  std::size_t size() const { return values_.size(); }
  const std::vector<std::string>& values() const { return values_; }

 private:
  std::vector<std::string> values_;
  // Transparent hashing: look-ups take a string_view without building a std::string (the
  // loader interns millions of keys straight from ODBC buffers).
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view v) const noexcept { return std::hash<std::string_view>{}(v); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> index_;
};

enum class UnitKind : std::uint8_t { department = 0, team = 1, employee = 2 };

// Organisation units (departments, teams, and employees when they are surveyed/appraised as
// units). Row i is unit i; `ids` is the dictionary of unit keys, so ids.at(i) is row i's key.
struct UnitTable {
  Dictionary ids;
  std::vector<std::string> name;
  std::vector<std::uint32_t> parent;  // row index, kNoIndex for roots
  std::vector<UnitKind> kind;
  std::vector<bool> active;
  std::size_t size() const { return name.size(); }
};

struct RelationTable {  // provider serves customer since a date
  std::vector<std::uint32_t> provider, customer;  // unit rows
  std::vector<Day> since;
  std::size_t size() const { return provider.size(); }
};

struct EmployeeTable {
  Dictionary ids;
  std::vector<std::uint32_t> unit;  // unit row
  std::vector<Day> hire_date;       // kNullDay when unknown
  std::vector<bool> active;
  std::size_t size() const { return unit.size(); }
};

// A score scale [min, max] with integer bounds; responses refer to scales by index.
struct Scale {
  std::int16_t min = 1, max = 5;
  friend bool operator==(const Scale&, const Scale&) = default;
};

// Survey responses: the big table (up to 10^7+ rows), 20 bytes a row.
struct ResponseTable {
  std::vector<std::uint32_t> respondent;  // index into respondents
  std::vector<std::uint32_t> provider;    // unit row of the serving unit
  std::vector<std::uint32_t> customer;    // unit row of the answering (customer) unit
  std::vector<std::uint16_t> period;      // index into Snapshot::periods
  std::vector<std::uint16_t> item;        // index into items
  std::vector<std::uint8_t> dimension;    // index into dimensions
  std::vector<std::uint8_t> scale;        // index into scales
  std::vector<std::int16_t> score;        // integer score within scales[scale]
  // How many identical answers row i stands for. Empty when every row is one answer (a
  // row-by-row load); a pushdown load fills it, one row per respondent × group × score with its
  // count, and leaves `item` at the single item "" (items are not summarised).
  std::vector<std::uint32_t> weight;
  Dictionary respondents, items, dimensions;
  std::vector<Scale> scales;
  std::size_t size() const { return score.size(); }  // rows, not answers: see answers()
  std::uint32_t weight_of(std::size_t row) const { return weight.empty() ? 1u : weight[row]; }
  std::uint64_t answers() const {
    if (weight.empty()) return score.size();
    std::uint64_t n = 0;
    for (auto w : weight) n += w;
    return n;
  }
  std::uint8_t scale_index(Scale s) {
    for (std::size_t i = 0; i < scales.size(); ++i)
      if (scales[i] == s) return static_cast<std::uint8_t>(i);
    scales.push_back(s);
    return static_cast<std::uint8_t>(scales.size() - 1);
  }
};

struct ComplaintTable {
  Dictionary ids;
  std::vector<std::uint32_t> from_unit, against_unit;  // unit rows
  std::vector<Instant> opened_at, acknowledged_at, resolved_at;  // kNullInstant = not yet
  std::vector<std::uint8_t> status;    // index into statuses (e.g. open, resolved, closed)
  std::vector<std::uint8_t> severity;  // index into severities
  std::vector<std::uint8_t> category;  // index into categories
  Dictionary statuses, severities, categories;
  std::size_t size() const { return opened_at.size(); }
};

struct FollowUpTable {  // 回访: a visit after a complaint, with the complainant's score
  std::vector<std::uint32_t> complaint;  // complaint row
  std::vector<Instant> visited_at;
  std::vector<double> score;             // NaN when no score was given
  std::vector<Scale> scale;
  std::size_t size() const { return complaint.size(); }
};

// Appraisal inputs: one score of one subject on one criterion by one rater.
struct ReviewTable {
  std::vector<std::uint32_t> subject;    // index into subjects (unit or employee keys)
  std::vector<std::uint16_t> period;     // index into Snapshot::periods
  std::vector<std::uint16_t> criterion;  // index into criteria
  std::vector<double> score;
  std::vector<double> scale_min, scale_max;
  std::vector<double> weight;            // NaN when the row gives none (settings decide)
  std::vector<std::uint32_t> rater;      // index into raters
  std::vector<std::uint8_t> rater_role;  // index into rater_roles
  Dictionary subjects, criteria, raters, rater_roles;
  std::size_t size() const { return score.size(); }
};

enum class Direction : std::uint8_t { higher_is_better = 0, lower_is_better = 1 };

struct KpiTable {
  std::vector<std::uint32_t> unit;      // unit row
  std::vector<std::uint16_t> period;    // index into Snapshot::periods
  std::vector<std::uint16_t> metric;    // index into metrics
  std::vector<double> value, target;    // target NaN when none
  std::vector<Direction> direction;
  Dictionary metrics;
  std::size_t size() const { return value.size(); }
};

// The eight logical records, in DESIGN §3.1 order.
enum class Record : std::uint8_t {
  unit, relation, employee, survey_response, complaint, follow_up, review, kpi
};
inline constexpr int kRecordCount = 8;
const char* record_name(Record r);  // "unit", "relation", … "kpi"

// One rejected row, kept as an example for `icm check` and the data_quality dataset.
struct RejectExample {
  std::uint64_t row = 0;  // 1-based row number in the record's query result
  std::string column;     // column at fault ("" when the row as a whole is at fault)
  std::string value;      // offending value as text (never a credential)
  std::string code;       // reason code, the key of RecordAccount::rejected_by_reason
  std::string reason;     // human text, e.g. "score 7 outside scale [1, 5]"
};

// Accounting of one record: read == accepted + rejected, always.
struct RecordAccount {
  bool present = false;  // the profile fills this record
  std::uint64_t read = 0, accepted = 0, rejected = 0;
  std::unordered_map<std::string, std::uint64_t> rejected_by_reason;  // reason code -> count
  std::vector<RejectExample> examples;                                  // first few per reason
  // Pushdown (survey_response only): rows the database summarised into `groups` groups, and
  // rows icm fetched and checked one by one. All zero for a row-by-row load.
  std::uint64_t summarised = 0, groups = 0, checked_by_icm = 0;
};

struct Snapshot {
  UnitTable units;
  RelationTable relations;
  EmployeeTable employees;
  ResponseTable responses;
  ComplaintTable complaints;
  FollowUpTable follow_ups;
  ReviewTable reviews;
  KpiTable kpis;
  Dictionary periods;  // period labels; ordered by label text when a time order is needed
  RecordAccount accounts[kRecordCount];
  Day as_of = kNullDay;  // "today" for years of cooperation; set by the loader

  RecordAccount& account(Record r) { return accounts[static_cast<int>(r)]; }
  const RecordAccount& account(Record r) const { return accounts[static_cast<int>(r)]; }
};

// The rank of each value by its text (ties keep their order): the canonical order rows and cells
// are listed in, so that nothing depends on the order rows were loaded in.
std::vector<std::uint32_t> ranks_by_text(const std::vector<std::string>& texts);

// Calendar helpers (civil-from-days, Howard Hinnant's algorithm).
Day days_from_civil(int y, unsigned m, unsigned d);
void civil_from_days(Day z, int& y, unsigned& m, unsigned& d);
// Parses "YYYY-MM-DD" (a time part after it is ignored); returns false on malformed input.
bool parse_date(std::string_view text, Day& out);
// Parses "YYYY-MM-DD[ T]HH:MM[:SS[.fff]]" or a bare date (midnight) as UTC.
bool parse_instant(std::string_view text, Instant& out);
std::string format_date(Day d);

}  // namespace icm
