// A small hand-made company for the dataset tests; every expected value in
// datasets_test.cpp is worked by hand from these rows (and R where a quantile is involved).
#pragma once

#include <cmath>
#include <string>

#include "core/model/settings.hpp"
#include "core/model/snapshot.hpp"

namespace icm::test {

inline Instant instant(int y, unsigned m, unsigned d, double hours = 0) {
  return static_cast<Instant>(days_from_civil(y, m, d)) * 86400 +
         static_cast<Instant>(std::llround(hours * 3600));
}

inline void add_unit(Snapshot& s, const std::string& id, const std::string& name,
                     std::uint32_t parent, UnitKind kind, bool active) {
  s.units.ids.intern(id);
  s.units.name.push_back(name);
  s.units.parent.push_back(parent);
  s.units.kind.push_back(kind);
  s.units.active.push_back(active);
}

inline void add_relation(Snapshot& s, std::uint32_t provider, std::uint32_t customer, Day since) {
  s.relations.provider.push_back(provider);
  s.relations.customer.push_back(customer);
  s.relations.since.push_back(since);
}

inline void add_response(Snapshot& s, const std::string& who, std::uint32_t provider,
                         std::uint32_t customer, const std::string& period,
                         const std::string& dimension, Scale scale, int score) {
  auto& r = s.responses;
  r.respondent.push_back(r.respondents.intern(who));
  r.provider.push_back(provider);
  r.customer.push_back(customer);
  r.period.push_back(static_cast<std::uint16_t>(s.periods.intern(period)));
  r.item.push_back(static_cast<std::uint16_t>(r.items.intern(dimension)));
  r.dimension.push_back(static_cast<std::uint8_t>(r.dimensions.intern(dimension)));
  r.scale.push_back(r.scale_index(scale));
  r.score.push_back(static_cast<std::int16_t>(score));
}

inline void add_kpi(Snapshot& s, std::uint32_t unit, const std::string& period,
                    const std::string& metric, double value) {
  auto& k = s.kpis;
  k.unit.push_back(unit);
  k.period.push_back(static_cast<std::uint16_t>(s.periods.intern(period)));
  k.metric.push_back(static_cast<std::uint16_t>(k.metrics.intern(metric)));
  k.value.push_back(value);
  k.target.push_back(std::nan(""));
  k.direction.push_back(Direction::higher_is_better);
}

// ack/resolve in hours after opening; NaN = not yet.
inline std::uint32_t add_complaint(Snapshot& s, std::uint32_t against, Instant opened, double ack_h,
                                   double resolve_h) {
  auto& c = s.complaints;
  const auto row = static_cast<std::uint32_t>(c.size());
  c.ids.intern("C" + std::to_string(row + 1));
  c.from_unit.push_back(0);
  c.against_unit.push_back(against);
  c.opened_at.push_back(opened);
  c.acknowledged_at.push_back(std::isnan(ack_h) ? kNullInstant : opened + std::llround(ack_h * 3600));
  c.resolved_at.push_back(std::isnan(resolve_h) ? kNullInstant
                                                : opened + std::llround(resolve_h * 3600));
  c.status.push_back(static_cast<std::uint8_t>(c.statuses.intern(std::isnan(resolve_h) ? "open" : "resolved")));
  c.severity.push_back(static_cast<std::uint8_t>(c.severities.intern("normal")));
  c.category.push_back(static_cast<std::uint8_t>(c.categories.intern("service")));
  return row;
}

inline void add_follow_up(Snapshot& s, std::uint32_t complaint, double score, Scale scale) {
  s.follow_ups.complaint.push_back(complaint);
  s.follow_ups.visited_at.push_back(s.complaints.resolved_at.at(complaint) + 86400);
  s.follow_ups.score.push_back(score);
  s.follow_ups.scale.push_back(scale);
}

inline void add_review(Snapshot& s, const std::string& subject, const std::string& period,
                       const std::string& criterion, double score, const std::string& rater,
                       double weight = std::nan("")) {
  auto& r = s.reviews;
  r.subject.push_back(r.subjects.intern(subject));
  r.period.push_back(static_cast<std::uint16_t>(s.periods.intern(period)));
  r.criterion.push_back(static_cast<std::uint16_t>(r.criteria.intern(criterion)));
  r.score.push_back(score);
  r.scale_min.push_back(1);
  r.scale_max.push_back(5);
  r.weight.push_back(weight);
  r.rater.push_back(r.raters.intern(rater));
  r.rater_role.push_back(static_cast<std::uint8_t>(r.rater_roles.intern("manager")));
}

// Units: 0 D1 Sales, 1 D2 Finance, 2 T1 Sales Team A (under D1), 3 D3 Old (inactive).
inline Snapshot company() {
  Snapshot s;
  s.as_of = days_from_civil(2024, 7, 1);
  add_unit(s, "D1", "Sales", kNoIndex, UnitKind::department, true);
  add_unit(s, "D2", "Finance", kNoIndex, UnitKind::department, true);
  add_unit(s, "T1", "Sales Team A", 0, UnitKind::team, true);
  add_unit(s, "D3", "Old", kNoIndex, UnitKind::department, false);
  // D1 is a customer since 2018-07-01 (earliest of two), D2 since 2023-01-01, T1 never.
  add_relation(s, 1, 0, days_from_civil(2018, 7, 1));
  add_relation(s, 2, 0, days_from_civil(2020, 1, 1));
  add_relation(s, 0, 1, days_from_civil(2023, 1, 1));

  const Scale five{1, 5}, ten{0, 10};
  // D1 as customer, latest period 2024-Q2: 5, 4, 4, 3 on 1–5 and 10 on 0–10.
  add_response(s, "r1", 1, 0, "2024-Q1", "overall", five, 1);  // older period: ignored
  add_response(s, "r1", 1, 0, "2024-Q2", "overall", five, 5);
  add_response(s, "r2", 1, 0, "2024-Q2", "overall", five, 4);
  add_response(s, "r3", 2, 0, "2024-Q2", "overall", five, 4);
  add_response(s, "r4", 2, 0, "2024-Q2", "overall", five, 3);
  add_response(s, "r5", 1, 0, "2024-Q2", "overall", ten, 10);
  add_response(s, "r6", 1, 0, "2024-Q2", "attitude", five, 1);  // other dimension: ignored
  // D2 as customer: two respondents only.
  add_response(s, "r1", 0, 1, "2024-Q2", "overall", five, 5);
  add_response(s, "r2", 0, 1, "2024-Q2", "overall", five, 5);

  add_kpi(s, 0, "2024-Q1", "contribution_share", 12);
  add_kpi(s, 0, "2024-Q2", "contribution_share", 15);
  add_kpi(s, 1, "2024-Q1", "contribution_share", 5);
  add_kpi(s, 2, "2024-Q2", "contribution_share", 2);
  add_kpi(s, 3, "2024-Q2", "contribution_share", 50);
  add_kpi(s, 0, "2024-Q2", "business_impact", 4.5);
  add_kpi(s, 1, "2024-Q2", "business_impact", 3);
  add_kpi(s, 2, "2024-Q2", "business_impact", 1);
  add_kpi(s, 0, "2024-Q2", "service_volume", 600);
  add_kpi(s, 1, "2024-Q2", "service_volume", 400);

  // Complaints: D1 in Q2 (c0 on time, c1 late on both SLAs, c2 still open), D2 in Q2 (c3),
  // D1 in Q1 (c4).
  const auto c0 = add_complaint(s, 0, instant(2024, 4, 2, 8), 2, 30);
  const auto c1 = add_complaint(s, 0, instant(2024, 5, 10), 30, 100);
  add_complaint(s, 0, instant(2024, 6, 20), 1, std::nan(""));
  const auto c3 = add_complaint(s, 1, instant(2024, 4, 15), 5, 10);
  add_complaint(s, 0, instant(2024, 2, 1), 3, 20);
  add_follow_up(s, c0, 5, five);  // 100
  add_follow_up(s, c1, 4, five);  // 75
  add_follow_up(s, c1, 8, ten);   // 80
  add_follow_up(s, c3, 3, five);  // 50

  // Reviews of service_quality, 2024-Q2, raters R1 and R2 (1–5 scale).
  add_review(s, "D1", "2024-Q2", "service_quality", 5, "R1");
  add_review(s, "D2", "2024-Q2", "service_quality", 3, "R1");
  add_review(s, "E1", "2024-Q2", "service_quality", 4, "R1", 2);
  add_review(s, "D1", "2024-Q2", "service_quality", 4, "R2");
  add_review(s, "D2", "2024-Q2", "service_quality", 3, "R2");
  add_review(s, "E1", "2024-Q2", "service_quality", 2, "R2");
  return s;
}

inline Settings company_settings() {
  Settings st = Settings::defaults();
  st.min_group_size = 3;
  st.inputs["importance"] = {InputSource::Kind::setting, ""};
  st.unit_settings["importance"] = {{"D1", 5}, {"D2", 3}, {"T1", 2}, {"D3", 5}};
  using Src = AppraisalCriterion::Source;
  st.criteria = {
      {"service_quality", "Service quality", "服务质量", 50, Src::review, Direction::higher_is_better, 100},
      {"customer_satisfaction", "Customer satisfaction", "客户满意度", 30, Src::satisfaction,
       Direction::higher_is_better, 100},
      {"complaint_handling", "Complaint handling", "客户投诉处理效率", 20, Src::complaints,
       Direction::higher_is_better, 100},
  };
  return st;
}

}  // namespace icm::test
