#include "core/model/settings.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.hpp"

namespace icm {

namespace {

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, ',')) {
    item = trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw Error(ErrorCode::data, where + ": " + what);
}

}  // namespace

IniFile IniFile::parse(const std::string& text, const std::string& path) {
  IniFile ini;
  ini.path_ = path;
  std::istringstream in(text);
  std::string raw, section;
  int line = 0;
  while (std::getline(in, raw)) {
    ++line;
    if (line == 1 && raw.rfind("\xEF\xBB\xBF", 0) == 0) raw.erase(0, 3);  // UTF-8 BOM
    std::string s = trim(raw);
    if (s.empty() || s[0] == ';' || s[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(line);
    if (s[0] == '[') {
      if (s.back() != ']') fail(where, "section header must end with ']': " + s);
      section = lower(trim(s.substr(1, s.size() - 2)));
      if (section.empty()) fail(where, "empty section name");
      if (ini.section_line_.count(section)) fail(where, "section [" + section + "] appears twice");
      ini.section_line_[section] = line;
      ini.data_[section];
      continue;
    }
    auto eq = s.find('=');
    if (eq == std::string::npos) fail(where, "expected 'key = value', got: " + s);
    if (section.empty()) fail(where, "key outside any [section]: " + s);
    std::string key = trim(s.substr(0, eq));
    std::string value = trim(s.substr(eq + 1));
    // Trailing comments after a value: " ; comment" (a ';' inside a value needs no space before it).
    for (const char* marker : {" ;", " #", "\t;", "\t#"}) {
      auto c = value.find(marker);
      if (c != std::string::npos) value = trim(value.substr(0, c));
    }
    if (key.empty()) fail(where, "empty key");
    auto& keys = ini.data_[section];
    if (keys.count(key)) fail(where, "key '" + key + "' appears twice in [" + section + "]");
    keys[key] = Entry{value, line, false};
  }
  return ini;
}

IniFile IniFile::load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    IniFile empty;
    empty.path_ = path;
    return empty;
  }
  std::ostringstream buf;
  buf << f.rdbuf();
  return parse(buf.str(), path);
}

const IniFile::Entry* IniFile::get(const std::string& section, const std::string& key) const {
  auto s = data_.find(section);
  if (s == data_.end()) return nullptr;
  auto k = s->second.find(key);
  if (k == s->second.end()) return nullptr;
  const_cast<Entry&>(k->second).used = true;  // bookkeeping only, for reject_unused()
  return &k->second;
}

std::vector<std::string> IniFile::sections() const {
  std::vector<std::string> out;
  for (const auto& [name, keys] : data_) out.push_back(name);
  return out;
}

std::vector<std::string> IniFile::keys(const std::string& section) const {
  std::vector<std::string> out;
  auto s = data_.find(section);
  if (s != data_.end())
    for (const auto& [k, e] : s->second) out.push_back(k);
  return out;
}

std::string IniFile::where(const std::string& section, const std::string& key) const {
  auto s = data_.find(section);
  if (s != data_.end()) {
    auto k = s->second.find(key);
    if (k != s->second.end()) return path_ + ":" + std::to_string(k->second.line);
    auto l = section_line_.find(section);
    if (l != section_line_.end()) return path_ + ":" + std::to_string(l->second);
  }
  return path_;
}

void IniFile::reject_unused() const {
  // Report in file order so the first typo is the one named.
  const Entry* first = nullptr;
  std::string first_section, first_key;
  for (const auto& [section, keys] : data_)
    for (const auto& [key, e] : keys)
      if (!e.used && (!first || e.line < first->line)) {
        first = &e;
        first_section = section;
        first_key = key;
      }
  if (first)
    fail(path_ + ":" + std::to_string(first->line),
         "unknown setting '" + first_key + "' in [" + first_section + "]");
}

namespace {

// Typed readers: each names file:line and the expected form on failure.
class Reader {
 public:
  explicit Reader(const IniFile& ini) : ini_(ini) {}

