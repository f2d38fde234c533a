// The `units` dataset: every unit with its grading inputs, tier (一级/二级/三级客户) and grade
// (A/B/C级客户). Also the satisfaction adapter that grading and appraisal share.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/confidentiality.hpp"
#include "core/datasets.hpp"
#include "core/error.hpp"
#include "core/grading.hpp"
#include "core/stats/satisfaction.hpp"

namespace icm {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const char* kind_name(UnitKind k) {
  switch (k) {
    case UnitKind::department: return "department";
    case UnitKind::team: return "team";
    case UnitKind::employee: return "employee";
  }
  return "";
}

// Years since the earliest relation in which the unit is the customer, as of the snapshot's
// date, to one decimal (365.25-day years). NaN without a relation or without an as-of date.
std::vector<double> years_of_cooperation(const Snapshot& s) {
  std::vector<Day> first(s.units.size(), kNullDay);
  for (std::size_t r = 0; r < s.relations.size(); ++r) {
    const auto c = s.relations.customer[r];
    const Day d = s.relations.since[r];
    if (c >= first.size() || d == kNullDay) continue;
    if (first[c] == kNullDay || d < first[c]) first[c] = d;
  }
  std::vector<double> years(s.units.size(), kNaN);
  if (s.as_of == kNullDay) return years;
  for (std::size_t u = 0; u < years.size(); ++u)
    if (first[u] != kNullDay)
      years[u] = std::round(static_cast<double>(s.as_of - first[u]) / 365.25 * 10.0) / 10.0;
  return years;
}

// The unit's value of a KPI metric in the latest period (by label text) it has one.
std::vector<double> latest_kpi(const Snapshot& s, const std::string& metric) {
  std::vector<double> value(s.units.size(), kNaN);
  const auto m = s.kpis.metrics.find(metric);
  if (m == kNoIndex) return value;
  std::vector<std::uint32_t> period(s.units.size(), kNoIndex);
  for (std::size_t r = 0; r < s.kpis.size(); ++r) {
    const auto u = s.kpis.unit[r];
    if (s.kpis.metric[r] != m || u >= value.size()) continue;
    const auto p = s.kpis.period[r];
    if (period[u] == kNoIndex || s.periods.at(p) > s.periods.at(period[u])) {
      period[u] = p;
      value[u] = s.kpis.value[r];
    }
  }
  return value;
}

// Values of one grading factor per unit, from Settings::inputs (a factor not listed there is
// read by its name: "years", "satisfaction", else a per-unit setting).
std::vector<double> factor_values(const BuildContext& ctx, const std::string& factor,
                                  const std::vector<double>& years,
                                  const std::vector<UnitSatisfaction>& sat) {
  const Snapshot& s = ctx.snapshot;
  InputSource src;
  if (auto it = ctx.settings.inputs.find(factor); it != ctx.settings.inputs.end())
    src = it->second;
  else if (factor == "years")
    src.kind = InputSource::Kind::years;
  else if (factor == "satisfaction")
    src.kind = InputSource::Kind::satisfaction;
  switch (src.kind) {
    case InputSource::Kind::years: return years;
    case InputSource::Kind::kpi: return latest_kpi(s, src.metric);
    case InputSource::Kind::satisfaction: {
      std::vector<double> v(sat.size());
      for (std::size_t u = 0; u < sat.size(); ++u) v[u] = sat[u].index;  // NaN when suppressed
      return v;
    }
    case InputSource::Kind::setting: break;
  }
  std::vector<double> v(s.units.size(), kNaN);
  auto f = ctx.settings.unit_settings.find(factor);
  if (f == ctx.settings.unit_settings.end()) return v;
  for (std::size_t u = 0; u < v.size(); ++u)
    if (auto it = f->second.find(s.units.ids.at(static_cast<std::uint32_t>(u)));
        it != f->second.end())
      v[u] = it->second;
  return v;
}

// Levels of the active units under a rule; inactive units are not classified (0), so a unit
// that no longer exists cannot take a share of the quantile levels.
std::vector<int> levels_of(const LevelRule& rule, const BuildContext& ctx,
                           const std::vector<double>& years,
                           const std::vector<UnitSatisfaction>& sat) {
  const auto& units = ctx.snapshot.units;
  std::vector<int> out(units.size(), 0);
  if (rule.inputs.empty() || units.size() == 0) return out;
  std::vector<std::size_t> active;
  for (std::size_t u = 0; u < units.size(); ++u)
    if (units.active[u]) active.push_back(u);
  std::vector<std::vector<double>> inputs;
  for (const auto& factor : rule.inputs) {
    const auto all = factor_values(ctx, factor, years, sat);
    std::vector<double> v;
    for (auto u : active) v.push_back(all[u]);
    inputs.push_back(std::move(v));
  }
  const auto levels = classify(rule, inputs);
  for (std::size_t i = 0; i < active.size(); ++i) out[active[i]] = levels[i];
  return out;
}

}  // namespace

