#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <string>
#include <tuple>

#include "core/datasets/datasets.hpp"

using namespace icm;

namespace {

// A response inserted by keys; the snapshot's dictionaries intern them like a loader would.
struct Row {
  std::string respondent, customer, dimension;
  int score;
};

std::uint32_t add_unit(Snapshot& s, const std::string& id, const std::string& name) {
  const std::uint32_t row = s.units.ids.intern(id);
  s.units.name.push_back(name);
  s.units.parent.push_back(kNoIndex);
  s.units.kind.push_back(UnitKind::department);
  s.units.active.push_back(true);
  return row;
}

// Provider D1 serves customers C1, C2, C3 in one period, on a 1–5 scale (the worked example of
// references/datasets_satisfaction.R):
//   overall:  C1 six respondents 5,5,4,4,3,3; C2 five 5,4,4,2,1; C3 two 4,5
//   attitude: C1's six respondents, r1 answering two items: 6 respondents, 7 responses
std::vector<Row> example_rows() {
  std::vector<Row> rows;
  const int c1[] = {5, 5, 4, 4, 3, 3}, c2[] = {5, 4, 4, 2, 1}, c3[] = {4, 5};
  for (int i = 0; i < 6; ++i) rows.push_back({"r" + std::to_string(i + 1), "C1", "overall", c1[i]});
  for (int i = 0; i < 5; ++i) rows.push_back({"s" + std::to_string(i + 1), "C2", "overall", c2[i]});
  for (int i = 0; i < 2; ++i) rows.push_back({"t" + std::to_string(i + 1), "C3", "overall", c3[i]});
  // Respondent r1 comes back here, so rows are not grouped by respondent.
  for (int i = 0; i < 6; ++i) rows.push_back({"r" + std::to_string(i + 1), "C1", "attitude", 4});
  rows.push_back({"r1", "C1", "attitude", 2});
  return rows;
}

Snapshot make_snapshot(const std::vector<Row>& rows) {
  Snapshot s;
  // Units in non-sorted order, so the test sees rows ordered by id text.
  const std::uint32_t c3 = add_unit(s, "C3", "Sales"), d1 = add_unit(s, "D1", "Finance");
  const std::uint32_t c1 = add_unit(s, "C1", "HR"), c2 = add_unit(s, "C2", "IT");
  auto customer = [&](const std::string& id) { return id == "C1" ? c1 : id == "C2" ? c2 : c3; };
  ResponseTable& r = s.responses;
  const std::uint16_t period = static_cast<std::uint16_t>(s.periods.intern("2024Q1"));
  const std::uint8_t scale = r.scale_index(Scale{1, 5});
  for (const Row& row : rows) {
    r.respondent.push_back(r.respondents.intern(row.respondent));
    r.provider.push_back(d1);
    r.customer.push_back(customer(row.customer));
    r.period.push_back(period);
    r.item.push_back(static_cast<std::uint16_t>(r.items.intern(row.dimension + "_1")));
    r.dimension.push_back(static_cast<std::uint8_t>(r.dimensions.intern(row.dimension)));
    r.scale.push_back(scale);
    r.score.push_back(static_cast<std::int16_t>(row.score));
  }
  return s;
}

struct View {
  const Table& t;
  std::string text(const char* col, std::size_t row) const { return t.cell_text(index(col), row); }
  bool null(const char* col, std::size_t row) const { return t.is_null(index(col), row); }
  std::int64_t integer(const char* col, std::size_t row) const { return t.column(index(col)).ints.at(row); }
  double real(const char* col, std::size_t row) const { return t.column(index(col)).reals.at(row); }
  std::size_t index(const char* col) const {
    const int i = t.find(col);
    REQUIRE(i >= 0);
    return static_cast<std::size_t>(i);
  }
};

}  // namespace

