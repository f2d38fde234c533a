// The `complaints` dataset: complaint-handling KPIs per against-unit × quarter, plus one
// "all units" row per quarter (unit_id "*").
//
// Choices, documented here and in the column labels:
//  - period = the calendar quarter (UTC) of opened_at, "YYYY-Qn"; the service volume KPI is
//    matched by that same period label.
//  - open complaints are judged against the SLA at the end of Snapshot::as_of (UTC midnight of
//    the next day); without an as-of date they are not judged.
//  - counts are not confidential; follow-up satisfaction is an opinion of people (one per
//    follow-up score), so it is NULL and suppressed = 1 when the publication hides it: below the
//    minimum group size, or to stop it being subtracted out of the all-units row. No score at all
//    is "no data" (NULL, suppressed = 0).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/engines/complaints.hpp"
#include "core/datasets/datasets.hpp"
#include "core/privacy/publication.hpp"

namespace icm {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint32_t kAllUnits = kNoIndex;  // group key of the "all units" row

// Service volume per (unit, period label); the metric is fixed by the brief: `service_volume`.
std::map<std::pair<std::uint32_t, std::string>, double> service_volumes(const Snapshot& s) {
  std::map<std::pair<std::uint32_t, std::string>, double> out;
  const auto m = s.kpis.metrics.find("service_volume");
  if (m == kNoIndex) return out;
  for (std::size_t r = 0; r < s.kpis.size(); ++r)
    if (s.kpis.metric[r] == m && !std::isnan(s.kpis.value[r]))
      out[{s.kpis.unit[r], s.periods.at(s.kpis.period[r])}] = s.kpis.value[r];
  return out;
}

void add_complaint(ComplaintGroup& g, const ComplaintTable& c, std::size_t i, bool followed,
                   const double* scores_begin, const double* scores_end) {
  g.opened_at.push_back(c.opened_at[i]);
  g.acknowledged_at.push_back(c.acknowledged_at[i]);
  g.resolved_at.push_back(c.resolved_at[i]);
  g.followed_up.push_back(followed);
  g.follow_up_index.insert(g.follow_up_index.end(), scores_begin, scores_end);
}

}  // namespace