namespace {

// Each unit followed by its ancestors (the loader rejects parent cycles, so chains end).
std::vector<std::vector<std::uint32_t>> self_and_ancestors(const UnitTable& units) {
  std::vector<std::vector<std::uint32_t>> chain(units.size());
  for (std::size_t u = 0; u < units.size(); ++u) {
    for (auto a = static_cast<std::uint32_t>(u); a != kNoIndex && chain[u].size() <= units.size();
         a = units.parent[a])
      chain[u].push_back(a);
  }
  return chain;
}

// Distinct respondents per unit: a bitmap of units × respondents when it is small (the usual
// case: 60 units × 20,000 people is 150 KB), else sorted (unit, respondent) pairs.
class DistinctCounter {
 public:
  DistinctCounter(std::size_t units, std::size_t respondents)
      : units_(units), respondents_(respondents),
        dense_(units * respondents <= (std::size_t{1} << 30)) {
    if (dense_) bits_.assign((units * respondents + 63) / 64, 0);
  }
  void add(std::uint32_t unit, std::uint32_t respondent) {
    if (dense_) {
      const std::size_t bit = static_cast<std::size_t>(unit) * respondents_ + respondent;
      bits_[bit >> 6] |= std::uint64_t{1} << (bit & 63);
    } else {
      pairs_.push_back((static_cast<std::uint64_t>(unit) << 32) | respondent);
    }
  }
  std::vector<std::uint64_t> counts() {
    std::vector<std::uint64_t> out(units_, 0);
    if (dense_) {
      for (std::size_t u = 0; u < units_; ++u)
        for (std::size_t r = 0; r < respondents_; ++r) {
          const std::size_t bit = u * respondents_ + r;
          out[u] += (bits_[bit >> 6] >> (bit & 63)) & 1;
        }
    } else {
      std::sort(pairs_.begin(), pairs_.end());
      pairs_.erase(std::unique(pairs_.begin(), pairs_.end()), pairs_.end());
      for (auto p : pairs_) ++out[p >> 32];
    }
    return out;
  }

