// `icm sample`: writes a synthetic company into a SQLite file, in tables shaped like a real HR
// system's (not like icm's logical records), so profiles/sample/*.sql does real mapping.
// Seeded and platform-independent: the same options give the same table contents everywhere.
#pragma once

#include <cstdint>
#include <string>

#include "source/session.hpp"

namespace icm {

struct SampleOptions {
  std::uint64_t responses = 20000;  // rows of survey_answers (one row = one answered question)
  std::uint64_t seed = 42;
  int departments = 8;              // 1..12 departments under the company root
  int year = 2025;                  // surveys, appraisals and KPIs cover YYYY-Q1..YYYY-Q4
  int complaints_per_department = 30;
  bool plant_errors = true;         // a few bad rows on purpose, for `icm check` (README lists them)
};

// Replaces `sqlite_path` with a new database. Throws Error(io) when it cannot be written.
// progress (may be empty) is called with ("survey_answers", rows, total) every 100k rows.
void write_sample(const std::string& sqlite_path, const SampleOptions& options, ProgressFn progress);

}  // namespace icm
