// Parsing of cell text into the snapshot's types: the vocabulary HR schemas use for booleans,
// unit kinds and KPI directions, and locale-free numbers. No allocation: these run per cell.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/model/snapshot.hpp"

namespace icm {

std::string_view trim_edges(std::string_view s);
inline bool trim_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
// Without surrounding blanks (space, tab, CR, LF). Inline: most cells have none.
inline std::string_view trim_view(std::string_view s) {
  return !s.empty() && !trim_blank(s.front()) && !trim_blank(s.back()) ? s : trim_edges(s);
}
// 1/0, true/false, yes/no, y/n, t/f, active/inactive (case-insensitive); 是/否.
// ASCII lower case (driver names, SQLSTATE texts, connection-string keys).
std::string ascii_lower(std::string_view s);

bool parse_bool(std::string_view s, bool& out);
// department/team/employee (case-insensitive), also dept/部门/团队/员工.
bool parse_kind(std::string_view s, UnitKind& out);
// higher/lower (case-insensitive), also "higher_is_better"/"lower_is_better", 高/低.
bool parse_direction(std::string_view s, Direction& out);
// Whole string must be a number (surrounding blanks allowed).
bool parse_int64(std::string_view s, std::int64_t& out);
bool parse_double(std::string_view s, double& out);
// How a floating-point cell reads as text: integral values without a fraction ("42", not
// "42.0", so numeric keys match), others in the shortest round-trip form. Writes into `buf`.
std::string_view format_real(double v, std::array<char, 48>& buf);

}  // namespace icm
