// units / appraisal / complaints datasets built from the hand-made company of fixture.hpp.
// Expected values are worked by hand in the comments; quantiles and the leniency-corrected
// scores come from R (references/engines_reference.R, "dataset fixture" part).
#include <catch2/catch.hpp>

#include "core/datasets/datasets.hpp"
#include "fixture.hpp"

using namespace icm;

namespace {

struct View {
  const Table& t;
  std::size_t col(const std::string& name) const {
    const int c = t.find(name);
    REQUIRE(c >= 0);
    return static_cast<std::size_t>(c);
  }
  bool null(const std::string& c, std::size_t r) const { return t.is_null(col(c), r); }
  double real(const std::string& c, std::size_t r) const {
    REQUIRE_FALSE(null(c, r));
    return t.column(col(c)).reals.at(r);
  }
  std::int64_t integer(const std::string& c, std::size_t r) const {
    REQUIRE_FALSE(null(c, r));
    return t.column(col(c)).ints.at(r);
  }
  std::string text(const std::string& c, std::size_t r) const {
    REQUIRE_FALSE(null(c, r));
    return t.column(col(c)).texts.at(r);
  }
};

}  // namespace

TEST_CASE("units dataset: years, inputs, satisfaction, tier and grade", "[datasets][units]") {
  const Snapshot s = test::company();
  const Settings st = test::company_settings();
  const Table t = build_units({s, st, Lang::zh});
  const View v{t};
  REQUIRE(t.rows() == 4);
  CHECK(v.text("unit_id", 2) == "T1");
  CHECK(v.text("parent_id", 2) == "D1");
  CHECK(v.null("parent_id", 0));
  CHECK(v.text("kind", 2) == "team");
  CHECK(v.integer("active", 3) == 0);
  // 2018-07-01 → 2024-07-01 = 2192 days / 365.25 = 6.001 → 6.0; 2023-01-01 → 547 days → 1.5.
  CHECK(v.real("years_cooperation", 0) == Approx(6.0));
  CHECK(v.real("years_cooperation", 1) == Approx(1.5));
  CHECK(v.null("years_cooperation", 2));
  // contribution: D1's latest period Q2 (15, not Q1's 12); D2 only has Q1 (5).
  CHECK(v.real("contribution", 0) == 15);
  CHECK(v.real("contribution", 1) == 5);
  CHECK(v.real("importance", 0) == 5);  // from [importance] settings
  CHECK(v.real("impact", 0) == 4.5);
  // D1 as customer in Q2: 1–5 scores 5,4,4,3 → mean 4 → index 75 (n 4); 10 on 0–10 → 100 (n 1).
  // Count-weighted: (4·75 + 1·100)/5 = 80. Q1 and the attitude dimension are ignored.
  CHECK(v.real("satisfaction", 0) == Approx(80));
  CHECK(v.integer("satisfaction_suppressed", 0) == 0);
  // D2: 2 respondents < 3 → suppressed; T1: no responses → NULL but not suppressed.
  CHECK(v.null("satisfaction", 1));
  CHECK(v.integer("satisfaction_suppressed", 1) == 1);
  CHECK(v.null("satisfaction", 2));
  CHECK(v.integer("satisfaction_suppressed", 2) == 0);
  // Tier (default rule: l1 contribution>=10, years>=3, importance>=4; l2 3, 1, 0):
  // D1 15/6.0/5 → 1; D2 5/1.5/3 → 2; T1 has no years → NULL; D3 inactive → NULL.
  CHECK(v.integer("tier", 0) == 1);
  CHECK(v.text("tier_label", 0) == "一级客户");
  CHECK(v.integer("tier", 1) == 2);
  CHECK(v.text("tier_label", 1) == "二级客户");
  CHECK(v.null("tier", 2));
  CHECK(v.null("tier", 3));
  // Grade (satisfaction>=80 & impact>=4 → A): D1 80/4.5 → A. D2's satisfaction is suppressed,
  // so its grade is NULL rather than revealing it.
  CHECK(v.text("grade", 0) == "A");
  CHECK(v.text("grade_label", 0) == "A级客户");
  CHECK(v.null("grade", 1));
  CHECK(v.null("grade_label", 1));
}

