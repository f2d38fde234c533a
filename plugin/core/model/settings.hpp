// Settings: the declarative rules of a profile (settings.ini). Everything has a default that
// follows the seed documents, so an empty file is a valid configuration.
//
// The file is INI: `[section]`, `key = value`, `;` or `#` comments. Unknown sections or keys are
// errors naming file and line, so a typo never silently falls back to a default.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/snapshot.hpp"

namespace icm {

// Raw INI content with the line of every key, for precise error messages.
class IniFile {
 public:
  struct Entry {
    std::string value;
    int line = 0;
    bool used = false;
  };
  // Throws Error(data) naming path:line for malformed lines.
  static IniFile parse(const std::string& text, const std::string& path);
  static IniFile load(const std::string& path);  // missing file = empty settings

  const std::string& path() const { return path_; }
  // Marks the key used; nullptr when absent.
  const Entry* get(const std::string& section, const std::string& key) const;
  std::vector<std::string> sections() const;
  std::vector<std::string> keys(const std::string& section) const;
  // Throws Error(data) for the first key never read by get(): "path:line: unknown key …".
  void reject_unused() const;
  // "path:line" of a key, for messages.
  std::string where(const std::string& section, const std::string& key) const;

 private:
  std::string path_;
  std::map<std::string, std::map<std::string, Entry>> data_;
  std::map<std::string, int> section_line_;
};

// Where a grading input comes from.
struct InputSource {
  enum class Kind { kpi, setting, years, satisfaction } kind = Kind::setting;
  std::string metric;  // kind == kpi: the KPI metric name (latest period's value is used)
};

// A rule that sorts units into levels 1..3 (tiers 1/2/3, or grades A/B/C).
struct LevelRule {
  enum class Method { thresholds, weighted, quantiles } method = Method::thresholds;
  std::vector<std::string> inputs;  // factor names, e.g. {"contribution", "years", "importance"}
  // thresholds: level 1 needs every input >= level1_min[i]; else level 2 needs >= level2_min[i];
  // else level 3.
  std::vector<double> level1_min, level2_min;
  // weighted: composite = Σ weights[i] · (input scaled 0–100 by min–max across units) / Σ weights;
  // level 1 when composite >= cutoffs[0], level 2 when >= cutoffs[1], else 3.
  std::vector<double> weights;
  std::vector<double> cutoffs;
  // quantiles: the composite (as for weighted) ranks units; the top quantiles[0] share is level 1,
  // the next quantiles[1] share level 2, the rest level 3 (largest remainder counts).
  std::vector<double> quantiles;
};

struct AppraisalCriterion {
  std::string name;      // review criterion key, e.g. "service_quality"
  std::string label_en, label_zh;
  double weight = 0;     // percent; weights are normalised by their sum
  // Where the criterion's achievement comes from: reviews of this criterion (score scaled 0–100),
  // survey satisfaction of the subject as provider (mean index), or complaint handling
  // (percentage of complaints against the subject resolved within the SLA).
  enum class Source { review, satisfaction, complaints } source = Source::review;
  Direction direction = Direction::higher_is_better;
  double cap = 100;      // achievement is capped at this many points
};

struct Band {
  std::string name;        // e.g. "excellent"
  std::string label_en, label_zh;
  double min_score = 0;    // threshold banding: lowest total in this band
  double quota = 0;        // forced distribution share (0–1)
  std::string recommendation_en, recommendation_zh;
};

struct Settings {
  // [confidentiality]
  int min_group_size = 5;  // floor 3, enforced at load
  // When a period's opinions are published (docs/methods.md, "Refreshes"): closed_periods (the
  // default) shows a period only once it has ended, `closed_after_days` days after its last day,
  // so that refreshes during a survey cannot be set against each other; live shows every period
  // at once, with that residual risk.
  enum class Publish { closed_periods, live } publish = Publish::closed_periods;
  int closed_after_days = 0;

  // [survey]
  int top_box = 2;                 // top-k box
  std::string overall_dimension = "overall";
  std::vector<std::string> dimensions = {"service_quality", "attitude", "efficiency", "overall"};

  // [inputs]: where grading factors come from
  std::map<std::string, InputSource> inputs;
  // [importance] unit_id = value: per-unit settings for factors of kind "setting"
  std::map<std::string, std::map<std::string, double>> unit_settings;  // factor -> unit -> value

  // [tier], [grade]
  LevelRule tier, grade;

  // [appraisal], [criterion.NAME], [band.NAME]
  std::vector<AppraisalCriterion> criteria;
  std::vector<Band> bands;             // best first
  enum class Banding { thresholds, forced } banding = Banding::thresholds;
  enum class TiePolicy { together_up, together_down, split_by_key } tie_policy = TiePolicy::together_up;
  bool leniency_correction = false;

  // [complaints]
  double ack_sla_hours = 24, resolve_sla_hours = 72;

  // [period]
  std::string as_of;  // YYYY-MM-DD; "" = latest date in the data (and, for publishing, today)
  // end.LABEL = YYYY-MM-DD: the last day of a period whose label icm cannot read as a year,
  // half (YYYY-Hn), quarter (YYYY-Qn), month (YYYY-MM) or day.
  std::map<std::string, std::string> period_end;

  // [source]
  bool pushdown = false;  // the database summarises survey responses (docs/pushdown.md)
  // A load gives up when the database sends nothing for this long (0 = never): a server that
  // stopped answering, not a long load (docs/cli.md, --query-timeout).
  int query_timeout_seconds = 300;

  static Settings defaults();
  // Reads, validates and applies an INI file over the defaults. Throws Error(data) naming
  // path:line for every wrong value, unknown key or inconsistent rule.
  static Settings from_ini(const IniFile& ini);
  static Settings load(const std::string& path) { return from_ini(IniFile::load(path)); }
};

}  // namespace icm
