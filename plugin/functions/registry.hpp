// The ONE registry of icm's cell and SQL functions (DESIGN §2): name, arguments, help in English
// and Chinese, category, and an evaluator over plugin/functions/metrics.hpp. The Calc and Excel
// add-ins and the ODBC driver's SQL functions are generated from it; the C ABI exposes the same
// metrics, and a test checks that each evaluator agrees with its C function.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace icm::functions {

enum class ArgKind {
  scores,  // a range / column / array of scores
  number,  // one scalar
};

struct Argument {
  std::string_view name;  // snake_case, the same in every face
  ArgKind kind;
  std::string_view help_en;
  std::string_view help_zh;
  std::optional<double> default_value;  // set = the argument may be omitted
};

// What a face passes to an evaluator: the scores argument (empty when the function takes none)
// and the scalar arguments in declaration order, defaults already filled in.
struct Call {
  std::span<const double> scores;
  std::span<const double> numbers;
};

// Returns the value (NaN when undefined); throws icm::Error for invalid arguments.
using Evaluator = double (*)(const Call&);

struct Function {
  std::string_view name;      // spreadsheet name, "ICM.NPS"
  std::string_view sql_name;  // SQL name, "icm_nps"
  std::string_view category;  // "satisfaction", "intervals" …
  std::string_view help_en;
  std::string_view help_zh;
  std::vector<Argument> args;
  Evaluator evaluate;
};

// Every function, in a stable order.
const std::vector<Function>& registry();
// By spreadsheet name or SQL name (ASCII case-insensitive); nullptr when absent.
const Function* find_function(std::string_view name);
// Fills defaults for omitted trailing scalar arguments and evaluates. Throws
// Error(invalid_argument) naming the function when too few or too many scalars are given.
double evaluate(const Function& f, std::span<const double> scores, std::span<const double> numbers);

}  // namespace icm::functions
