// Cell vocabularies. Chinese spellings are accepted because Chinese HR systems store them so.
#include "source/values.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

namespace icm {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::string_view trim_edges(std::string_view s) {
  while (!s.empty() && trim_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && trim_blank(s.back())) s.remove_suffix(1);
  return s;
}

bool parse_bool(std::string_view s, bool& out) {
  s = trim_view(s);
  for (const char* t : {"1", "true", "yes", "y", "t", "active", "是"})
    if (iequals(s, t)) return out = true, true;
  for (const char* f : {"0", "false", "no", "n", "f", "inactive", "否"})
    if (iequals(s, f)) return out = false, true;
  return false;
}

bool parse_kind(std::string_view s, UnitKind& out) {
  s = trim_view(s);
  if (iequals(s, "department") || iequals(s, "dept") || s == "部门") return out = UnitKind::department, true;
  if (iequals(s, "team") || s == "团队" || s == "小组") return out = UnitKind::team, true;
  if (iequals(s, "employee") || s == "员工") return out = UnitKind::employee, true;
  return false;
}

bool parse_direction(std::string_view s, Direction& out) {
  s = trim_view(s);
  if (iequals(s, "higher") || iequals(s, "higher_is_better") || s == "高")
    return out = Direction::higher_is_better, true;
  if (iequals(s, "lower") || iequals(s, "lower_is_better") || s == "低")
    return out = Direction::lower_is_better, true;
  return false;
}

bool parse_int64(std::string_view s, std::int64_t& out) {
  s = trim_view(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

bool parse_double(std::string_view s, double& out) {
  s = trim_view(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty() && std::isfinite(out);
}

std::string_view format_real(double v, std::array<char, 48>& buf) {
  std::to_chars_result res{};
  if (std::trunc(v) == v && std::fabs(v) < 1e15)
    res = std::to_chars(buf.data(), buf.data() + buf.size(), static_cast<std::int64_t>(v));
  else
    res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string_view(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace icm
