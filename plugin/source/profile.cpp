// Profile loading and the SQL gate. The gate scans the query once, skipping string literals,
// quoted identifiers and comments, so that keywords and `:period` are only recognised in real
// SQL code. It is deliberately conservative: a profile that trips it can always be rewritten.
#include "source/profile.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/error.hpp"

namespace icm {

namespace {

bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Words that write or change the session wherever they appear: data-modifying CTEs
// (WITH x AS (DELETE …)), SELECT … INTO (creates a table on SQL Server and PostgreSQL), and the
// statements the brief names. Statement-only words (COPY, SET, BEGIN …) are already refused by
// the "starts with SELECT/WITH" and "single statement" rules, so they stay usable as names.
const char* const kForbidden[] = {"INSERT", "UPDATE", "DELETE",   "MERGE", "INTO",  "DROP",
                                  "CREATE", "ALTER",  "ATTACH",   "DETACH", "PRAGMA", "TRUNCATE",
                                  "GRANT",  "REVOKE", "EXEC",     "EXECUTE", "VACUUM"};

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw Error(ErrorCode::data, path + ": " + why +
                                   " (a profile query must be a single SELECT or WITH query; the "
                                   "session is read-only)");
}

}  // namespace

ProfileQuery prepare_profile_query(const std::string& text, const std::string& path) {
  ProfileQuery q;
  q.path = path;
  std::string code;  // text with literals and comments blanked: what the keyword check reads
  code.reserve(text.size());
  q.sql.reserve(text.size());
  bool after_semicolon = false;
  std::size_t semicolon_at = std::string::npos;  // position in q.sql
  const std::size_t n = text.size();
  std::size_t i = 0;
  auto copy_quoted = [&](char close) {  // copies a quoted run; a doubled `close` escapes it
    q.sql += text[i++];
    while (i < n) {
      const char c = text[i++];
      q.sql += c;
      if (c == close) {
        if (i < n && text[i] == close) {
          q.sql += text[i++];
          continue;
        }
        break;
      }
    }
    code += ' ';
  };
  while (i < n) {
    const char c = text[i];
    // Comments are dropped from what the driver sees: drivers split statements on ';' and
    // count '?' placeholders without knowing SQL comments (sqliteodbc does).
    if (c == '-' && i + 1 < n && text[i + 1] == '-') {
      while (i < n && text[i] != '\n') ++i;
      q.sql += ' ';
      code += ' ';
      continue;
    }
    if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      const std::size_t end = text.find("*/", i + 2);
      i = end == std::string::npos ? n : end + 2;
      q.sql += ' ';
      code += ' ';
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      q.sql += c;
      code += ' ';
      ++i;
      continue;
    }
    if (after_semicolon) refuse(path, "more than one statement");
    if (c == '\'' || c == '"' || c == '`') {
      copy_quoted(c);
      continue;
    }
    if (c == '[') {
      copy_quoted(']');
      continue;
    }
    if (c == ';') {
      after_semicolon = true;
      semicolon_at = q.sql.size();
      q.sql += c;
      ++i;
      continue;
    }
    if (c == ':' && text.compare(i + 1, 6, "period") == 0 && (i + 7 >= n || !ident_char(text[i + 7])) &&
        (i == 0 || text[i - 1] != ':')) {
      q.sql += '?';
      code += " ? ";
      ++q.period_params;
      i += 7;
      continue;
    }
    q.sql += c;
    code += c;
    ++i;
  }
  if (semicolon_at != std::string::npos) q.sql.erase(semicolon_at, 1);

  std::vector<std::string> words;
  for (std::size_t k = 0; k < code.size();) {
    if (ident_char(code[k]) && !std::isdigit(static_cast<unsigned char>(code[k]))) {
      std::string w;
      while (k < code.size() && ident_char(code[k]))
        w += static_cast<char>(std::toupper(static_cast<unsigned char>(code[k++])));
      words.push_back(std::move(w));
    } else {
      ++k;
    }
  }
  if (words.empty()) refuse(path, "the query is empty");
  if (words.front() != "SELECT" && words.front() != "WITH")
    refuse(path, "starts with " + words.front());
  for (const std::string& w : words)
    for (const char* bad : kForbidden)
      if (w == bad) refuse(path, "contains " + w);
  return q;
}

Profile Profile::load(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(ErrorCode::not_found, "profile folder '" + dir + "' does not exist");
  Profile p;
  p.dir = dir;
  p.settings_path = (fs::path(dir) / "settings.ini").string();
  for (int r = 0; r < kRecordCount; ++r) {
    const fs::path file = fs::path(dir) / (std::string(record_name(static_cast<Record>(r))) + ".sql");
    if (!fs::exists(file, ec)) continue;  // the profile does not fill this record
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(ErrorCode::io, file.string() + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    p.queries[r] = prepare_profile_query(text.str(), file.string());
  }
  return p;
}

}  // namespace icm