TEST_CASE("units dataset: a grade rule without satisfaction grades suppressed units",
          "[datasets][units]") {
  const Snapshot s = test::company();
  Settings st = test::company_settings();
  st.grade.inputs = {"impact"};
  st.grade.level1_min = {4};
  st.grade.level2_min = {2};
  const Table t = build_units({s, st, Lang::en});
  const View v{t};
  // impact: D1 4.5 → A, D2 3 → B, T1 1 → C.
  CHECK(v.text("grade", 0) == "A");
  CHECK(v.text("grade", 1) == "B");
  CHECK(v.text("grade_label", 1) == "Grade B");
  CHECK(v.text("grade", 2) == "C");
  CHECK(v.text("tier_label", 0) == "Tier 1");
}

TEST_CASE("appraisal dataset: scorecard, rank, bands", "[datasets][appraisal]") {
  const Snapshot s = test::company();
  Settings st = test::company_settings();
  const Table t = build_appraisal({s, st, Lang::en});
  const View v{t};
  REQUIRE(t.rows() == 3);  // D1, D2, E1 in 2024-Q2, sorted by subject id
  CHECK(v.text("subject_id", 0) == "D1");
  CHECK(v.text("subject_name", 0) == "Sales");
  CHECK(v.text("subject_name", 2) == "E1");  // an employee key has no unit name
  CHECK(v.text("period", 0) == "2024-Q2");
  // service_quality (1–5 → 0–100): D1 5, 4 → 100, 75 → 87.5; D2 3, 3 → 50;
  // E1 4 (weight 2), 2 → (2·75 + 25)/3 = 58.33.
  CHECK(v.real("service_quality", 0) == Approx(87.5));
  CHECK(v.real("service_quality", 1) == Approx(50));
  CHECK(v.real("service_quality", 2) == Approx(175.0 / 3));
  // customer_satisfaction as provider in Q2 includes sub-units' service: D1 itself (r1 5, r2 5)
  // plus its team T1 (r3 4, r4 3) → 4 respondents, mean 4.25 → index 81.25.
  CHECK(v.real("customer_satisfaction", 0) == Approx(81.25));
  CHECK(v.integer("suppressed", 0) == 0);
  // D2 as provider (3 respondents) is hidden although above the threshold: the units dataset
  // shows D1's satisfaction as a customer, which is D2's service to D1 plus T1's (2 people);
  // showing D2's would give T1's by subtraction. Its value is checked below, where T1 is bigger.
  CHECK(v.null("customer_satisfaction", 1));
  CHECK(v.integer("suppressed", 1) == 1);
  CHECK(v.null("customer_satisfaction", 2));
  // complaint_handling: D1 Q2 has 3 complaints, 1 resolved within 72 h → 33.33; D2 1 of 1.
  CHECK(v.real("complaint_handling", 0) == Approx(100.0 / 3));
  CHECK(v.real("complaint_handling", 1) == Approx(100));
  // Totals with weights 50/30/20 renormalised over criteria with a value:
  // D1 (50·87.5 + 30·81.25 + 20·33.33)/100 = 74.79; D2 without its hidden satisfaction
  // (50·50 + 20·100)/70 = 64.29; E1 58.33.
  CHECK(v.real("total", 0) == Approx((50 * 87.5 + 30 * 81.25 + 20 * 100.0 / 3) / 100));
  CHECK(v.real("total", 1) == Approx((50 * 50 + 20 * 100.0) / 70));
  CHECK(v.real("total", 2) == Approx(175.0 / 3));
  CHECK(v.integer("rank", 0) == 1);
  CHECK(v.integer("rank", 1) == 2);
  CHECK(v.integer("rank", 2) == 3);

  SECTION("a provider answered on two scales pools them on index points") {
    // A third person in T1's service to D1 and in D1's to D2 leaves no cell below the threshold,
    // so D2's is shown: 5, 4 on 1–5 (index 87.5, n 2) and 10 on 0–10 (100, n 1) → (175 + 100)/3;
    // total (2500 + 2750 + 2000)/100 = 72.5.
    Snapshot bigger = s;
    test::add_response(bigger, "r7", 2, 0, "2024-Q2", "overall", Scale{1, 5}, 4);
    test::add_response(bigger, "r8", 0, 1, "2024-Q2", "overall", Scale{1, 5}, 4);
    const Table b = build_appraisal({bigger, st, Lang::en});
    const View w{b};
    CHECK(w.real("customer_satisfaction", 1) == Approx(275.0 / 3));
    CHECK(w.integer("suppressed", 1) == 0);
    CHECK(w.real("total", 1) == Approx(72.5));
  }
  // Threshold bands (excellent >= 85, qualified >= 60, needs_improvement >= 0).
  CHECK(v.text("band", 0) == "qualified");
  CHECK(v.text("band", 1) == "qualified");
  CHECK(v.text("band", 2) == "needs_improvement");
  CHECK(v.text("recommendation", 2) == "Improvement plan or penalty");
  CHECK(v.integer("reviews", 0) == 2);

  SECTION("forced distribution 20/70/10 of 3 → 1/2/0") {
    // 0.6 / 2.1 / 0.3 → floors 0/2/0, the one left goes to the largest remainder (0.6).
    st.banding = Settings::Banding::forced;
    const Table f = build_appraisal({s, st, Lang::zh});
    const View w{f};
    CHECK(w.text("band", 0) == "excellent");  // D1, best total
    CHECK(w.text("band_label", 0) == "优秀");
    CHECK(w.text("recommendation", 0) == "奖励");
    CHECK(w.text("band", 1) == "qualified");
    CHECK(w.text("band", 2) == "qualified");
  }
  SECTION("a threshold of 5 hides the satisfaction criterion and reweights the rest") {
    // D1 has 4 respondents as provider, D2 3: both below 5.
    st.min_group_size = 5;
    const Table f = build_appraisal({s, st, Lang::en});
    const View w{f};
    CHECK(w.null("customer_satisfaction", 0));
    CHECK(w.integer("suppressed", 0) == 1);
    CHECK(w.null("customer_satisfaction", 1));
    CHECK(w.integer("suppressed", 1) == 1);
    CHECK(w.real("total", 0) == Approx((50 * 87.5 + 20 * 100.0 / 3) / 70));
    CHECK(w.real("total", 1) == Approx((50 * 50 + 20 * 100.0) / 70));
  }
  SECTION("leniency correction (values from R)") {
    st.leniency_correction = true;
    const Table f = build_appraisal({s, st, Lang::en});
    const View w{f};
    CHECK(w.real("service_quality", 0) == Approx(88.720221204253789));
    CHECK(w.real("service_quality", 1) == Approx(49.389889397873105));
    CHECK(w.real("service_quality", 2) == Approx(53.759926265248737));
    CHECK(w.real("total", 0) == Approx((50 * 88.720221204253789 + 30 * 81.25 + 20 * 100.0 / 3) / 100));
  }
}

