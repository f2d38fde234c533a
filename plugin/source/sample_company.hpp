// The synthetic company behind `icm sample`, built in memory before it is written: a
// department tree, employees, who serves whom, and per-provider service quality that makes
// survey results differ in interesting ways.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/snapshot.hpp"
#include "source/sample.hpp"
#include "source/sample_random.hpp"

namespace icm::detail {

struct SampleUnit {
  std::string id, name, parent;  // parent "" for the company root
  int level = 0;                 // 0 company, 1 department, 2 team
  bool active = true;
  int department = -1;           // index into SampleCompany::departments (-1 for the root)
};

struct SampleEmployee {
  std::int64_t emp_no = 0;
  std::string first_name, last_name;
  std::size_t unit = 0;  // index into units (always a team)
  Day hired = 0;
  bool active = true;
  double leniency = 0;   // how generously this person scores
};

struct SampleRelation {
  int provider = 0, customer = 0;  // department indexes
  Day since = 0;
};

struct SampleCompany {
  std::vector<SampleUnit> units;
  std::vector<std::size_t> departments;              // unit index of each department
  std::vector<SampleEmployee> employees;
  std::vector<SampleRelation> relations;
  std::vector<std::vector<int>> providers_of;         // department -> departments serving it
  std::vector<double> quality;                        // department -> base service quality (1–5)
  std::vector<std::vector<double>> dimension_offset;  // department -> offset per survey dimension
  std::vector<double> trend;                          // department -> change per wave
  std::vector<int> importance, impact;                // department -> 1–5
};

SampleCompany build_company(const SampleOptions& options, SampleRandom& random);

}  // namespace icm::detail
