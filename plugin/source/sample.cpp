// Writes the sample company as HR-system tables (one transaction, prepared statements,
// journal off: a fresh file needs no crash safety, and this keeps 10^7 answers fast).
//
// Planted bad rows (when plant_errors): in survey_answers, at rows N/5 (score above the
// question's scale), 2N/5 (provider_dept 'ZZZ', no such department), 3N/5 (answer_id repeats
// the previous row's) and 4N/5 (answered_at '<year>-02-30 09:15:00'); in employees, the last
// employee's hired_on is '2019-02-30'. profiles/sample/README.md lists them for `icm check`.
#include "source/sample.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "core/error.hpp"
#include "source/sample_company.hpp"

namespace icm {

namespace {

using detail::SampleCompany;
using detail::SampleEmployee;
using detail::SampleRandom;
using detail::SampleUnit;

constexpr const char* kSchema = R"sql(
CREATE TABLE departments (dept_id TEXT PRIMARY KEY, dept_name TEXT NOT NULL, parent_dept_id TEXT,
  level INTEGER NOT NULL, is_active INTEGER NOT NULL);
CREATE TABLE employees (emp_no INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, dept_id TEXT,
  hired_on TEXT, status TEXT);
CREATE TABLE service_agreements (agreement_id INTEGER PRIMARY KEY, provider_dept TEXT,
  customer_dept TEXT, start_date TEXT);
CREATE TABLE survey_waves (wave_id INTEGER PRIMARY KEY, period_label TEXT, opened_on TEXT, closed_on TEXT);
CREATE TABLE survey_questions (question_code TEXT PRIMARY KEY, question_text TEXT, dimension TEXT,
  scale_min INTEGER, scale_max INTEGER);
CREATE TABLE survey_answers (answer_id INTEGER NOT NULL, wave_id INTEGER, respondent_emp_no INTEGER,
  provider_dept TEXT, question_code TEXT, score INTEGER, answered_at TEXT);
CREATE TABLE complaints (complaint_no TEXT PRIMARY KEY, raised_by_dept TEXT, against_dept TEXT,
  opened_at TEXT, acknowledged_at TEXT, resolved_at TEXT, state TEXT, severity TEXT, category TEXT);
CREATE TABLE complaint_visits (visit_id INTEGER PRIMARY KEY, complaint_no TEXT, visited_at TEXT,
  satisfaction INTEGER);
CREATE TABLE appraisal_scores (appraisal_id INTEGER PRIMARY KEY, dept_id TEXT, period_label TEXT,
  criterion TEXT, score REAL, rater_emp_no INTEGER, rater_role TEXT, weight REAL);
CREATE TABLE dept_kpis (dept_id TEXT, period_label TEXT, metric TEXT, value REAL, target REAL, better TEXT);
)sql";

struct Question {
  const char* code;
  const char* text;
  const char* dimension;
  int min, max;
};
constexpr Question kQuestions[] = {
    {"Q1_SERVICE", "服务质量 Quality of the service", "service_quality", 1, 5},
    {"Q2_ATTITUDE", "服务态度 Attitude of the staff", "attitude", 1, 5},
    {"Q3_EFFICIENCY", "处理效率 Speed of handling", "efficiency", 1, 5},
    {"Q4_OVERALL", "总体满意度 Overall satisfaction", "overall", 1, 5},
    {"Q5_RECOMMEND", "推荐意愿 Would you recommend this department", "recommend", 0, 10},
};
constexpr int kQuestionCount = 5;

class Db {
 public:
  explicit Db(const std::string& path) : path_(path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
      const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw Error(ErrorCode::io, path + ": cannot create the sample database: " + why);
    }
  }
  ~Db() { sqlite3_close(db_); }
  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      const std::string why = err ? err : "unknown error";
      sqlite3_free(err);
      throw Error(ErrorCode::io, path_ + ": " + why);
    }
  }
  sqlite3* get() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