 private:
  std::size_t units_, respondents_;
  bool dense_;
  std::vector<std::uint64_t> bits_;
  std::vector<std::uint64_t> pairs_;
};

// Which units' satisfaction must be hidden. Roll-ups make the unit tree a hierarchy of groups,
// so the rule of the satisfaction dataset applies: a unit below the threshold is hidden, and
// complementary suppression among the sub-units of each visible parent stops a hidden team
// being recovered as "department minus the visible teams". A hidden parent hides all its
// descendants (they could otherwise rebuild it, and through it a hidden sibling).
std::vector<std::uint8_t> hidden_in_tree(const UnitTable& units,
                                         const std::vector<std::vector<std::uint32_t>>& chain,
                                         const std::vector<std::uint64_t>& respondents, int threshold) {
  const std::size_t n = units.size();
  std::vector<std::uint8_t> hidden(n, 0);
  std::vector<std::vector<std::uint32_t>> children(n);
  std::vector<std::uint32_t> by_depth(n);
  for (std::uint32_t u = 0; u < n; ++u) {
    by_depth[u] = u;
    if (units.parent[u] != kNoIndex && respondents[u] > 0) children[units.parent[u]].push_back(u);
    if (respondents[u] > 0 && respondents[u] < static_cast<std::uint64_t>(threshold)) hidden[u] = 1;
  }
  std::stable_sort(by_depth.begin(), by_depth.end(),
                   [&](auto a, auto b) { return chain[a].size() < chain[b].size(); });
  // Siblings in key order: ties in suppress_group go to the earlier one, and that must not
  // depend on the order the source listed the units in.
  std::vector<std::uint32_t> order(n);
  for (std::uint32_t u = 0; u < n; ++u) order[u] = u;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return units.ids.at(a) < units.ids.at(b); });
  std::vector<std::uint32_t> rank(n);
  for (std::uint32_t i = 0; i < n; ++i) rank[order[i]] = i;
  for (auto& kids : children) std::sort(kids.begin(), kids.end(), [&](auto a, auto b) { return rank[a] < rank[b]; });
  std::vector<std::uint64_t> sizes;
  for (auto p : by_depth) {
    const auto& kids = children[p];
    if (kids.empty()) continue;
    if (hidden[p]) {
      for (auto c : kids) hidden[c] = 1;
      continue;
    }
    sizes.clear();
    for (auto c : kids) sizes.push_back(respondents[c]);
    const GroupSuppression g = suppress_group(respondents[p], sizes, threshold);
    for (std::size_t i = 0; i < kids.size(); ++i) hidden[kids[i]] |= g.child_hidden[i];
  }
  return hidden;
}

}  // namespace

std::vector<UnitSatisfaction> unit_satisfaction(const Snapshot& s, const Settings& settings,
                                                SatisfactionRole role, std::uint32_t period) {
  const auto& r = s.responses;
  const std::size_t units = s.units.size();
  std::vector<UnitSatisfaction> out(units);
  const auto dim = r.dimensions.find(settings.overall_dimension);
  if (dim == kNoIndex || units == 0) return out;
  const auto& unit_of = role == SatisfactionRole::customer ? r.customer : r.provider;
  // A unit's satisfaction includes its sub-units': a department as a customer is the sum of the
  // answers its teams gave (and the same for providers).
  const auto chain = self_and_ancestors(s.units);

  // Periods compared by label text, through a rank table so the hot loop compares integers.
  std::vector<std::uint32_t> order(s.periods.size());
  for (std::uint32_t p = 0; p < order.size(); ++p) order[p] = p;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return s.periods.at(a) < s.periods.at(b); });
  std::vector<std::uint32_t> rank(order.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;

  std::vector<std::uint32_t> chosen(units, period);
  if (period == kLatestPeriod)
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (r.dimension[i] != dim || unit_of[i] >= units) continue;
      for (auto u : chain[unit_of[i]])
        if (chosen[u] == kLatestPeriod || rank[r.period[i]] > rank[chosen[u]]) chosen[u] = r.period[i];
    }

  // One histogram per (unit, scale): the exact sufficient statistic of each group.
  const std::size_t scales = r.scales.size();
  std::vector<stats::ScoreHistogram> hist(units * scales);
  for (std::size_t sc = 0; sc < scales; ++sc)
    for (std::size_t u = 0; u < units; ++u)
      hist[u * scales + sc] = stats::ScoreHistogram(r.scales[sc].min, r.scales[sc].max);
  DistinctCounter people(units, r.respondents.size());
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (r.dimension[i] != dim || unit_of[i] >= units) continue;
    for (auto u : chain[unit_of[i]]) {
      if (r.period[i] != chosen[u]) continue;
      hist[u * scales + r.scale[i]].add_unchecked(r.score[i], r.weight_of(i));
      people.add(u, r.respondent[i]);
    }
  }
  const auto respondents = people.counts();
  const int threshold = effective_min_group_size(settings);
  for (std::size_t u = 0; u < units; ++u) out[u].respondents = respondents[u];
  const auto hidden = hidden_in_tree(s.units, chain, respondents, threshold);
  for (std::size_t u = 0; u < units; ++u) {
    if (out[u].respondents == 0) continue;
    if (hidden[u]) {
      out[u].suppressed = true;
      continue;
    }
    double weighted = 0, n = 0;
    for (std::size_t sc = 0; sc < scales; ++sc) {
      const auto& h = hist[u * scales + sc];
      if (h.n() == 0) continue;
      weighted += stats::mean_index(h) * static_cast<double>(h.n());
      n += static_cast<double>(h.n());
    }
    out[u].index = weighted / n;
  }
  return out;
}