  bool text(const std::string& sec, const std::string& key, std::string& out) const {
    const auto* e = ini_.get(sec, key);
    if (!e) return false;
    out = e->value;
    return true;
  }
  bool number(const std::string& sec, const std::string& key, double& out) const {
    const auto* e = ini_.get(sec, key);
    if (!e) return false;
    out = parse_number(e->value, ini_.where(sec, key), key);
    return true;
  }
  bool integer(const std::string& sec, const std::string& key, int& out) const {
    double v;
    if (!number(sec, key, v)) return false;
    if (v != std::floor(v) || std::fabs(v) > 1e9)
      fail(ini_.where(sec, key), key + " must be a whole number, got " + ini_.get(sec, key)->value);
    out = static_cast<int>(v);
    return true;
  }
  bool boolean(const std::string& sec, const std::string& key, bool& out) const {
    const auto* e = ini_.get(sec, key);
    if (!e) return false;
    const std::string v = lower(e->value);
    if (v == "true" || v == "yes" || v == "on" || v == "1") out = true;
    else if (v == "false" || v == "no" || v == "off" || v == "0") out = false;
    else fail(ini_.where(sec, key), key + " must be true or false, got " + e->value);
    return true;
  }
  bool list(const std::string& sec, const std::string& key, std::vector<std::string>& out) const {
    const auto* e = ini_.get(sec, key);
    if (!e) return false;
    out = split_list(e->value);
    return true;
  }
  bool numbers(const std::string& sec, const std::string& key, std::vector<double>& out) const {
    const auto* e = ini_.get(sec, key);
    if (!e) return false;
    out.clear();
    for (const auto& item : split_list(e->value))
      out.push_back(parse_number(item, ini_.where(sec, key), key));
    return true;
  }
  std::string where(const std::string& sec, const std::string& key) const {
    return ini_.where(sec, key);
  }

 private:
  static double parse_number(const std::string& s, const std::string& where, const std::string& key) {
    errno = 0;
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v))
      fail(where, key + " must be a number, got '" + s + "'");
    return v;
  }
  const IniFile& ini_;
};

const char* kKnownFactors[] = {"importance", "contribution", "impact", "years", "satisfaction"};

InputSource parse_input(const std::string& value, const std::string& where) {
  InputSource src;
  const std::string v = lower(value);
  if (v.rfind("kpi:", 0) == 0) {
    src.kind = InputSource::Kind::kpi;
    src.metric = trim(value.substr(4));
    if (src.metric.empty()) fail(where, "kpi: needs a metric name, e.g. kpi:service_volume");
  } else if (v == "setting") {
    src.kind = InputSource::Kind::setting;
  } else if (v == "relations" || v == "years") {
    src.kind = InputSource::Kind::years;
  } else if (v == "survey" || v == "satisfaction") {
    src.kind = InputSource::Kind::satisfaction;
  } else {
    fail(where, "input source must be kpi:<metric>, setting, relations or survey; got '" + value + "'");
  }
  return src;
}

void read_rule(const Reader& r, const std::string& sec, LevelRule& rule,
               const std::map<std::string, InputSource>& inputs) {
  std::string method;
  if (r.text(sec, "method", method)) {
    const std::string m = lower(method);
    if (m == "thresholds") rule.method = LevelRule::Method::thresholds;
    else if (m == "weighted") rule.method = LevelRule::Method::weighted;
    else if (m == "quantiles") rule.method = LevelRule::Method::quantiles;
    else fail(r.where(sec, "method"), "method must be thresholds, weighted or quantiles; got '" + method + "'");
  }
  r.list(sec, "inputs", rule.inputs);
  r.numbers(sec, "level1_min", rule.level1_min);
  r.numbers(sec, "level2_min", rule.level2_min);
  r.numbers(sec, "weights", rule.weights);
  r.numbers(sec, "cutoffs", rule.cutoffs);
  r.numbers(sec, "quantiles", rule.quantiles);

  const std::string at = r.where(sec, "inputs");
  if (rule.inputs.empty()) fail(at, "[" + sec + "] needs at least one input");
  for (const auto& in : rule.inputs)
    if (!inputs.count(in))
      fail(at, "[" + sec + "] uses input '" + in + "', which [inputs] does not define");
  const std::size_t k = rule.inputs.size();
  switch (rule.method) {
    case LevelRule::Method::thresholds:
      if (rule.level1_min.size() != k || rule.level2_min.size() != k)
        fail(r.where(sec, "level1_min"), "[" + sec + "] thresholds need level1_min and level2_min with one value per input (" + std::to_string(k) + ")");
      break;
    case LevelRule::Method::weighted:
    case LevelRule::Method::quantiles:
      if (rule.weights.size() != k)
        fail(r.where(sec, "weights"), "[" + sec + "] needs weights with one value per input (" + std::to_string(k) + ")");
      for (double w : rule.weights)
        if (w < 0) fail(r.where(sec, "weights"), "weights must not be negative");
      if (rule.method == LevelRule::Method::weighted &&
          (rule.cutoffs.size() != 2 || rule.cutoffs[0] < rule.cutoffs[1]))
        fail(r.where(sec, "cutoffs"), "[" + sec + "] weighted needs cutoffs = level1, level2 with level1 >= level2 (0-100)");
      if (rule.method == LevelRule::Method::quantiles &&
          (rule.quantiles.size() != 2 || rule.quantiles[0] < 0 || rule.quantiles[1] < 0 ||
           rule.quantiles[0] + rule.quantiles[1] > 1))
        fail(r.where(sec, "quantiles"), "[" + sec + "] quantiles needs two shares >= 0 summing to at most 1");
      break;
  }
}

