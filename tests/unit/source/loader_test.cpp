// The loader end to end through the real sqliteodbc driver (DRIVER=SQLite3) over a sample.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "fixture.hpp"
#include "source/loader.hpp"

using namespace icm;
using namespace icm_test;

namespace {

const Snapshot& loaded_sample() {
  static const Snapshot s = [] {
    SessionOptions o;
    o.connection = connection_to(sample_db());
    o.profile_dir = sample_profile();
    return load_snapshot(o, Settings{});
  }();
  return s;
}

const RejectExample* example(const RecordAccount& a, const std::string& column, std::uint64_t row) {
  for (const auto& e : a.examples)
    if (e.column == column && e.row == row) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("every row of the sample is accounted for", "[loader]") {
  const Snapshot& s = loaded_sample();
  const std::string db = sample_db();
  const std::pair<Record, const char*> tables[] = {
      {Record::unit, "departments"},          {Record::employee, "employees"},
      {Record::relation, "service_agreements"}, {Record::survey_response, "survey_answers"},
      {Record::complaint, "complaints"},      {Record::follow_up, "complaint_visits"},
      {Record::review, "appraisal_scores"},   {Record::kpi, "dept_kpis"}};
  for (const auto& [record, table] : tables) {
    INFO(record_name(record));
    const RecordAccount& a = s.account(record);
    CHECK(a.present);
    CHECK(a.read == static_cast<std::uint64_t>(sql_int(db, std::string("SELECT count(*) FROM ") + table)));
    CHECK(a.read == a.accepted + a.rejected);
  }
  CHECK(s.account(Record::survey_response).read == 20000);
  CHECK(s.responses.size() == 20000 - 4);
  CHECK(s.units.size() == static_cast<std::size_t>(sql_int(db, "SELECT count(*) FROM departments")));
  CHECK(s.employees.size() + 1 == static_cast<std::size_t>(sql_int(db, "SELECT count(*) FROM employees")));
  CHECK(s.account(Record::complaint).rejected == 0);
  CHECK(s.account(Record::kpi).rejected == 0);
  CHECK(s.periods.size() == 4);
  CHECK(s.responses.dimensions.size() == 5);
  CHECK(s.responses.scales.size() == 2);
  CHECK(s.units.parent[0] == kNoIndex);  // the company root
  CHECK(s.as_of != kNullDay);
  CHECK(format_date(s.as_of).rfind("2025-", 0) == 0);
}

TEST_CASE("planted bad rows are rejected with reason, row and column", "[loader]") {
  const Snapshot& s = loaded_sample();
  const std::string db = sample_db();
  const RecordAccount& a = s.account(Record::survey_response);
  CHECK(a.rejected == 4);
  CHECK(a.rejected_by_reason.at("score_out_of_range") == 1);
  CHECK(a.rejected_by_reason.at("unknown_unit") == 1);
  CHECK(a.rejected_by_reason.at("duplicate_key") == 1);
  CHECK(a.rejected_by_reason.at("bad_date") == 1);
  // Rows come in survey_answers rowid order (see profiles/sample/survey_response.sql).
  const auto score_row = static_cast<std::uint64_t>(
      sql_int(db, "SELECT a.rowid FROM survey_answers a JOIN survey_questions q USING (question_code) "
                  "WHERE a.score > q.scale_max"));
  const RejectExample* e = example(a, "score", score_row);
  REQUIRE(e != nullptr);
  CHECK(e->reason.find("outside scale [") != std::string::npos);
  CHECK(example(a, "provider_id", static_cast<std::uint64_t>(sql_int(
                                      db, "SELECT rowid FROM survey_answers WHERE provider_dept = 'ZZZ'"))));
  CHECK(example(a, "response_id", 12000) != nullptr);
  const RejectExample* d = example(a, "answered_at", 16000);
  REQUIRE(d != nullptr);
  CHECK(d->value == "2025-02-30 09:15:00");

  const RecordAccount& emp = s.account(Record::employee);
  CHECK(emp.rejected == 1);
  CHECK(emp.rejected_by_reason.at("bad_date") == 1);
  REQUIRE(emp.examples.size() == 1);
  CHECK(emp.examples[0].column == "hire_date");
  CHECK(emp.examples[0].value == "2019-02-30");
  CHECK(emp.examples[0].row == static_cast<std::uint64_t>(sql_int(db, "SELECT count(*) FROM employees")));
}

TEST_CASE("a query without a required column fails before loading, naming file and column", "[loader]") {
  const auto dir = scratch_dir() / "missing_column";
  write_file(dir / "unit.sql", "SELECT dept_id AS id, dept_name AS name, parent_dept_id AS parent_id, "
                               "is_active AS active FROM departments");
  SessionOptions o;
  o.connection = connection_to(sample_db());
  o.profile_dir = dir.string();
  CHECK_THROWS_WITH(load_snapshot(o, Settings{}),
                    (dir / "unit.sql").string() +
                        ": result has no column 'kind' (columns: id, name, parent_id, active)");
}

TEST_CASE("a writing profile is refused before it reaches the database", "[loader]") {
  const auto dir = scratch_dir() / "writer";
  write_file(dir / "unit.sql", "DELETE FROM departments");
  SessionOptions o;
  o.connection = connection_to(sample_db());
  o.profile_dir = dir.string();
  CHECK_THROWS_WITH(load_snapshot(o, Settings{}), Catch::StartsWith((dir / "unit.sql").string()) &&
                                                      Catch::Contains("single SELECT or WITH"));
  CHECK(sql_int(sample_db(), "SELECT count(*) FROM departments") > 0);
}

TEST_CASE("absent records are not errors", "[loader]") {
  const auto dir = scratch_dir() / "units_only";
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(sample_profile() + "/unit.sql", dir / "unit.sql",
                             std::filesystem::copy_options::overwrite_existing);
  SessionOptions o;
  o.connection = connection_to(sample_db());
  o.profile_dir = dir.string();
  Settings settings;
  settings.as_of = "2025-06-30";
  const Snapshot s = load_snapshot(o, settings);
  CHECK(s.account(Record::unit).present);
  CHECK_FALSE(s.account(Record::survey_response).present);
  CHECK(s.responses.size() == 0);
  CHECK(format_date(s.as_of) == "2025-06-30");
}

TEST_CASE("a query that uses :period is refused: queries read every period", "[loader]") {
  const auto dir = scratch_dir() / "period_refused";
  write_file(dir / "unit.sql", "SELECT dept_id AS id, dept_name AS name, parent_dept_id AS parent_id, "
                               "'team' AS kind, 1 AS active FROM departments");
  write_file(dir / "kpi.sql",
             "SELECT dept_id AS unit_id, period_label AS period, metric, value, target, better AS direction\n"
             "FROM dept_kpis WHERE period_label = :period\n");
  SessionOptions o;
  o.connection = connection_to(sample_db());
  o.profile_dir = dir.string();
  for (const char* period : {"", "2025-Q2"}) {
    o.period = period;
    CHECK_THROWS_WITH(load_snapshot(o, Settings{}),
                      (dir / "kpi.sql").string() + ": the query uses :period; profile queries read every period (a "
                      "period only selects rows of the protected publication, docs/profiles.md): remove the :period "
                      "condition");
  }
}

TEST_CASE("the loader reads every period, whatever the session's period", "[loader]") {
  SessionOptions o;
  o.connection = connection_to(sample_db());
  o.profile_dir = sample_profile();
  o.period = "2025-Q3";
  const Snapshot s = load_snapshot(o, Settings{});
  const auto expected = sql_int(sample_db(), "SELECT count(*) FROM survey_answers");
  const RecordAccount& a = s.account(Record::survey_response);
  CHECK(a.read == static_cast<std::uint64_t>(expected));
  CHECK(a.read == a.accepted + a.rejected);
  CHECK(s.periods.size() == 4);
}

TEST_CASE("unit trees: unknown parents and cycles are rejected with their subtrees", "[loader]") {
  const auto dir = scratch_dir() / "tree";
  write_file(dir / "unit.sql",
             "SELECT 'A' AS id, 'a' AS name, NULL AS parent_id, 'Department' AS kind, 1 AS active\n"
             "UNION ALL SELECT 'B', 'b', 'X', 'team', 'yes'\n"   // parent X does not exist
             "UNION ALL SELECT 'C', 'c', 'B', 'team', 'N'\n"     // child of a rejected unit
             "UNION ALL SELECT 'D', 'd', 'E', 'team', 1\n"       // D -> E -> D
             "UNION ALL SELECT 'E', 'e', 'D', '团队', 1\n"
             "UNION ALL SELECT 'F', 'f', 'A', 'bogus', 1\n"
             "UNION ALL SELECT 'G', 'g', 'A', '员工', 'maybe'\n"
             "UNION ALL SELECT 'H', 'h', 'A', '部门', 0\n"
             "UNION ALL SELECT 'A', 'again', NULL, 'department', 1\n");
  SessionOptions o;
  o.connection = connection_to(sample_db());
  o.profile_dir = dir.string();
  const Snapshot s = load_snapshot(o, Settings{});
  const RecordAccount& a = s.account(Record::unit);
  CHECK(a.read == 9);
  CHECK(a.accepted == 2);
  CHECK(a.rejected == 7);
  CHECK(a.rejected_by_reason.at("unknown_parent") == 2);
  CHECK(a.rejected_by_reason.at("parent_cycle") == 2);
  CHECK(a.rejected_by_reason.at("bad_kind") == 1);
  CHECK(a.rejected_by_reason.at("bad_boolean") == 1);
  CHECK(a.rejected_by_reason.at("duplicate_key") == 1);
  REQUIRE(s.units.size() == 2);
  CHECK(s.units.ids.at(1) == "H");
  CHECK(s.units.parent[1] == 0);
  CHECK(s.units.kind[1] == UnitKind::department);
  CHECK_FALSE(s.units.active[1]);
  CHECK(example(a, "parent_id", 2) != nullptr);
}