Table build_complaints(const BuildContext& ctx) {
  const Snapshot& s = ctx.snapshot;
  const ComplaintTable& c = s.complaints;
  const bool zh = ctx.lang == Lang::zh;

  // Follow-up scores (0–100 index) per complaint as one flat array with offsets.
  std::vector<bool> followed(c.size(), false);
  std::vector<std::uint32_t> first_score(c.size() + 1, 0);
  std::vector<double> fu_index(s.follow_ups.size());
  for (std::size_t f = 0; f < s.follow_ups.size(); ++f) {
    const auto k = s.follow_ups.complaint[f];
    fu_index[f] = follow_up_index(s.follow_ups.score[f], s.follow_ups.scale[f]);
    if (k >= c.size()) continue;
    followed[k] = true;
    if (!std::isnan(fu_index[f])) ++first_score[k + 1];
  }
  for (std::size_t k = 0; k < c.size(); ++k) first_score[k + 1] += first_score[k];
  std::vector<double> scores(first_score.back());
  {
    std::vector<std::uint32_t> next(first_score.begin(), first_score.end() - 1);
    for (std::size_t f = 0; f < s.follow_ups.size(); ++f) {
      const auto k = s.follow_ups.complaint[f];
      if (k < c.size() && !std::isnan(fu_index[f])) scores[next[k]++] = fu_index[f];
    }
  }

  // Complaints ordered by (quarter, unit): each run is one group, and a quarter's runs together
  // are its "all units" group. One sort instead of a string-keyed map lookup per complaint.
  struct Keyed {
    std::int64_t quarter;
    std::uint32_t unit, row;
  };
  std::vector<Keyed> order;
  order.reserve(c.size());
  for (std::size_t i = 0; i < c.size(); ++i)
    if (c.opened_at[i] != kNullInstant)
      order.push_back({quarter_key(c.opened_at[i]), c.against_unit[i], static_cast<std::uint32_t>(i)});
  std::sort(order.begin(), order.end(), [](const Keyed& a, const Keyed& b) {
    return a.quarter != b.quarter ? a.quarter < b.quarter : a.unit != b.unit ? a.unit < b.unit : a.row < b.row;
  });
  const auto volumes = service_volumes(s);
  ComplaintPolicy policy;
  policy.ack_sla_hours = ctx.settings.ack_sla_hours;
  policy.resolve_sla_hours = ctx.settings.resolve_sla_hours;
  if (s.as_of != kNullDay) policy.as_of = (static_cast<Instant>(s.as_of) + 1) * 86400;
  const auto publication = publication_for(ctx);

  Table t("complaints");
  t.add_column("unit_id", ColumnType::text, "Unit ID (* = all units)", "被投诉单位编号(*=全部)");
  t.add_column("unit_name", ColumnType::text, "Unit", "被投诉单位");
  t.add_column("period", ColumnType::text, "Quarter opened", "投诉季度");
  t.add_column("complaints", ColumnType::integer, "Complaints", "投诉数");
  t.add_column("resolved_pct", ColumnType::real, "Resolved %", "已解决率%");
  t.add_column("ack_mean_h", ColumnType::real, "Time to acknowledge, mean (h)", "平均受理时长(小时)");
  t.add_column("ack_median_h", ColumnType::real, "Time to acknowledge, median (h)", "受理时长中位数(小时)");
  t.add_column("ack_p90_h", ColumnType::real, "Time to acknowledge, P90 (h)", "受理时长P90(小时)");
  t.add_column("resolve_mean_h", ColumnType::real, "Time to resolve, mean (h)", "平均处理时长(小时)");
  t.add_column("resolve_median_h", ColumnType::real, "Time to resolve, median (h)", "处理时长中位数(小时)");
  t.add_column("resolve_p90_h", ColumnType::real, "Time to resolve, P90 (h)", "处理时长P90(小时)");
  t.add_column("sla_breach_pct", ColumnType::real, "SLA breach %", "超时率%");
  t.add_column("follow_up_pct", ColumnType::real, "Follow-up completion %", "回访完成率%");
  t.add_column("follow_up_satisfaction", ColumnType::real, "Follow-up satisfaction (0-100)",
               "回访满意度(0-100)");
  t.add_column("rate_per_1000", ColumnType::real, "Complaints per 1,000 service requests",
               "投诉率(每千次服务)");
  t.add_column("suppressed", ColumnType::boolean, "Suppressed", "已隐藏");

  auto write_row = [&](std::uint32_t unit, std::int64_t quarter, const std::string& period,
                       const ComplaintGroup& g, double rate_override) {
    const auto st = summarize_complaints(g, policy);
    // No follow-up score at all is "no data", not a hidden value.
    const bool suppressed = st.follow_up_scores > 0 && publication->follow_up_hidden(unit, quarter);
    auto row = t.append();
    if (unit == kAllUnits)
      row.text("*").text(zh ? "全部单位" : "All units");
    else
      row.text(s.units.ids.at(unit)).text(s.units.name.at(unit));
    row.text(period).integer(static_cast<std::int64_t>(st.complaints)).real(st.resolved_pct);
    row.real(st.ack_mean_h).real(st.ack_median_h).real(st.ack_p90_h);
    row.real(st.resolve_mean_h).real(st.resolve_median_h).real(st.resolve_p90_h);
    row.real(st.sla_breach_pct).real(st.follow_up_pct);
    row.real(suppressed ? kNaN : st.follow_up_satisfaction);
    row.real(unit == kAllUnits ? rate_override : st.rate_per_1000);
    row.boolean(suppressed);
  };
  auto add = [&](ComplaintGroup& g, std::uint32_t row) {
    add_complaint(g, c, row, followed[row], scores.data() + first_score[row],
                  scores.data() + first_score[row + 1]);
  };

  for (std::size_t q = 0; q < order.size();) {
    std::size_t q_end = q;
    while (q_end < order.size() && order[q_end].quarter == order[q].quarter) ++q_end;
    const std::string period = quarter_label(c.opened_at[order[q].row]);
    // The total's rate counts only complaints against units that report a volume, over the
    // volume of every unit reporting one, so units without the KPI do not inflate the rate.
    double total_volume = 0, counted = 0;
    for (const auto& [key, v] : volumes)
      if (key.second == period) total_volume += v;
    ComplaintGroup all;
    for (std::size_t u = q; u < q_end;) {
      std::size_t u_end = u;
      while (u_end < q_end && order[u_end].unit == order[u].unit) ++u_end;
      ComplaintGroup g;
      for (std::size_t i = u; i < u_end; ++i) {
        add(g, order[i].row);
        add(all, order[i].row);
      }
      if (auto v = volumes.find({order[u].unit, period}); v != volumes.end()) {
        g.service_volume = v->second;
        counted += static_cast<double>(u_end - u);
      }
      write_row(order[u].unit, order[q].quarter, period, g, kNaN);
      u = u_end;
    }
    write_row(kAllUnits, order[q].quarter, period, all, total_volume > 0 ? counted / total_volume * 1000.0 : kNaN);
    q = q_end;
  }
  return t;
}

}  // namespace icm
