// The auditor: what an attacker can compute from icm's published datasets (docs/methods.md,
// "Auditing a publication").
//
// It reads the tables only — units, satisfaction, service_matrix, appraisal, complaints, as any
// face shows them (or as CSV files written by `icm tables`) — never the snapshot or the
// protection's own model, and rebuilds from the keys what every published row sums: the
// satisfaction rows are the finest groups; an all-customers row sums its provider's rows; the
// service matrix is the overall dimension (or every dimension pooled); a unit's satisfaction in
// `units` sums its sub-tree of customers (from parent_id) over all providers in its latest period;
// an appraisal subject's sums its sub-tree of providers; the all-units follow-up row sums the
// units' rows of its quarter. Like the protection it assumes the strongest attacker: a shown
// cell gives away the sum of every linear statistic of its groups (a mean at full precision
// reveals its n and sum).
//
// With the shown cells as equations over the hidden groups, it reports (exact linear algebra,
// modulo a 61-bit prime):
//  - every suppressed cell whose sums are determined by what is shown ("cell");
//  - unions of hidden groups that are determined and visibly small ("union"): the hidden part
//    of one shown cell, the difference of two nested ones, and every 0/1 row of the echelon
//    basis, when its recovered number of answers is below the threshold or its respondents can
//    be derived (from the satisfaction rows' respondents) and are.
//  - with Options::width > 0, every hidden survey group whose mean index the shown cells bound
//    to an interval no wider than that ("interval": feasibility intervals by linear programming,
//    as τ-ARGUS audits; COIN-OR CLP).
// Recovered values (answers, index) are given where the published numbers allow: from n where
// a row shows it, else by reading a full-precision mean as the fraction it is.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "core/datasets/table.hpp"

namespace icm::audit {

struct Options {
  int min_group_size = 5;
  std::string overall_dimension = "overall";
  // Also report a hidden survey group whose mean index the shown cells bound to an interval no
  // wider than this many index points (feasibility intervals; 0 = exact recoveries only).
  double width = 10;
};

struct Finding {
  std::string kind;     // "cell", "union" or "interval"
  std::string dataset;  // the dataset of the hidden cell (for a union: of its groups)
  std::string key;      // the hidden cell's key, e.g. "FIN|HR-T1|2025-Q4|overall"
  std::vector<std::string> groups;  // the hidden finest groups it sums
  double answers = std::numeric_limits<double>::quiet_NaN();  // recovered n (NaN: not computable)
  double index = std::numeric_limits<double>::quiet_NaN();    // recovered mean index 0–100
  double respondents = std::numeric_limits<double>::quiet_NaN();
  // The values rest on an n read off a printed mean (the fraction's denominator, scaled up to
  // what the cell must at least hold): a best guess, the finding itself is exact.
  bool approximate = false;
  std::string how;      // the shown cells combined, e.g. "+units HR-T1 −satisfaction IT|HR-T1|…"
  double low = std::numeric_limits<double>::quiet_NaN(), high = low;  // kind "interval": the bounds
};

struct Report {
  std::vector<Finding> findings;
  std::size_t groups = 0, hidden_groups = 0;  // finest groups, and those suppressed
  std::size_t cells = 0, hidden_cells = 0;    // every published cell, and those suppressed
  std::size_t equations = 0;                  // shown cells that involve a hidden group
  std::vector<std::string> notes;             // what could not be read, and why
};

// `published` maps dataset names to their tables; missing datasets are left out of the model
// (noted). Columns are read by name; text columns holding numbers (CSV) are parsed.
Report audit(const std::map<std::string, Table>& published, const Options& options);

// The attacker's knowledge itself, for tests that hold the truth: per connected block of hidden
// finest groups, their keys and a basis (modulo kPrime) of the combinations of them that the
// shown cells determine.
inline constexpr std::uint64_t kPrime = (std::uint64_t{1} << 61) - 1;
struct Space {
  std::vector<std::string> groups;                 // keys of the hidden groups of the block
  std::vector<std::vector<std::uint64_t>> basis;   // rows over `groups`, reduced echelon form
};
std::vector<Space> determined(const std::map<std::string, Table>& published, const Options& options);

// Reads `<dir>/<dataset>.csv` files as written by `icm tables --format csv` into text tables
// (a missing file is a missing dataset). Throws Error(io / data) naming file and line.
std::map<std::string, Table> read_csv_dir(const std::string& dir);

}  // namespace icm::audit
