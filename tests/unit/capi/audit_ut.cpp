// The auditor on what the C ABI hands an HR system: sample companies opened with
// icm_session_open, every dataset read cell by cell through icm_table_* into a table of text,
// as a consumer of libicm would see it. Nothing hidden may be recoverable from it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <unistd.h>

#include "core/privacy/audit.hpp"
#include "icm/icm.h"
#include "source/sample.hpp"

namespace {

// A table as a C consumer reads it: each cell through the getter of its type, as text. Getter
// failures are counted in *failed (one assertion per table, not per cell).
icm::Table through_c(icm_session* session, const char* name, std::size_t* failed) {
  icm_table* t = nullptr;
  REQUIRE(icm_session_get_table(session, name, &t) == ICM_OK);
  icm::Table out(name);
  const size_t cols = icm_table_column_count(t), rows = icm_table_row_count(t);
  for (size_t c = 0; c < cols; ++c) {
    const std::string col = icm_table_column_name(t, c);
    out.add_column(col, icm::ColumnType::text, col, col);
  }
  for (size_t r = 0; r < rows; ++r) {
    auto w = out.append();
    for (size_t c = 0; c < cols; ++c) {
      int is_null = 0;
      char buf[40];
      switch (icm_table_column_type(t, c)) {
        case ICM_COLUMN_REAL: {
          double v = 0;
          *failed += icm_table_get_double(t, r, c, &v, &is_null) != ICM_OK;
          std::snprintf(buf, sizeof buf, "%.17g", v);
          is_null ? w.null() : w.text(buf);
          break;
        }
        case ICM_COLUMN_TEXT: {
          const char* v = nullptr;
          *failed += icm_table_get_text(t, r, c, &v, &is_null) != ICM_OK;
          is_null || v == nullptr ? w.null() : w.text(v);
          break;
        }
        default: {
          int64_t v = 0;
          *failed += icm_table_get_int64(t, r, c, &v, &is_null) != ICM_OK;
          is_null ? w.null() : w.text(std::to_string(v));
        }
      }
    }
  }
  icm_table_free(t);
  return out;
}

}  // namespace

TEST_CASE("C ABI: the auditor recovers nothing from sample companies", "[capi][audit]") {
  const auto dir = std::filesystem::temp_directory_path() / ("icm_capi_audit_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string profile = std::string(ICM_SOURCE_DIR) + "/profiles/sample";
  std::size_t hidden = 0;
  // icm sample seeds 1–50, as the HR system linking libicm would read them.
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const std::string db = (dir / ("seed" + std::to_string(seed) + ".db")).string();
    icm::SampleOptions so;
    so.seed = seed;
    icm::write_sample(db, so, {});
    const std::string connection = "DRIVER=SQLite3;Database=" + db;
    icm_session_options o = ICM_SESSION_OPTIONS_INIT;
    o.connection = connection.c_str();
    o.profile_dir = profile.c_str();
    icm_session* session = nullptr;
    REQUIRE(icm_session_open(&o, &session) == ICM_OK);
    std::map<std::string, icm::Table> tables;
    std::size_t failed = 0;
    for (const char* name : {"units", "satisfaction", "service_matrix", "appraisal", "complaints"})
      tables.emplace(name, through_c(session, name, &failed));
    icm_session_close(session);
    std::filesystem::remove(db);
    REQUIRE(failed == 0);
    const auto report = icm::audit::audit(tables, {});
    INFO("seed " << seed << ": " << (report.findings.empty() ? "" : report.findings[0].dataset + " " + report.findings[0].key));
    CHECK(report.findings.empty());
    CHECK(report.notes.empty());  // every dataset was read
    hidden += report.hidden_groups;
  }
  CHECK(hidden > 0);
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}