TEST_CASE("satisfaction dataset: groups, order, statistics and suppression", "[datasets][satisfaction]") {
  const Snapshot s = make_snapshot(example_rows());
  const Settings settings;  // min group size 5, top-2 box
  const Table t = build_satisfaction(BuildContext{s, settings, Lang::en});
  View v{t};
  REQUIRE(t.rows() == 6);
  // Order: provider, period, customer (all-customers first), dimension (Settings::dimensions order)
  const char* customers[] = {"", "", "C1", "C1", "C2", "C3"};
  const char* dims[] = {"attitude", "overall", "attitude", "overall", "overall", "overall"};
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(v.text("provider_id", i) == "D1");
    CHECK(v.text("provider_name", i) == "Finance");
    CHECK(v.text("customer_id", i) == customers[i]);
    CHECK(v.text("dimension", i) == dims[i]);
    CHECK(v.text("period", i) == "2024Q1");
  }
  CHECK(v.null("customer_id", 0));
  CHECK(v.text("customer_name", 1) == "(all)");
  CHECK(v.text("customer_name", 2) == "HR");

  // All customers, overall: 13 respondents; R mean 3.769…, index 69.23…, t interval of the index
  CHECK(v.integer("respondents", 1) == 13);
  CHECK(v.integer("n", 1) == 13);
  CHECK(v.real("mean", 1) == Approx(3.7692307692307692).epsilon(1e-12));
  CHECK(v.real("sd", 1) == Approx(1.2351684199496948).epsilon(1e-12));
  CHECK(v.real("index", 1) == Approx(69.2307692307692264).epsilon(1e-12));
  CHECK(v.real("ci_low", 1) == Approx(50.5706490814595284).epsilon(1e-12));
  CHECK(v.real("ci_high", 1) == Approx(87.8908893800789173).epsilon(1e-12));
  CHECK(v.real("top_box_pct", 1) == Approx(100.0 * 9 / 13));  // 4s and 5s by hand
  CHECK(v.real("bottom_box_pct", 1) == Approx(100.0 * 2 / 13));
  CHECK(v.integer("suppressed", 1) == 0);

  // All customers, attitude: 6 respondents, 7 responses (4×6 and one 2): mean 26/7
  CHECK(v.integer("respondents", 0) == 6);
  CHECK(v.integer("n", 0) == 7);
  CHECK(v.real("mean", 0) == Approx(26.0 / 7));

  // C1 overall: mean 4, sd √0.8, index 75, R t interval of the index [51.53…, 98.46…]
  CHECK(v.integer("respondents", 3) == 6);
  CHECK(v.real("mean", 3) == Approx(4));
  CHECK(v.real("sd", 3) == Approx(std::sqrt(0.8)));
  CHECK(v.real("index", 3) == Approx(75));
  CHECK(v.real("ci_low", 3) == Approx(51.533905711815898).epsilon(1e-12));
  CHECK(v.real("ci_high", 3) == Approx(98.466094288184095).epsilon(1e-12));
  CHECK(v.real("top_box_pct", 3) == Approx(400.0 / 6));

  // C3 (2 respondents) is below 5; as the only hidden sibling it forces the next smallest,
  // C2 (5 respondents), hidden too, so C3 cannot be recovered as all − C1 − C2.
  for (std::size_t row : {4u, 5u}) {
    CHECK(v.integer("suppressed", row) == 1);
    for (const char* col : {"respondents", "n", "mean", "sd", "index", "ci_low", "ci_high",
                            "top_box_pct", "bottom_box_pct"})
      CHECK(v.null(col, row));
  }
  CHECK(v.integer("suppressed", 3) == 0);
}

TEST_CASE("satisfaction dataset does not depend on row order", "[datasets][satisfaction]") {
  auto rows = example_rows();
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.respondent < b.respondent; });
  const Snapshot grouped = make_snapshot(rows), scattered = make_snapshot(example_rows());
  const Settings settings;
  const Table a = build_satisfaction(BuildContext{grouped, settings, Lang::en});
  const Table b = build_satisfaction(BuildContext{scattered, settings, Lang::en});
  REQUIRE(a.rows() == b.rows());
  for (std::size_t c = 0; c < a.cols(); ++c)
    for (std::size_t r = 0; r < a.rows(); ++r) CHECK(a.cell_text(c, r) == b.cell_text(c, r));
}

