// The auditor and the joint protection, attacked as an attacker would attack them.
//  - Against the old per-table rule's published output (tests/data/audit/per-table-rule): the
//    auditor must find the hidden groups the issue reported recovered by hand (values from the
//    issue's own subtraction, which used nothing of icm's).
//  - Against the joint protection: a company whose departments are roots, and thousands of random
//    companies. Each must pass breaches() (audit_truth.hpp): the auditor finds nothing, and no
//    combination of hidden groups that the shown cells determine lives on fewer than k people,
//    counted from the snapshot's rows.
#include <catch2/catch.hpp>

#include <random>

#include "audit_truth.hpp"
#include "core/privacy/audit.hpp"
#include "fixture.hpp"

using namespace icm;

namespace {

std::string fixture(const std::string& name) { return std::string(ICM_TEST_DATA_DIR) + "/audit/per-table-rule/" + name; }

const audit::Finding* find(const audit::Report& r, const std::string& kind, const std::string& dataset,
                           const std::string& key) {
  for (const auto& f : r.findings)
    if (f.kind == kind && f.dataset == dataset && f.key == key) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("auditor: the per-table rule's output gives hidden groups away", "[audit]") {
  SECTION("seed 42: one person's team pair recovered by subtracting provider cells from units") {
    const auto r = audit::audit(audit::read_csv_dir(fixture("seed42")), {});
    // HR-T1's answers about FIN in 2025-Q4: 2 respondents, n = 2, mean 3.0 (index 50).
    const auto* f = find(r, "cell", "satisfaction", "FIN|HR-T1|2025-Q4|overall");
    REQUIRE(f != nullptr);
    CHECK(f->answers == Approx(2));
    CHECK(f->index == Approx(50));
    // QA-T3's pooled satisfaction (2 people), hidden in units, is QA minus its visible teams.
    CHECK(find(r, "cell", "units", "QA-T3") != nullptr);
  }
  SECTION("seed 42 with --period 2025-Q4: the same breach in the quarter's own publication") {
    const auto r = audit::audit(audit::read_csv_dir(fixture("seed42-q4")), {});
    const auto* f = find(r, "cell", "satisfaction", "FIN|HR-T1|2025-Q4|overall");
    REQUIRE(f != nullptr);
    CHECK(f->answers == Approx(2));
  }
  SECTION("seed 2: one person's answers, n = 3, mean 3.67") {
    const auto r = audit::audit(audit::read_csv_dir(fixture("seed2")), {});
    const auto* f = find(r, "cell", "satisfaction", "QA|FIN-T1|2025-Q4|overall");
    REQUIRE(f != nullptr);
    CHECK(f->answers == Approx(3));
    CHECK(1 + f->index / 25 == Approx(11.0 / 3));  // mean on the 1–5 scale
  }
  SECTION("seed 6: a unit's hidden follow-up satisfaction is the all-units row minus the others") {
    const auto r = audit::audit(audit::read_csv_dir(fixture("seed6")), {});
    CHECK(find(r, "cell", "complaints", "LOG|2025-Q1") != nullptr);
  }
}

TEST_CASE("auditor: hand-made tables, each attack found and named", "[audit]") {
  // A provider's all-customers row over three customers, one hidden: the row minus the two shown
  // ones gives it (n 10 − 4 − 4 = 2, index points (10·60 − 4·50 − 4·70)/2 = 60).
  Table sat("satisfaction");
  for (const char* c : {"provider_id", "customer_id", "period", "dimension", "respondents", "n", "index", "suppressed"})
    sat.add_column(c, ColumnType::text, c, c);
  auto row = [&](const char* customer, const char* resp, const char* n, const char* index, const char* hidden) {
    auto w = sat.append();
    w.text("P").text(customer).text("2024-Q1").text("overall");
    resp ? w.text(resp) : w.null();
    n ? w.text(n) : w.null();
    index ? w.text(index) : w.null();
    w.text(hidden);
  };
  sat.append().text("P").null().text("2024-Q1").text("overall").text("9").text("10").text("60").text("0");
  row("A", "4", "4", "50", "0");
  row("B", "4", "4", "70", "0");
  row("C", nullptr, nullptr, nullptr, "1");
  const std::map<std::string, Table> tables{{"satisfaction", sat}};
  const auto r = audit::audit(tables, {});
  const auto* f = find(r, "cell", "satisfaction", "P|C|2024-Q1|overall");
  REQUIRE(f != nullptr);
  CHECK(f->answers == Approx(2));
  CHECK(f->index == Approx(60));
  CHECK(f->how == "+satisfaction P|*|2024-Q1|overall");
  CHECK(r.notes.size() == 4);  // units, service_matrix, appraisal and complaints were not given

  // With B hidden too neither is determined, and their union (6 answers, 9 − 4 = 5 respondents
  // by the printed counts) is not small: nothing to report. Had the all-customers row counted 7
  // respondents, the union's 3 would be.
  Table two = sat;
  for (std::size_t c = 4; c <= 6; ++c) two.column(c).null[2] = 1;
  two.column(7).texts[2] = "1";
  CHECK(audit::audit({{"satisfaction", two}}, {}).findings.empty());
  two.column(4).texts[0] = "7";
  const auto r3 = audit::audit({{"satisfaction", two}}, {});
  REQUIRE(r3.findings.size() == 1);
  CHECK(r3.findings[0].kind == "union");
  CHECK(r3.findings[0].respondents == Approx(3));
  CHECK(r3.findings[0].groups == std::vector<std::string>{"P|B|2024-Q1|overall", "P|C|2024-Q1|overall"});
}

namespace {

// People answering as members of their unit: each id is one person.
struct Company {
  Snapshot s;
  std::vector<std::vector<std::string>> members;  // per unit row
  std::uint32_t unit(const std::string& id, std::uint32_t parent = kNoIndex) {
    test::add_unit(s, id, id + " name", parent, parent == kNoIndex ? UnitKind::department : UnitKind::team, true);
    members.emplace_back();
    return static_cast<std::uint32_t>(s.units.size() - 1);
  }
  void people(std::uint32_t u, int n) {
    for (int i = 0; i < n; ++i) members[u].push_back(s.units.ids.at(u) + "-p" + std::to_string(i));
  }
};

}  // namespace

TEST_CASE("joint protection: departments that are roots, one of a single person", "[audit][protection]") {
  // Six customer departments with no company unit above them, of 1, 9, 11, 31, 50 and 209
  // people, each person rating the same three provider departments on four dimensions in two
  // quarters; the providers are appraised. Per-table rules left roots unprotected: each
  // provider's all-customers row minus the shown departments gave the single person's ratings.
  Company c;
  std::vector<std::uint32_t> customers;
  for (int size : {1, 9, 11, 31, 50, 209}) {
    customers.push_back(c.unit("D" + std::to_string(size)));
    c.people(customers.back(), size);
  }
  std::vector<std::uint32_t> providers = {c.unit("P1"), c.unit("P2"), c.unit("P3")};
  std::mt19937 rng(7);
  for (const char* period : {"2025-Q1", "2025-Q2"})
    for (auto cu : customers)
      for (const auto& who : c.members[cu])
        for (auto p : providers)
          for (const char* dim : {"service_quality", "attitude", "efficiency", "overall"})
            test::add_response(c.s, who, p, cu, period, dim, Scale{1, 5}, 1 + static_cast<int>(rng() % 5));
  for (auto p : providers)
    for (const char* period : {"2025-Q1", "2025-Q2"})
      test::add_review(c.s, c.s.units.ids.at(p), period, "service_quality", 4, "R1");
  const Settings st = Settings::defaults();
  const auto tables = icm_test::published(c.s, st);
  const auto bad = icm_test::breaches(tables, icm_test::truth(c.s), 5);
  INFO(icm_test::joined(bad));
  CHECK(bad.empty());

  // The single person's department: hidden wherever it appears, and not recoverable (above).
  const Table& sat = tables.at("satisfaction");
  const int cust = sat.find("customer_id"), sup = sat.find("suppressed");
  int rows = 0;
  for (std::size_t r = 0; r < sat.rows(); ++r) {
    if (sat.is_null(static_cast<std::size_t>(cust), r) || sat.column(static_cast<std::size_t>(cust)).texts[r] != "D1") continue;
    ++rows;
    CHECK(sat.column(static_cast<std::size_t>(sup)).ints[r] == 1);
  }
  CHECK(rows == 3 * 4 * 2);
  const Table& units = tables.at("units");
  CHECK(units.column(static_cast<std::size_t>(units.find("satisfaction_suppressed"))).ints[0] == 1);
  // The all-customers rows stay shown: the protection hides the next-smallest department instead.
  for (std::size_t r = 0; r < sat.rows(); ++r)
    if (sat.is_null(static_cast<std::size_t>(cust), r)) CHECK(sat.column(static_cast<std::size_t>(sup)).ints[r] == 0);
}

TEST_CASE("joint protection: random companies keep the promise", "[audit][protection][property]") {
  // Random unit trees of depth 1–4 (roots included), many tiny units, random providers among
  // them, 1–3 periods, 1–3 dimensions, reviews (appraisal) and follow-up visits; threshold 3–6.
  std::mt19937_64 rng(20261202);
  auto below = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  const char* dims[] = {"overall", "attitude", "efficiency"};
  const char* periods[] = {"2025-Q1", "2025-Q2", "2025-Q3"};
  int cases = 0, with_hidden_shown = 0;
  for (int round = 0; round < 2000; ++round) {
    Company c;
    const int units = 2 + below(12);
    std::vector<int> depth;
    for (int u = 0; u < units; ++u) {
      std::uint32_t parent = kNoIndex;
      if (u > 0 && below(4) != 0) {
        const int p = below(u);
        if (depth[static_cast<std::size_t>(p)] < 3) parent = static_cast<std::uint32_t>(p);
      }
      depth.push_back(parent == kNoIndex ? 0 : depth[parent] + 1);
      c.unit("U" + std::to_string(u), parent);
      c.people(static_cast<std::uint32_t>(u), below(2) ? 1 + below(4) : below(3) ? 5 + below(10) : 0);
    }
    std::vector<std::uint32_t> providers;
    for (int u = 0; u < units; ++u)
      if (below(3) == 0 || providers.empty()) providers.push_back(static_cast<std::uint32_t>(u));
    const int n_periods = 1 + below(3), n_dims = 1 + below(3);
    for (int t = 0; t < n_periods; ++t)
      for (std::uint32_t u = 0; u < static_cast<std::uint32_t>(units); ++u)
        for (const auto& who : c.members[u])
          for (auto p : providers) {
            if (p == u || below(3) == 0) continue;
            for (int d = 0; d < n_dims; ++d)
              test::add_response(c.s, who, p, u, periods[t], dims[d], Scale{1, 5}, 1 + below(5));
          }
    for (auto p : providers)
      for (int t = 0; t < n_periods; ++t)
        if (below(2)) test::add_review(c.s, c.s.units.ids.at(p), periods[t], "service_quality", 60 + below(40), "R1");
    for (int k = below(8); k > 0; --k) {
      const auto against = static_cast<std::uint32_t>(below(units));
      const auto row = test::add_complaint(c.s, against, test::instant(2025, 1 + static_cast<unsigned>(below(6)), 5), 2, 20);
      for (int f = below(4); f > 0; --f) test::add_follow_up(c.s, row, 1 + below(5), Scale{1, 5});
    }
    c.s.as_of = days_from_civil(2025, 9, 30);
    Settings st = Settings::defaults();
    st.min_group_size = 3 + below(4);
    const auto tables = icm_test::published(c.s, st);
    const auto bad = icm_test::breaches(tables, icm_test::truth(c.s), st.min_group_size);
    ++cases;
    INFO("round " << round << ", threshold " << st.min_group_size << ": " << icm_test::joined(bad));
    REQUIRE(bad.empty());
    // Count companies where the protection hid a cell that had enough respondents.
    const auto pub = Publication::protect(c.s, st);
    if (pub->summary().secondary > 0) ++with_hidden_shown;
  }
  CHECK(cases == 2000);
  CHECK(with_hidden_shown > 200);  // the cases do exercise secondary suppression
}

TEST_CASE("auditor: feasibility intervals bound a hidden group's mean", "[audit]") {
  // All customers: n 10, index 99 (990 index points); A shown: n 4, index 100; B and C hidden.
  // So B + C hold 6 answers and 590 points: B's mean is at least (590 − 100·(6 − n_B))/n_B
  // = 100 − 10/n_B, lowest with n_B = 1: 90; at most 100. Worked by hand.
  Table sat("satisfaction");
  for (const char* c : {"provider_id", "customer_id", "period", "dimension", "respondents", "n", "index", "suppressed"})
    sat.add_column(c, ColumnType::text, c, c);
  sat.append().text("P").null().text("2024-Q1").text("overall").text("9").text("10").text("99").text("0");
  sat.append().text("P").text("A").text("2024-Q1").text("overall").text("4").text("4").text("100").text("0");
  sat.append().text("P").text("B").text("2024-Q1").text("overall").null().null().null().text("1");
  sat.append().text("P").text("C").text("2024-Q1").text("overall").null().null().null().text("1");
  audit::Options o;
  o.width = 10;
  const auto r = audit::audit({{"satisfaction", sat}}, o);
  const auto* b = find(r, "interval", "satisfaction", "P|B|2024-Q1|overall");
  REQUIRE(b != nullptr);
  CHECK(b->low == Approx(90));
  CHECK(b->high == Approx(100));
  CHECK(find(r, "interval", "satisfaction", "P|C|2024-Q1|overall") != nullptr);
  o.width = 9.9;  // narrower than the bound: not reported
  CHECK(audit::audit({{"satisfaction", sat}}, o).findings.empty());
  o.width = 0;    // exact recoveries only
  CHECK(audit::audit({{"satisfaction", sat}}, o).findings.empty());
}
