// The sample writer: reproducible to the byte in table contents, and shaped as documented.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "fixture.hpp"

using namespace icm_test;

namespace {

// Every table's rows in rowid order, as text: the "table contents" two runs must share.
std::string dump(const std::string& db) {
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  std::string out;
  for (const char* table : {"departments", "employees", "service_agreements", "survey_waves", "survey_questions",
                            "survey_answers", "complaints", "complaint_visits", "appraisal_scores", "dept_kpis"}) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(h, (std::string("SELECT * FROM ") + table + " ORDER BY rowid").c_str(), -1, &st, nullptr);
    out += table;
    out += '\n';
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const auto* v = sqlite3_column_text(st, c);
        out += v ? reinterpret_cast<const char*>(v) : "\\N";
        out += '\t';
      }
      out += '\n';
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return out;
}

}  // namespace

TEST_CASE("the same seed gives identical table contents", "[sample]") {
  icm::SampleOptions o;
  o.responses = 3000;
  o.seed = 7;
  const std::string a = (scratch_dir() / "a.db").string(), b = (scratch_dir() / "b.db").string(),
                    c = (scratch_dir() / "c.db").string();
  icm::write_sample(a, o, {});
  icm::write_sample(b, o, {});
  o.seed = 8;
  icm::write_sample(c, o, {});
  const std::string da = dump(a);
  CHECK(da.size() > 100000);
  CHECK(da == dump(b));
  CHECK(da != dump(c));
}

TEST_CASE("the sample company has the documented shape", "[sample]") {
  const std::string db = sample_db();
  CHECK(sql_int(db, "SELECT count(*) FROM departments WHERE level = 1") == 8);
  CHECK(sql_int(db, "SELECT count(*) FROM survey_answers") == 20000);
  CHECK(sql_int(db, "SELECT count(DISTINCT period_label) FROM survey_waves") == 4);
  CHECK(sql_int(db, "SELECT count(*) FROM survey_answers WHERE question_code = 'Q5_RECOMMEND' AND score = 10") > 0);
  CHECK(sql_int(db, "SELECT count(DISTINCT score) FROM survey_answers WHERE question_code = 'Q5_RECOMMEND'") >= 8);
  // Small teams below the anonymity threshold of 5.
  CHECK(sql_int(db, "SELECT count(*) FROM (SELECT dept_id FROM employees GROUP BY dept_id HAVING count(*) < 5)") > 0);
  // Providers differ: the best and worst department means on overall satisfaction are apart.
  CHECK(sql_int(db, "SELECT (max(m) - min(m)) * 100 FROM (SELECT avg(score) AS m FROM survey_answers "
                    "WHERE question_code = 'Q4_OVERALL' GROUP BY provider_dept HAVING count(*) > 50)") > 50);
  CHECK(sql_int(db, "SELECT count(*) FROM complaints WHERE resolved_at IS NULL") > 0);
  CHECK(sql_int(db, "SELECT count(*) FROM complaint_visits") > 0);
  CHECK(sql_int(db, "SELECT count(DISTINCT rater_role) FROM appraisal_scores") == 2);
  CHECK(sql_int(db, "SELECT count(DISTINCT metric) FROM dept_kpis") == 4);
}

TEST_CASE("progress is reported while writing", "[sample]") {
  icm::SampleOptions o;
  o.responses = 250000;
  std::uint64_t last = 0, calls = 0;
  icm::write_sample((scratch_dir() / "progress.db").string(), o, [&](const char*, std::uint64_t rows, std::uint64_t total) {
    ++calls;
    last = rows;
    CHECK(total == 250000);
  });
  CHECK(calls >= 3);
  CHECK(last == 250000);
}