TEST_CASE("a parent below threshold hides itself and its children", "[datasets][satisfaction]") {
  std::vector<Row> rows = {{"a", "C1", "overall", 5}, {"b", "C1", "overall", 4}, {"c", "C2", "overall", 3}};
  const Snapshot s = make_snapshot(rows);
  Settings settings;
  settings.min_group_size = 2;  // raised to the floor of 3
  const Table t = build_satisfaction(BuildContext{s, settings, Lang::zh});
  View v{t};
  REQUIRE(t.rows() == 3);
  CHECK(v.text("customer_name", 0) == "（全部）");
  CHECK(v.integer("suppressed", 0) == 0);  // 3 respondents reach the floor of 3
  CHECK(v.integer("suppressed", 1) == 1);  // C1: 2 < 3
  CHECK(v.integer("suppressed", 2) == 1);  // C2: 1 < 3
  settings.min_group_size = 4;
  const Table u = build_satisfaction(BuildContext{s, settings, Lang::en});
  for (std::size_t r = 0; r < 3; ++r) CHECK(u.column(static_cast<std::size_t>(u.find("suppressed"))).ints[r] == 1);
}

TEST_CASE("service matrix on the overall dimension", "[datasets][service_matrix]") {
  const Snapshot s = make_snapshot(example_rows());
  const Settings settings;
  const Table t = build_service_matrix(BuildContext{s, settings, Lang::en});
  View v{t};
  REQUIRE(t.rows() == 3);
  CHECK(t.cols() == 9);
  CHECK(v.text("customer_id", 0) == "C1");
  CHECK(v.integer("respondents", 0) == 6);
  CHECK(v.integer("n", 0) == 6);  // attitude responses are not counted
  CHECK(v.real("index", 0) == Approx(75));
  CHECK(v.integer("suppressed", 0) == 0);
  CHECK(v.integer("suppressed", 1) == 1);  // C2, complementary
  CHECK(v.integer("suppressed", 2) == 1);  // C3, below threshold
  CHECK(v.null("index", 1));
}

TEST_CASE("service matrix falls back to all dimensions", "[datasets][service_matrix]") {
  std::vector<Row> rows;
  for (int i = 0; i < 5; ++i) {
    rows.push_back({"r" + std::to_string(i), "C1", "attitude", 5});
    rows.push_back({"r" + std::to_string(i), "C1", "efficiency", 3});
  }
  const Snapshot s = make_snapshot(rows);
  const Settings settings;
  const Table t = build_service_matrix(BuildContext{s, settings, Lang::en});
  View v{t};
  REQUIRE(t.rows() == 1);
  CHECK(v.integer("respondents", 0) == 5);
  CHECK(v.integer("n", 0) == 10);
  CHECK(v.real("index", 0) == Approx(75));  // mean 4 on 1–5
  const Table empty = build_satisfaction(BuildContext{make_snapshot({}), settings, Lang::en});
  CHECK(empty.rows() == 0);
  CHECK(empty.cols() == 19);  // 16 + nps, nps_low, nps_high
}

namespace {

// Every cell of a table as text (NULL as "NULL", reals to the last bit), for exact comparisons.
std::vector<std::string> cells(const Table& t) {
  std::vector<std::string> out;
  for (std::size_t r = 0; r < t.rows(); ++r)
    for (std::size_t c = 0; c < t.cols(); ++c) {
      const Column& col = t.column(c);
      char buf[40];
      if (t.is_null(c, r)) out.push_back("NULL");
      else if (col.type == ColumnType::real) out.push_back((std::snprintf(buf, sizeof buf, "%.17g", col.reals[r]), buf));
      else out.push_back(t.cell_text(c, r));
    }
  return out;
}

}  // namespace

