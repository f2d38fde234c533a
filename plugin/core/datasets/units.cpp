// The `units` dataset: every unit with its grading inputs, tier (一级/二级/三级客户) and grade
// (A/B/C级客户). A unit's satisfaction as a customer, and whether it may be shown, come from the
// publication (disclosure/publication.hpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/datasets/datasets.hpp"
#include "core/privacy/publication.hpp"
#include "core/error.hpp"
#include "core/engines/grading.hpp"
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

Table build_units(const BuildContext& ctx) {
  const Snapshot& s = ctx.snapshot;
  const auto years = years_of_cooperation(s);
  const auto publication = publication_for(ctx);
  const std::vector<UnitSatisfaction>& sat = publication->customer_satisfaction();
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