Table build_units(const BuildContext& ctx) {
  const Snapshot& s = ctx.snapshot;
  const auto years = years_of_cooperation(s);
  const auto sat = unit_satisfaction(s, ctx.settings, SatisfactionRole::customer, kLatestPeriod);
  // A suppressed satisfaction is NaN in the grading inputs, so a grade rule that uses
  // satisfaction leaves the unit ungraded (NULL) instead of revealing the hidden value.
  const auto tiers = levels_of(ctx.settings.tier, ctx, years, sat);
  const auto grades = levels_of(ctx.settings.grade, ctx, years, sat);
  const auto contribution = factor_values(ctx, "contribution", years, sat);
  const auto importance = factor_values(ctx, "importance", years, sat);
  const auto impact = factor_values(ctx, "impact", years, sat);

  Table t("units");
  t.add_column("unit_id", ColumnType::text, "Unit ID", "单位编号");
  t.add_column("name", ColumnType::text, "Unit", "单位名称");
  t.add_column("parent_id", ColumnType::text, "Parent unit ID", "上级单位编号");
  t.add_column("kind", ColumnType::text, "Kind", "单位类型");
  t.add_column("active", ColumnType::boolean, "Active", "是否有效");
  t.add_column("years_cooperation", ColumnType::real, "Years of cooperation", "合作年限");
  t.add_column("contribution", ColumnType::real, "Contribution", "贡献度");
  t.add_column("importance", ColumnType::real, "Importance", "重要程度");
  t.add_column("impact", ColumnType::real, "Business impact", "业务影响");
  t.add_column("satisfaction", ColumnType::real, "Satisfaction (index 0-100)", "满意度(0-100)");
  t.add_column("tier", ColumnType::integer, "Tier", "客户层级");
  t.add_column("tier_label", ColumnType::text, "Tier (label)", "客户类别");
  t.add_column("grade", ColumnType::text, "Grade", "客户级别");
  t.add_column("grade_label", ColumnType::text, "Grade (label)", "客户级别名称");
  t.add_column("satisfaction_suppressed", ColumnType::boolean, "Satisfaction suppressed",
               "满意度已隐藏");
  const Lang lang = ctx.lang;
  for (std::size_t u = 0; u < s.units.size(); ++u) {
    const auto id = static_cast<std::uint32_t>(u);
    auto row = t.append();
    row.text(s.units.ids.at(id)).text(s.units.name[u]);
    if (s.units.parent[u] == kNoIndex) row.null(); else row.text(s.units.ids.at(s.units.parent[u]));
    row.text(kind_name(s.units.kind[u])).boolean(s.units.active[u]);
    row.real(years[u]).real(contribution[u]).real(importance[u]).real(impact[u]).real(sat[u].index);
    if (tiers[u] == 0) row.null().null();
    else row.integer(tiers[u]).text(level_label(LevelKind::tier, tiers[u], lang));
    if (grades[u] == 0) row.null().null();
    else row.text(grade_letter(grades[u])).text(level_label(LevelKind::grade, grades[u], lang));
    row.boolean(sat[u].suppressed);
  }
  return t;
}

}  // namespace icm
