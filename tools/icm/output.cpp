#include "output.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace icm::cli {

namespace {

// Decodes one code point; malformed bytes count as one narrow character.
char32_t next_code_point(const std::string& s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  if (i + static_cast<std::size_t>(len) > s.size()) len = 1;
  char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += static_cast<std::size_t>(len);
  return cp;
}

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool is_numeric(ColumnType t) {
  return t == ColumnType::integer || t == ColumnType::real || t == ColumnType::boolean;
}

// Terminal cells: reals with 2 decimals, booleans as a mark, NULL as an empty cell; a suppressed
// statistic shows the suppression mark so it cannot be mistaken for "no data".
std::string terminal_cell(const Table& t, std::size_t col, std::size_t row, bool suppressed_row) {
  const Column& c = t.column(col);
  if (c.null[row]) return suppressed_row && c.name != "suppressed" && is_numeric(c.type) ? "*" : "";
  if (c.type == ColumnType::real) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", c.reals[row]);
    return buf;
  }
  if (c.type == ColumnType::boolean) return c.ints[row] ? "yes" : "";
  return t.cell_text(col, row);
}

// Full precision for machine-readable output: the shortest text that reads back as the same double.
std::string exact_real(double v) {
  char buf[64];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

}  // namespace

std::size_t display_width(const std::string& utf8) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < utf8.size();) w += is_wide(next_code_point(utf8, i)) ? 2 : 1;
  return w;
}

void write_terminal(std::ostream& out, const Table& t, Lang lang) {
  const int sup = t.find("suppressed");
  std::vector<std::vector<std::string>> cells(t.rows());
  std::vector<std::size_t> width(t.cols());
  std::vector<std::string> header(t.cols());
  for (std::size_t c = 0; c < t.cols(); ++c) {
    header[c] = lang == Lang::zh ? t.column(c).label_zh : t.column(c).label_en;
    width[c] = display_width(header[c]);
  }
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const bool suppressed = sup >= 0 && !t.is_null(static_cast<std::size_t>(sup), r) &&
                            t.column(static_cast<std::size_t>(sup)).ints[r] != 0;
    cells[r].resize(t.cols());
    for (std::size_t c = 0; c < t.cols(); ++c) {
      cells[r][c] = terminal_cell(t, c, r, suppressed);
      width[c] = std::max(width[c], display_width(cells[r][c]));
    }
  }
  auto pad = [&](const std::string& s, std::size_t w, bool right) {
    std::string fill(w - std::min(w, display_width(s)), ' ');
    return right ? fill + s : s + fill;
  };
  for (std::size_t c = 0; c < t.cols(); ++c)
    out << (c ? "  " : "") << pad(header[c], width[c], is_numeric(t.column(c).type));
  out << '\n';
  for (std::size_t c = 0; c < t.cols(); ++c) out << (c ? "  " : "") << std::string(width[c], '-');
  out << '\n';
  for (std::size_t r = 0; r < t.rows(); ++r) {
    for (std::size_t c = 0; c < t.cols(); ++c)
      out << (c ? "  " : "") << pad(cells[r][c], width[c], is_numeric(t.column(c).type));
    out << '\n';
  }
  out << "(" << t.rows() << (lang == Lang::zh ? " 行" : t.rows() == 1 ? " row" : " rows");
  if (sup >= 0)
    out << (lang == Lang::zh ? "；* = 因保密规则隐藏（人数低于阈值）" : "; * = hidden by the confidentiality rule (group below threshold)");
  out << ")\n";
}

void write_csv(std::ostream& out, const Table& t) {
  auto field = [](const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return q + "\"";
  };
  for (std::size_t c = 0; c < t.cols(); ++c) out << (c ? "," : "") << field(t.column(c).name);
  out << "\r\n";
  for (std::size_t r = 0; r < t.rows(); ++r) {
    for (std::size_t c = 0; c < t.cols(); ++c) {
      if (c) out << ',';
      const Column& col = t.column(c);
      if (col.null[r]) continue;
      out << (col.type == ColumnType::real ? exact_real(col.reals[r]) : field(t.cell_text(c, r)));
    }
    out << "\r\n";
  }
}

std::string json_escape(const std::string& s) {
  std::string o = "\"";
  for (unsigned char ch : s) {
    switch (ch) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      default:
        if (ch < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", ch);
          o += buf;
        } else {
          o += static_cast<char>(ch);
        }
    }
  }
  return o + "\"";
}

void write_json_rows(std::ostream& out, const Table& t) {
  out << "[";
  for (std::size_t r = 0; r < t.rows(); ++r) {
    out << (r ? ",\n  {" : "\n  {");
    for (std::size_t c = 0; c < t.cols(); ++c) {
      const Column& col = t.column(c);
      out << (c ? ", " : "") << json_escape(col.name) << ": ";
      if (col.null[r]) out << "null";
      else if (col.type == ColumnType::real) out << exact_real(col.reals[r]);
      else if (col.type == ColumnType::integer) out << col.ints[r];
      else if (col.type == ColumnType::boolean) out << (col.ints[r] ? "true" : "false");
      else out << json_escape(col.texts[r]);
    }
    out << "}";
  }
  out << (t.rows() ? "\n]" : "]");
}

}  // namespace icm::cli