Direction parse_direction(const std::string& v, const std::string& where) {
  const std::string d = lower(v);
  if (d == "higher" || d == "higher_is_better") return Direction::higher_is_better;
  if (d == "lower" || d == "lower_is_better") return Direction::lower_is_better;
  fail(where, "direction must be higher or lower; got '" + v + "'");
}

}  // namespace

Settings Settings::defaults() {
  Settings s;
  using K = InputSource::Kind;
  s.inputs["importance"] = {K::kpi, "strategic_importance"};
  s.inputs["contribution"] = {K::kpi, "contribution_share"};
  s.inputs["impact"] = {K::kpi, "business_impact"};
  s.inputs["years"] = {K::years, ""};
  s.inputs["satisfaction"] = {K::satisfaction, ""};

  // Seeds, 第四条: tier 1 = large contribution, long cooperation, strategic; tier 2 = some
  // contribution, shorter cooperation, potential; tier 3 = the rest.
  s.tier.method = LevelRule::Method::thresholds;
  s.tier.inputs = {"contribution", "years", "importance"};
  s.tier.level1_min = {10, 3, 4};  // ≥10 % of service volume, ≥3 years, importance ≥4 of 5
  s.tier.level2_min = {3, 1, 0};   // ≥3 %, ≥1 year
  // Seeds, 第五条: A = high satisfaction and important impact; B = some of each; C = the rest.
  s.grade.method = LevelRule::Method::thresholds;
  s.grade.inputs = {"satisfaction", "impact"};
  s.grade.level1_min = {80, 4};  // index ≥80 of 100, impact ≥4 of 5
  s.grade.level2_min = {60, 2};

  // Seeds, 第七条: customer satisfaction, service quality, business knowledge, work attitude,
  // complaint-handling efficiency.
  using Src = AppraisalCriterion::Source;
  s.criteria = {
      {"customer_satisfaction", "Customer satisfaction", "客户满意度", 30, Src::satisfaction, Direction::higher_is_better, 100},
      {"service_quality", "Service quality", "服务质量", 25, Src::review, Direction::higher_is_better, 100},
      {"business_knowledge", "Business knowledge", "业务知识", 15, Src::review, Direction::higher_is_better, 100},
      {"work_attitude", "Work attitude", "工作态度", 15, Src::review, Direction::higher_is_better, 100},
      {"complaint_handling", "Complaint-handling efficiency", "客户投诉处理效率", 15, Src::complaints, Direction::higher_is_better, 100},
  };
  s.bands = {
      {"excellent", "Excellent", "优秀", 85, 0.2, "Reward", "奖励"},
      {"qualified", "Qualified", "合格", 60, 0.7, "No action", "维持"},
      {"needs_improvement", "Needs improvement", "待改进", 0, 0.1, "Improvement plan or penalty", "整改或处罚"},
  };
  return s;
}