TEST_CASE("complaints dataset: per unit and quarter plus all units", "[datasets][complaints]") {
  const Snapshot s = test::company();
  const Settings st = test::company_settings();
  const Table t = build_complaints({s, st, Lang::zh});
  const View v{t};
  // Rows: 2024-Q1 D1, 2024-Q1 *, 2024-Q2 D1, 2024-Q2 D2, 2024-Q2 *.
  REQUIRE(t.rows() == 5);
  CHECK(v.text("period", 0) == "2024-Q1");
  CHECK(v.text("unit_id", 1) == "*");
  CHECK(v.text("unit_name", 1) == "全部单位");
  CHECK(v.null("rate_per_1000", 0));  // no service volume in Q1

  const std::size_t d1 = 2, d2 = 3, all = 4;
  CHECK(v.text("unit_id", d1) == "D1");
  CHECK(v.integer("complaints", d1) == 3);
  CHECK(v.real("resolved_pct", d1) == Approx(200.0 / 3));
  // R: ack 2, 30, 1 → mean 11, median 2, p90 24.4; resolve 30, 100 → 65, 65, 93.
  CHECK(v.real("ack_mean_h", d1) == Approx(11));
  CHECK(v.real("ack_median_h", d1) == Approx(2));
  CHECK(v.real("ack_p90_h", d1) == Approx(24.4));
  CHECK(v.real("resolve_mean_h", d1) == Approx(65));
  CHECK(v.real("resolve_median_h", d1) == Approx(65));
  CHECK(v.real("resolve_p90_h", d1) == Approx(93));
  // Breaches: c1 (ack 30 h, resolve 100 h) and c2 (open since 2024-06-20, 288 h old at the end
  // of 2024-07-01) → 2/3.
  CHECK(v.real("sla_breach_pct", d1) == Approx(200.0 / 3));
  CHECK(v.real("follow_up_pct", d1) == Approx(100));  // both resolved ones visited
  // Follow-up scores 100, 75, 80 (3 >= threshold 3), but hidden: the all-units row minus D1
  // would give D2's single score. Its value (85) is checked below, where D2 has three scores.
  CHECK(v.null("follow_up_satisfaction", d1));
  CHECK(v.integer("suppressed", d1) == 1);
  CHECK(v.real("rate_per_1000", d1) == Approx(5));  // 3 / 600 × 1000

  // D2: one follow-up score (50) < 3 → hidden; counts stay.
  CHECK(v.integer("complaints", d2) == 1);
  CHECK(v.null("follow_up_satisfaction", d2));
  CHECK(v.integer("suppressed", d2) == 1);
  CHECK(v.real("rate_per_1000", d2) == Approx(2.5));  // 1 / 400 × 1000

  // All units, Q2. R: ack 2, 30, 1, 5 → 9.5, 3.5, 22.5; resolve 30, 100, 10 → 46.67, 30, 86.
  CHECK(v.integer("complaints", all) == 4);
  CHECK(v.real("resolved_pct", all) == Approx(75));
  CHECK(v.real("ack_mean_h", all) == Approx(9.5));
  CHECK(v.real("ack_median_h", all) == Approx(3.5));
  CHECK(v.real("ack_p90_h", all) == Approx(22.5));
  CHECK(v.real("resolve_mean_h", all) == Approx(140.0 / 3));
  CHECK(v.real("resolve_median_h", all) == Approx(30));
  CHECK(v.real("resolve_p90_h", all) == Approx(86));
  CHECK(v.real("sla_breach_pct", all) == Approx(50));
  CHECK(v.real("follow_up_satisfaction", all) == Approx(76.25));  // (100+75+80+50)/4
  CHECK(v.real("rate_per_1000", all) == Approx(4));                // 4 / (600 + 400) × 1000
  CHECK(t.column(v.col("complaints")).label_zh == "投诉数");

  SECTION("with three follow-up scores for D2, both units are shown") {
    Snapshot more = s;
    const auto c3 = static_cast<std::uint32_t>(3);  // D2's complaint in Q2
    test::add_follow_up(more, c3, 4, Scale{1, 5});  // 75
    test::add_follow_up(more, c3, 2, Scale{1, 5});  // 25
    const Table m = build_complaints({more, st, Lang::en});
    const View w{m};
    CHECK(w.real("follow_up_satisfaction", d1) == Approx(85));  // (100 + 75 + 80) / 3
    CHECK(w.integer("suppressed", d1) == 0);
    CHECK(w.real("follow_up_satisfaction", d2) == Approx(50));  // (50 + 75 + 25) / 3
    CHECK(w.integer("suppressed", d2) == 0);
  }
}

TEST_CASE("appraisal: an open complaint within the SLA is not judged yet", "[datasets][appraisal]") {
  Snapshot s = test::company();
  // Against D2, opened 2024-06-30 12:00, open: 36 h old at the end of 2024-07-01 (< 72 h).
  test::add_complaint(s, 1, test::instant(2024, 6, 30, 12), 1, std::nan(""));
  const Table t = build_appraisal({s, test::company_settings(), Lang::en});
  CHECK(View{t}.real("complaint_handling", 1) == Approx(100));  // still 1 of 1
  // Once it is older than the SLA it counts as late: 1 of 2.
  s.as_of = days_from_civil(2024, 7, 10);
  const Table later = build_appraisal({s, test::company_settings(), Lang::en});
  CHECK(View{later}.real("complaint_handling", 1) == Approx(50));
}

TEST_CASE("datasets of an empty snapshot have their columns and no rows", "[datasets]") {
  const Snapshot s;
  const Settings st = Settings::defaults();
  for (auto* build : {&build_units, &build_appraisal, &build_complaints}) {
    const Table t = build({s, st, Lang::en});
    CHECK(t.rows() == 0);
    CHECK(t.cols() > 5);
  }
}
