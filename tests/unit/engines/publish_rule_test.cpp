// When a period is published (Settings::publish): refreshes during an open survey must not be
// comparable. Under closed_periods, a generation loaded while a quarter is open shows nothing of
// it, so a group that grows from 5 to 6 answers between two refreshes reveals nothing; once the
// quarter has ended it is shown. Dates worked by hand from the calendar.
#include <catch2/catch.hpp>

#include "core/datasets/datasets.hpp"
#include "core/privacy/publication.hpp"
#include "core/model/settings.hpp"
#include "fixture.hpp"

using namespace icm;

namespace {

std::string date(Day d) { return format_date(d); }

// Two providers' teams rating one customer department in 2025-Q3 and 2025-Q4; `extra` adds a
// sixth person's answer to Q4.
Snapshot company(bool extra) {
  Snapshot s;
  test::add_unit(s, "C", "Customer", kNoIndex, UnitKind::department, true);
  test::add_unit(s, "P", "Provider", kNoIndex, UnitKind::department, true);
  for (const char* period : {"2025-Q3", "2025-Q4"})
    for (int i = 0; i < 5; ++i) test::add_response(s, "r" + std::to_string(i), 1, 0, period, "overall", Scale{1, 5}, 3 + i % 3);
  if (extra) test::add_response(s, "r9", 1, 0, "2025-Q4", "overall", Scale{1, 5}, 1);
  test::add_review(s, "P", "2025-Q4", "service_quality", 4, "R1");
  const auto c = test::add_complaint(s, 1, test::instant(2025, 11, 3), 2, 20);
  for (int i = 0; i < 5; ++i) test::add_follow_up(s, c, 4, Scale{1, 5});
  return s;
}

std::vector<std::string> texts(const Table& t) {
  std::vector<std::string> out;
  for (std::size_t r = 0; r < t.rows(); ++r)
    for (std::size_t c = 0; c < t.cols(); ++c) out.push_back(t.is_null(c, r) ? "NULL" : t.cell_text(c, r));
  return out;
}

bool has_period(const Table& t, const std::string& period) {
  const int pc = t.find("period");
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (t.cell_text(static_cast<std::size_t>(pc), r) == period) return true;
  return false;
}

}  // namespace

TEST_CASE("period labels name their last day", "[publish]") {
  Settings st;
  CHECK(date(period_last_day("2025", st)) == "2025-12-31");
  CHECK(date(period_last_day("2025-Q1", st)) == "2025-03-31");
  CHECK(date(period_last_day("2024Q1", st)) == "2024-03-31");
  CHECK(date(period_last_day("2025-Q4", st)) == "2025-12-31");
  CHECK(date(period_last_day("2025-H1", st)) == "2025-06-30");
  CHECK(date(period_last_day("2024-02", st)) == "2024-02-29");  // leap year
  CHECK(date(period_last_day("2025-07-14", st)) == "2025-07-14");
  CHECK(period_last_day("Wave 3", st) == kNullDay);
  CHECK(period_last_day("2025-Q5", st) == kNullDay);
  CHECK(period_last_day("2025-13", st) == kNullDay);
  st.period_end["Wave 3"] = "2025-05-20";
  CHECK(date(period_last_day("Wave 3", st)) == "2025-05-20");
}

TEST_CASE("closed periods: an open quarter is not published, and two refreshes in it are equal", "[publish]") {
  Settings st = Settings::defaults();
  st.as_of = "2025-11-15";  // "today": 2025-Q4 is open
  const Snapshot five = company(false), six = company(true);
  const auto pub = Publication::protect(five, st);
  REQUIRE(pub->summary().withheld.size() == 1);  // the survey quarter, also the follow-ups' quarter
  CHECK(pub->withheld_reason("2025-Q4") == "open: published from 2026-01-01");
  CHECK(pub->withheld_reason("2025-Q3").empty());
  CHECK(pub->summary().answers_withheld == 5 + 5);  // five answers, five follow-up scores

  for (const char* name : {"satisfaction", "service_matrix", "units", "appraisal", "complaints"}) {
    INFO(name);
    const Table a = build_dataset(name, {five, st}), b = build_dataset(name, {six, st});
    CHECK(texts(a) == texts(b));  // the sixth answer changes nothing anyone can see
  }
  const Table sat = build_dataset("satisfaction", {five, st});
  CHECK(has_period(sat, "2025-Q3"));
  CHECK_FALSE(has_period(sat, "2025-Q4"));
  // The customer's satisfaction in units is its latest published quarter's: Q3's 3, 4, 5, 3, 4
  // → mean 3.8 → index (3.8 − 1)/4 × 100 = 70.
  const Table units = build_dataset("units", {five, st});
  CHECK(units.column(static_cast<std::size_t>(units.find("satisfaction"))).reals[0] == Approx(70));
  // Appraisal's Q4 satisfaction and Q4 follow-up satisfaction: answers exist, withheld.
  const Table ap = build_dataset("appraisal", {five, st});
  CHECK(ap.is_null(static_cast<std::size_t>(ap.find("customer_satisfaction")), 0));
  CHECK(ap.column(static_cast<std::size_t>(ap.find("suppressed"))).ints[0] == 1);
  const Table co = build_dataset("complaints", {five, st});
  CHECK(co.is_null(static_cast<std::size_t>(co.find("follow_up_satisfaction")), 0));
  CHECK(co.column(static_cast<std::size_t>(co.find("suppressed"))).ints[0] == 1);

  SECTION("a unit answering only in the open quarter: withheld, not 'no data'") {
    Snapshot late = company(false);
    test::add_unit(late, "D", "Late customer", kNoIndex, UnitKind::department, true);
    for (int i = 0; i < 6; ++i) test::add_response(late, "d" + std::to_string(i), 1, 2, "2025-Q4", "overall", Scale{1, 5}, 4);
    const Table u = build_dataset("units", {late, st});
    CHECK(u.is_null(static_cast<std::size_t>(u.find("satisfaction")), 2));
    CHECK(u.column(static_cast<std::size_t>(u.find("satisfaction_suppressed"))).ints[2] == 1);
  }
  SECTION("once the quarter has ended it is published, and the sixth answer is then in it") {
    st.as_of = "2026-01-01";
    CHECK(Publication::protect(five, st)->summary().withheld.empty());
    const Table a = build_dataset("satisfaction", {five, st}), b = build_dataset("satisfaction", {six, st});
    CHECK(has_period(a, "2025-Q4"));
    CHECK(texts(a) != texts(b));
  }
  SECTION("closed_after_days waits for late answers") {
    st.as_of = "2026-01-10";
    st.closed_after_days = 14;
    CHECK(Publication::protect(five, st)->withheld_reason("2025-Q4") == "open: published from 2026-01-15");
  }
  SECTION("live publishes the open quarter, and the refreshes differ") {
    st.publish = Settings::Publish::live;
    const Table a = build_dataset("satisfaction", {five, st}), b = build_dataset("satisfaction", {six, st});
    CHECK(has_period(a, "2025-Q4"));
    CHECK(texts(a) != texts(b));
  }
  SECTION("a label icm cannot read is not published until its end is given") {
    Snapshot w = company(false);
    test::add_response(w, "r1", 1, 0, "Wave 3", "overall", Scale{1, 5}, 4);
    st.as_of = "2026-02-01";
    CHECK(Publication::protect(w, st)->withheld_reason("Wave 3") ==
          "its end is unknown (set [period] end.Wave 3 = YYYY-MM-DD)");
    st.period_end["Wave 3"] = "2025-05-20";
    CHECK(Publication::protect(w, st)->withheld_reason("Wave 3").empty());
  }
}