// A prepared INSERT bound column by column; step() inserts and resets.
class Insert {
 public:
  Insert(Db& db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db.get(), sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw Error(ErrorCode::internal, std::string("sample: ") + sqlite3_errmsg(db.get()));
  }
  ~Insert() { sqlite3_finalize(stmt_); }
  Insert& text(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // For buffers that outlive step(): no copy.
  Insert& text_static(int i, const char* v, int n) {
    sqlite3_bind_text(stmt_, i, v, n, SQLITE_STATIC);
    return *this;
  }
  Insert& integer(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Insert& real(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Insert& null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  void step() {
    if (sqlite3_step(stmt_) != SQLITE_DONE)
      throw Error(ErrorCode::io, db_.path() + ": " + sqlite3_errmsg(db_.get()));
    sqlite3_reset(stmt_);
  }

 private:
  Db& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// "YYYY-MM-DD HH:MM:SS" into buf (20 bytes incl. terminator); returns the length, 19.
int format_instant(Instant t, char* buf) {
  const Day day = static_cast<Day>(t / 86400);
  const int secs = static_cast<int>(t % 86400);
  int y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(day, y, m, d);
  auto put = [&](int pos, int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) buf[pos + i] = static_cast<char>('0' + value % 10);
  };
  put(0, y, 4);
  buf[4] = '-';
  put(5, static_cast<int>(m), 2);
  buf[7] = '-';
  put(8, static_cast<int>(d), 2);
  buf[10] = ' ';
  put(11, secs / 3600, 2);
  buf[13] = ':';
  put(14, secs / 60 % 60, 2);
  buf[16] = ':';
  put(17, secs % 60, 2);
  buf[19] = 0;
  return 19;
}

std::string instant_text(Instant t) {
  char buf[20];
  return std::string(buf, static_cast<std::size_t>(format_instant(t, buf)));
}

int clamp_round(double v, int lo, int hi) {
  const int r = static_cast<int>(std::floor(v + 0.5));
  return r < lo ? lo : r > hi ? hi : r;
}

std::string period_label(int year, int wave) { return std::to_string(year) + "-Q" + std::to_string(wave + 1); }

void write_org(Db& db, const SampleCompany& c, bool plant) {
  Insert unit(db, "INSERT INTO departments VALUES (?,?,?,?,?)");
  for (const auto& u : c.units) {
    unit.text(1, u.id).text(2, u.name).integer(4, u.level).integer(5, u.active ? 1 : 0);
    if (u.parent.empty()) unit.null(3); else unit.text(3, u.parent);
    unit.step();
  }
  Insert emp(db, "INSERT INTO employees VALUES (?,?,?,?,?,?)");
  for (std::size_t i = 0; i < c.employees.size(); ++i) {
    const auto& e = c.employees[i];
    const bool bad = plant && i + 1 == c.employees.size();
    emp.integer(1, e.emp_no).text(2, e.first_name).text(3, e.last_name).text(4, c.units[e.unit].id)
        .text(5, bad ? std::string("2019-02-30") : format_date(e.hired))
        .text(6, e.active ? "active" : "terminated")
        .step();
  }
  Insert rel(db, "INSERT INTO service_agreements VALUES (?,?,?,?)");
  std::int64_t id = 1;
  for (const auto& r : c.relations)
    rel.integer(1, id++)
        .text(2, c.units[c.departments[static_cast<std::size_t>(r.provider)]].id)
        .text(3, c.units[c.departments[static_cast<std::size_t>(r.customer)]].id)
        .text(4, format_date(r.since))
        .step();
}

Day wave_opened(int year, int wave) { return days_from_civil(year, static_cast<unsigned>(3 * wave + 3), 10); }

void write_survey(Db& db, const SampleCompany& c, const SampleOptions& o, SampleRandom& random,
                  const ProgressFn& progress) {
  Insert wave(db, "INSERT INTO survey_waves VALUES (?,?,?,?)");
  for (int w = 0; w < 4; ++w)
    wave.integer(1, w + 1).text(2, period_label(o.year, w)).text(3, format_date(wave_opened(o.year, w)))
        .text(4, format_date(wave_opened(o.year, w) + 20)).step();
  Insert question(db, "INSERT INTO survey_questions VALUES (?,?,?,?,?)");
  for (const Question& q : kQuestions)
    question.text(1, q.code).text(2, q.text).text(3, q.dimension).integer(4, q.min).integer(5, q.max).step();

  std::vector<std::size_t> respondents;
  for (std::size_t i = 0; i < c.employees.size(); ++i)
    if (c.employees[i].active) respondents.push_back(i);
  if (respondents.empty() || o.responses == 0) return;

  const std::uint64_t n = o.responses;
  const std::uint64_t questionnaires = (n + kQuestionCount - 1) / kQuestionCount;
  const bool plant = o.plant_errors && n >= 50;
  const std::uint64_t bad_score = n / 5, bad_unit = 2 * n / 5, bad_dup = 3 * n / 5, bad_date = 4 * n / 5;
  const int departments = static_cast<int>(c.departments.size());
  Insert answer(db, "INSERT INTO survey_answers VALUES (?,?,?,?,?,?,?)");
  char when[20];
  std::uint64_t row = 0;
  for (std::uint64_t qn = 0; qn < questionnaires && row < n; ++qn) {
    const int w = static_cast<int>(qn * 4 / questionnaires);
    const SampleEmployee& e = c.employees[respondents[random.below(respondents.size())]];
    const int home = c.units[e.unit].department;
    const auto& providers = c.providers_of[static_cast<std::size_t>(home)];
    int provider = providers.empty() ? static_cast<int>(random.below(static_cast<std::uint64_t>(departments)))
                                     : providers[random.below(providers.size())];
    const auto p = static_cast<std::size_t>(provider);
    const double base = c.quality[p] + c.trend[p] * w + e.leniency;
    const Instant at = static_cast<Instant>(wave_opened(o.year, w) + static_cast<Day>(random.below(14))) * 86400 +
                       8 * 3600 + static_cast<Instant>(random.below(10 * 3600));
    for (int k = 0; k < kQuestionCount && row < n; ++k) {
      ++row;
      const Question& q = kQuestions[k];
      int score = k < 4 ? clamp_round(base + c.dimension_offset[p][static_cast<std::size_t>(k)] + 0.8 * random.normal(), 1, 5)
                        : clamp_round(2.5 * (base - 1.0) + 1.4 * random.normal(), 0, 10);
      std::int64_t answer_id = static_cast<std::int64_t>(row);
      std::string provider_id = c.units[c.departments[p]].id;
      int when_len = format_instant(at + k * 20, when);
      if (plant && row == bad_score) score = q.max + 2;
      if (plant && row == bad_unit) provider_id = "ZZZ";
      if (plant && row == bad_dup) answer_id = static_cast<std::int64_t>(row) - 1;
      if (plant && row == bad_date) when_len = std::snprintf(when, sizeof when, "%04d-02-30 09:15:00", o.year);
      answer.integer(1, answer_id).integer(2, w + 1).integer(3, e.emp_no).text(4, provider_id)
          .text_static(5, q.code, -1).integer(6, score).text_static(7, when, when_len).step();
    }
    if (progress && (row % 100000 < kQuestionCount || row == n)) progress("survey_answers", row, n);
  }
}

void write_complaints(Db& db, const SampleCompany& c, const SampleOptions& o, SampleRandom& random) {
  static constexpr const char* kCategories[] = {"delay", "quality", "attitude", "communication", "other"};
  Insert complaint(db, "INSERT INTO complaints VALUES (?,?,?,?,?,?,?,?,?)");
  Insert visit(db, "INSERT INTO complaint_visits (complaint_no, visited_at, satisfaction) VALUES (?,?,?)");
  std::vector<std::size_t> teams;
  for (std::size_t i = 0; i < c.units.size(); ++i)
    if (c.units[i].level == 2) teams.push_back(i);
  const int departments = static_cast<int>(c.departments.size());
  if (departments < 2 || teams.empty()) return;
  const int count = departments * std::max(0, o.complaints_per_department);
  const Instant start = static_cast<Instant>(days_from_civil(o.year, 1, 1)) * 86400;
  for (int i = 0; i < count; ++i) {
    const SampleUnit& from = c.units[teams[random.below(teams.size())]];
    int against = static_cast<int>(random.below(static_cast<std::uint64_t>(departments - 1)));
    if (against >= from.department) ++against;  // never against one's own department
    const auto a = static_cast<std::size_t>(against);
    char no[32];
    std::snprintf(no, sizeof no, "CP-%d-%04d", o.year, i + 1);
    const Instant opened = start + static_cast<Instant>(random.below(350ULL * 86400));
    const bool acked = random.chance(0.9);
    const Instant ack = opened + 3600 * random.between(1, 60);
    // Worse providers take longer and leave more complaints open.
    const bool resolved = acked && random.chance(0.55 + 0.08 * c.quality[a]);
    const Instant done = ack + 3600 * random.between(2, static_cast<int>(260 - 40 * c.quality[a]));
    const double u = random.uniform();
    complaint.text(1, no).text(2, from.id).text(3, c.units[c.departments[a]].id).text(4, instant_text(opened));
    if (acked) complaint.text(5, instant_text(ack)); else complaint.null(5);
    if (resolved) complaint.text(6, instant_text(done)); else complaint.null(6);
    complaint.text(7, resolved ? (random.chance(0.7) ? "closed" : "resolved") : acked ? "in_progress" : "open")
        .text(8, u < 0.5 ? "low" : u < 0.85 ? "medium" : "high")
        .text(9, kCategories[random.below(std::size(kCategories))])
        .step();
    if (resolved && random.chance(0.85)) {
      visit.text(1, no).text(2, instant_text(done + 86400 * random.between(1, 10)));
      if (random.chance(0.05)) visit.null(3);
      else visit.integer(3, clamp_round(c.quality[a] + 0.3 + 0.9 * random.normal(), 1, 5));
      visit.step();
    }
  }
}

void write_appraisals_and_kpis(Db& db, const SampleCompany& c, const SampleOptions& o, SampleRandom& random) {
  static constexpr const char* kCriteria[] = {"service_quality", "business_knowledge", "work_attitude"};
  static constexpr double kWeights[] = {40, 30, 30};
  Insert review(db,
                "INSERT INTO appraisal_scores (dept_id, period_label, criterion, score, rater_emp_no, rater_role, "
                "weight) VALUES (?,?,?,?,?,?,?)");
  Insert kpi(db, "INSERT INTO dept_kpis VALUES (?,?,?,?,?,?)");
  const std::size_t departments = c.departments.size();
  std::vector<int> customers(departments, 0);
  for (const auto& r : c.relations) ++customers[static_cast<std::size_t>(r.provider)];
  std::vector<double> volume_base(departments);
  for (std::size_t d = 0; d < departments; ++d) volume_base[d] = 120.0 * (1 + customers[d]) * (0.6 + random.uniform());
  for (int w = 0; w < 4; ++w) {
    const std::string period = period_label(o.year, w);
    std::vector<double> volume(departments);
    double total = 0;
    for (std::size_t d = 0; d < departments; ++d) total += volume[d] = std::floor(volume_base[d] * (0.85 + 0.3 * random.uniform()));
    for (std::size_t d = 0; d < departments; ++d) {
      const std::string& id = c.units[c.departments[d]].id;
      for (int k = 0; k < 3; ++k)
        for (int rater = 0; rater < 3; ++rater) {
          const SampleEmployee& who = c.employees[random.below(c.employees.size())];
          const double score = std::floor(2 * std::clamp(45 + 10 * c.quality[d] + 7 * random.normal(), 0.0, 100.0)) / 2;
          review.text(1, id).text(2, period).text(3, kCriteria[k]).real(4, score).integer(5, who.emp_no)
              .text(6, rater == 0 ? "manager" : "peer").real(7, kWeights[k]).step();
        }
      kpi.text(1, id).text(2, period).text(3, "service_volume").real(4, volume[d])
          .real(5, std::floor(volume_base[d] * 1.05)).text(6, "higher").step();
      kpi.text(1, id).text(2, period).text(3, "contribution_share")
          .real(4, std::floor(10000.0 * volume[d] / total) / 100).null(5).text(6, "higher").step();
      kpi.text(1, id).text(2, period).text(3, "strategic_importance").real(4, c.importance[d]).null(5)
          .text(6, "higher").step();
      kpi.text(1, id).text(2, period).text(3, "business_impact").real(4, c.impact[d]).null(5).text(6, "higher").step();
    }
  }
}

}  // namespace

void write_sample(const std::string& sqlite_path, const SampleOptions& options, ProgressFn progress) {
  ICM_REQUIRE(options.departments >= 1 && options.departments <= 12, "sample: departments must be 1..12");
  ICM_REQUIRE(options.year >= 2017 && options.year <= 9999, "sample: year must be 2017..9999");
  std::error_code ec;
  std::filesystem::remove(sqlite_path, ec);
  Db db(sqlite_path);
  db.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
  db.exec("BEGIN");
  db.exec(kSchema);
  // One stream per area, so growing one table (more responses) leaves the others unchanged.
  SampleRandom org(options.seed), survey(options.seed ^ 0x5u), rest(options.seed ^ 0xC0u);
  const SampleCompany company = detail::build_company(options, org);
  write_org(db, company, options.plant_errors);
  write_survey(db, company, options, survey, progress);
  write_complaints(db, company, options, rest);
  write_appraisals_and_kpis(db, company, options, rest);
  db.exec("COMMIT");
}

}  // namespace icm
