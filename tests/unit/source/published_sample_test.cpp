// The protected publication of sample companies loaded through the real sqliteodbc driver:
// a period is a filter of it, and nothing hidden can be recovered from it — checked by the
// auditor (which sees only the tables) and against the snapshot's own answers.
#include <catch2/catch.hpp>

#include "../engines/audit_truth.hpp"
#include "core/error.hpp"
#include "fixture.hpp"
#include "source/session.hpp"

using namespace icm;

namespace {

std::unique_ptr<Session> open_sample(const std::string& db, const std::string& period = "") {
  SessionOptions o;
  o.connection = icm_test::connection_to(db);
  o.profile_dir = icm_test::sample_profile();
  o.period = period;
  return Session::open(o);
}

std::map<std::string, Table> tables_of(Session& s) {
  std::map<std::string, Table> out;
  for (const char* name : {"units", "satisfaction", "service_matrix", "appraisal", "complaints"})
    out.emplace(name, s.dataset(name));
  return out;
}

std::vector<std::string> row_texts(const Table& t, const std::string& period) {
  std::vector<std::string> rows;
  const int pc = t.find("period");
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (pc >= 0 && !period.empty() && t.cell_text(static_cast<std::size_t>(pc), r) != period) continue;
    std::string line;
    for (std::size_t c = 0; c < t.cols(); ++c) {
      char buf[40];
      if (t.column(c).type == ColumnType::real && !t.is_null(c, r))
        std::snprintf(buf, sizeof buf, "%.17g", t.column(c).reals[r]), line += buf;
      else
        line += t.is_null(c, r) ? "NULL" : t.cell_text(c, r);
      line += '|';
    }
    rows.push_back(line);
  }
  return rows;
}

}  // namespace

TEST_CASE("a period is a filter of the one protected publication", "[publication][period]") {
  const auto all = open_sample(icm_test::sample_db());
  for (const char* period : {"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"}) {
    INFO(period);
    const auto one = open_sample(icm_test::sample_db(), period);
    for (const auto& name : dataset_names()) {
      INFO(name);
      // Exactly the full publication's rows of that period, cell for cell (units whole).
      CHECK(row_texts(one->dataset(name), "") == row_texts(all->dataset(name), period));
    }
  }
  try {
    open_sample(icm_test::sample_db(), "2031-Q9");
    FAIL("a period no data has must be an error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::not_found);
    CHECK(std::string(e.what()) ==
          "no data has the period '2031-Q9' (periods in the data: 2025-Q1, 2025-Q2, 2025-Q3, 2025-Q4)");
  }
}

TEST_CASE("sample companies: nothing hidden can be recovered", "[publication][audit]") {
  // icm sample seeds 1–50 at 20,000 responses, and seeds 11 and 42 at 200,000.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> runs;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) runs.push_back({seed, 20000});
  runs.push_back({11, 200000});
  runs.push_back({42, 200000});
  std::size_t hidden = 0;
  for (const auto& [seed, responses] : runs) {
    const std::string db = (icm_test::scratch_dir() / ("seed" + std::to_string(seed) + "-" + std::to_string(responses) + ".db")).string();
    SampleOptions so;
    so.seed = seed;
    so.responses = responses;
    write_sample(db, so, {});
    const auto session = open_sample(db);
    const auto tables = tables_of(*session);
    const auto bad = icm_test::breaches(tables, icm_test::truth(session->snapshot()), 5);
    INFO("seed " << seed << ", " << responses << " responses:" << icm_test::joined(bad));
    CHECK(bad.empty());
    const auto report = audit::audit(tables, {});
    hidden += report.hidden_groups;
    std::filesystem::remove(db);
  }
  CHECK(hidden > 0);  // the sample companies do have hidden groups to protect
}

TEST_CASE("a quarter still open on the as-of date is not published, and asking for it is said", "[publication][period]") {
  // The sample profile with "today" in the middle of its last quarter.
  const auto profile = icm_test::scratch_dir() / "profile-open-q4";
  std::filesystem::create_directories(profile);
  for (const auto& f : std::filesystem::directory_iterator(icm_test::sample_profile()))
    std::filesystem::copy_file(f.path(), profile / f.path().filename(), std::filesystem::copy_options::overwrite_existing);
  icm_test::write_file(profile / "settings.ini", "[period]\nas_of = 2025-11-20\n");
  SessionOptions o;
  o.connection = icm_test::connection_to(icm_test::sample_db());
  o.profile_dir = profile.string();
  const auto s = Session::open(o);
  const Table& sat = s->dataset("satisfaction");
  const int pc = sat.find("period");
  bool q3 = false;
  for (std::size_t r = 0; r < sat.rows(); ++r) {
    CHECK(sat.cell_text(static_cast<std::size_t>(pc), r) != "2025-Q4");
    q3 = q3 || sat.cell_text(static_cast<std::size_t>(pc), r) == "2025-Q3";
  }
  CHECK(q3);
  o.period = "2025-Q4";
  try {
    Session::open(o);
    FAIL("an unpublished period must be an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "period '2025-Q4' is not published yet: open: published from 2026-01-01 "
                                   "(settings.ini [confidentiality] publish, docs/methods.md)");
  }
}