Settings Settings::from_ini(const IniFile& ini) {
  Settings s = defaults();
  Reader r(ini);
  const std::vector<std::string> all_sections = ini.sections();

  for (const auto& sec : all_sections) {
    static const std::set<std::string> fixed = {"confidentiality", "survey", "inputs", "tier", "grade",
                                                "appraisal", "complaints", "period", "source"};
    if (fixed.count(sec) || sec.rfind("setting.", 0) == 0 || sec.rfind("criterion.", 0) == 0 ||
        sec.rfind("band.", 0) == 0)
      continue;
    fail(ini.where(sec, ""), "unknown section [" + sec + "]");
  }

  if (r.integer("confidentiality", "min_group_size", s.min_group_size) && s.min_group_size < 3)
    fail(r.where("confidentiality", "min_group_size"),
         "min_group_size " + std::to_string(s.min_group_size) + " is below the floor of 3");

  if (std::string v; r.text("confidentiality", "publish", v)) {
    if (lower(v) == "closed_periods") s.publish = Settings::Publish::closed_periods;
    else if (lower(v) == "live") s.publish = Settings::Publish::live;
    else fail(r.where("confidentiality", "publish"), "publish must be closed_periods or live; got '" + v + "'");
  }
  if (r.integer("confidentiality", "closed_after_days", s.closed_after_days) &&
      (s.closed_after_days < 0 || s.closed_after_days > 366))
    fail(r.where("confidentiality", "closed_after_days"), "closed_after_days must be 0 to 366");

  if (r.integer("survey", "top_box", s.top_box) && s.top_box < 1)
    fail(r.where("survey", "top_box"), "top_box must be at least 1");
  r.text("survey", "overall_dimension", s.overall_dimension);
  r.list("survey", "dimensions", s.dimensions);

  for (const auto& key : ini.keys("inputs"))
    s.inputs[key] = parse_input(ini.get("inputs", key)->value, ini.where("inputs", key));
  for (const auto& sec : ini.sections()) {
    if (sec.rfind("setting.", 0) != 0) continue;
    const std::string factor = sec.substr(8);
    auto& values = s.unit_settings[factor];
    for (const auto& unit : ini.keys(sec)) {
      double v;
      r.number(sec, unit, v);
      values[unit] = v;
    }
  }
  read_rule(r, "tier", s.tier, s.inputs);
  read_rule(r, "grade", s.grade, s.inputs);
  for (const auto& [name, src] : s.inputs) {
    bool known = std::find(std::begin(kKnownFactors), std::end(kKnownFactors), name) != std::end(kKnownFactors);
    if (!known && src.kind != InputSource::Kind::kpi && src.kind != InputSource::Kind::setting)
      fail(ini.where("inputs", name), "input '" + name + "' must come from kpi:<metric> or setting");
  }

  // Criteria: a list in [appraisal] replaces the defaults; [criterion.NAME] sections adjust or add.
  std::vector<std::string> names;
  if (r.list("appraisal", "criteria", names)) {
    std::vector<AppraisalCriterion> chosen;
    for (const auto& n : names) {
      auto it = std::find_if(s.criteria.begin(), s.criteria.end(), [&](const auto& c) { return c.name == n; });
      if (it != s.criteria.end()) chosen.push_back(*it);
      else if (std::find(all_sections.begin(), all_sections.end(), "criterion." + n) != all_sections.end()) {
        AppraisalCriterion c;
        c.name = c.label_en = c.label_zh = n;
        chosen.push_back(c);
      } else {
        fail(r.where("appraisal", "criteria"), "criterion '" + n + "' is neither a default nor has a [criterion." + n + "] section");
      }
    }
    s.criteria = chosen;
  }
  for (auto& c : s.criteria) {
    const std::string sec = "criterion." + c.name;
    r.number(sec, "weight", c.weight);
    if (c.weight < 0) fail(r.where(sec, "weight"), "weight must not be negative");
    std::string v;
    if (r.text(sec, "source", v)) {
      const std::string src = lower(v);
      if (src == "review") c.source = AppraisalCriterion::Source::review;
      else if (src == "satisfaction" || src == "survey") c.source = AppraisalCriterion::Source::satisfaction;
      else if (src == "complaints") c.source = AppraisalCriterion::Source::complaints;
      else fail(r.where(sec, "source"), "source must be review, satisfaction or complaints; got '" + v + "'");
    }
    if (r.text(sec, "direction", v)) c.direction = parse_direction(v, r.where(sec, "direction"));
    if (r.number(sec, "cap", c.cap) && c.cap <= 0) fail(r.where(sec, "cap"), "cap must be positive");
    r.text(sec, "label_en", c.label_en);
    r.text(sec, "label_zh", c.label_zh);
  }
  for (const auto& sec : ini.sections())
    if (sec.rfind("criterion.", 0) == 0 &&
        std::none_of(s.criteria.begin(), s.criteria.end(), [&](const auto& c) { return "criterion." + c.name == sec; }))
      fail(ini.where(sec, ""), "[" + sec + "] is not listed in [appraisal] criteria");
  double total_weight = 0;
  for (const auto& c : s.criteria) total_weight += c.weight;
  if (s.criteria.empty() || total_weight <= 0)
    fail(r.where("appraisal", "criteria"), "appraisal criteria need a positive total weight");

  std::vector<std::string> band_names;
  if (r.list("appraisal", "bands", band_names)) {
    std::vector<Band> chosen;
    for (const auto& n : band_names) {
      auto it = std::find_if(s.bands.begin(), s.bands.end(), [&](const auto& b) { return b.name == n; });
      Band b;
      if (it != s.bands.end()) b = *it;
      else b.name = b.label_en = b.label_zh = n;
      chosen.push_back(b);
    }
    s.bands = chosen;
  }
  for (auto& b : s.bands) {
    const std::string sec = "band." + b.name;
    r.number(sec, "min_score", b.min_score);
    r.number(sec, "quota", b.quota);
    r.text(sec, "label_en", b.label_en);
    r.text(sec, "label_zh", b.label_zh);
    r.text(sec, "recommendation_en", b.recommendation_en);
    r.text(sec, "recommendation_zh", b.recommendation_zh);
    if (b.quota < 0 || b.quota > 1) fail(r.where(sec, "quota"), "quota must be a share between 0 and 1");
  }
  for (const auto& sec : ini.sections())
    if (sec.rfind("band.", 0) == 0 &&
        std::none_of(s.bands.begin(), s.bands.end(), [&](const auto& b) { return "band." + b.name == sec; }))
      fail(ini.where(sec, ""), "[" + sec + "] is not listed in [appraisal] bands");
  if (s.bands.empty()) fail(r.where("appraisal", "bands"), "at least one band is needed");
  for (std::size_t i = 1; i < s.bands.size(); ++i)
    if (s.bands[i].min_score > s.bands[i - 1].min_score)
      fail(r.where("band." + s.bands[i].name, "min_score"), "bands are listed best first: min_score must not increase");

  std::string v;
  if (r.text("appraisal", "banding", v)) {
    if (lower(v) == "thresholds") s.banding = Banding::thresholds;
    else if (lower(v) == "forced") s.banding = Banding::forced;
    else fail(r.where("appraisal", "banding"), "banding must be thresholds or forced; got '" + v + "'");
  }
  if (s.banding == Banding::forced) {
    double q = 0;
    for (const auto& b : s.bands) q += b.quota;
    if (std::fabs(q - 1) > 1e-9)
      fail(r.where("appraisal", "banding"), "forced distribution needs band quotas summing to 1");
  }
  if (r.text("appraisal", "tie_policy", v)) {
    if (lower(v) == "together_up") s.tie_policy = TiePolicy::together_up;
    else if (lower(v) == "together_down") s.tie_policy = TiePolicy::together_down;
    else if (lower(v) == "split_by_key") s.tie_policy = TiePolicy::split_by_key;
    else fail(r.where("appraisal", "tie_policy"), "tie_policy must be together_up, together_down or split_by_key; got '" + v + "'");
  }
  r.boolean("appraisal", "leniency_correction", s.leniency_correction);

  if (r.number("complaints", "ack_sla_hours", s.ack_sla_hours) && s.ack_sla_hours <= 0)
    fail(r.where("complaints", "ack_sla_hours"), "ack_sla_hours must be positive");
  if (r.number("complaints", "resolve_sla_hours", s.resolve_sla_hours) && s.resolve_sla_hours <= 0)
    fail(r.where("complaints", "resolve_sla_hours"), "resolve_sla_hours must be positive");

  if (r.text("period", "as_of", s.as_of)) {
    Day d;
    if (!parse_date(s.as_of, d)) fail(r.where("period", "as_of"), "as_of must be a date YYYY-MM-DD; got '" + s.as_of + "'");
  }

  for (const auto& key : ini.keys("period")) {
    if (key.rfind("end.", 0) != 0) continue;
    std::string v;
    r.text("period", key, v);
    Day d;
    if (key.size() == 4 || !parse_date(v, d))
      fail(r.where("period", key), key + " must name a period and give its last day as YYYY-MM-DD; got '" + v + "'");
    s.period_end[key.substr(4)] = v;
  }

  r.boolean("source", "pushdown", s.pushdown);
  if (r.integer("source", "query_timeout", s.query_timeout_seconds) &&
      (s.query_timeout_seconds < 0 || s.query_timeout_seconds > 86400))
    fail(r.where("source", "query_timeout"), "query_timeout must be 0 (no limit) to 86400 seconds");

  ini.reject_unused();
  return s;
}

}  // namespace icm