// A pushdown load stores one row per respondent × group × score with its count
// (ResponseTable::weight), in whatever order the database returns the groups. The datasets must
// not see the difference: histograms add the weights, distinct respondents still count people.
// Customers C2 and C4 tie at five respondents under a parent that must hide one of them to
// protect C3 (two people): which one is hidden must not depend on row order either.
TEST_CASE("weighted rows in any order give the datasets of the rows they stand for") {
  std::vector<Row> rows = example_rows();
  const int c4[] = {3, 3, 4, 5, 2};
  for (int i = 0; i < 5; ++i) rows.push_back({"u" + std::to_string(i + 1), "C4", "overall", c4[i]});
  for (int i = 0; i < 3; ++i) rows.push_back({"r2", "C1", "overall", 5});  // repeats that compress

  auto build = [](const std::vector<Row>& list, bool weighted) {
    Snapshot s;
    const std::uint32_t c3 = add_unit(s, "C3", "Sales"), d1 = add_unit(s, "D1", "Finance");
    const std::uint32_t c1 = add_unit(s, "C1", "HR"), c2 = add_unit(s, "C2", "IT"), c4u = add_unit(s, "C4", "QA");
    auto customer = [&](const std::string& id) { return id == "C1" ? c1 : id == "C2" ? c2 : id == "C4" ? c4u : c3; };
    ResponseTable& r = s.responses;
    const std::uint16_t period = static_cast<std::uint16_t>(s.periods.intern("2024Q1"));
    const std::uint8_t scale = r.scale_index(Scale{1, 5});
    std::map<std::tuple<std::string, std::string, std::string, int>, std::uint32_t> groups;
    std::vector<std::tuple<std::string, std::string, std::string, int>> order;
    for (const Row& row : list) {
      auto key = std::make_tuple(row.respondent, row.customer, row.dimension, row.score);
      if (!weighted || groups[key]++ == 0) order.push_back(key);
    }
    if (weighted) std::reverse(order.begin(), order.end());  // another arrival order
    for (const auto& key : order) {
      const auto& [respondent, cust, dimension, score] = key;
      r.respondent.push_back(r.respondents.intern(respondent));
      r.provider.push_back(d1);
      r.customer.push_back(customer(cust));
      r.period.push_back(period);
      r.item.push_back(static_cast<std::uint16_t>(r.items.intern("")));
      r.dimension.push_back(static_cast<std::uint8_t>(r.dimensions.intern(dimension)));
      r.scale.push_back(scale);
      r.score.push_back(static_cast<std::int16_t>(score));
      if (weighted) r.weight.push_back(groups[key]);
    }
    return s;
  };
  const Snapshot plain = build(rows, false), weighted = build(rows, true);
  REQUIRE(weighted.responses.size() < plain.responses.size());
  REQUIRE(weighted.responses.answers() == plain.responses.size());
  const Settings settings;
  for (const char* name : {"satisfaction", "service_matrix", "units"}) {
    INFO(name);
    const Table a = build_dataset(name, BuildContext{plain, settings}), b = build_dataset(name, BuildContext{weighted, settings});
    CHECK(cells(a) == cells(b));
  }
  // The tie is real: exactly one of C2 and C4 is hidden beside C3. Equal cells are published in
  // key order and the one that would complete the subtraction is given up: C4.
  const Table sat = build_satisfaction(BuildContext{weighted, settings});
  const View v{sat};
  int hidden_c2 = 0, hidden_c4 = 0;
  for (std::size_t r = 0; r < sat.rows(); ++r) {
    if (v.null("customer_id", r) || v.text("dimension", r) != "overall") continue;
    const bool hidden = v.integer("suppressed", r) != 0;
    if (v.text("customer_id", r) == "C2") hidden_c2 += hidden;
    if (v.text("customer_id", r) == "C4") hidden_c4 += hidden;
  }
  CHECK(hidden_c2 == 0);
  CHECK(hidden_c4 == 1);
}
