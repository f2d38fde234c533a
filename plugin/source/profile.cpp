// Profile loading and the SQL gate: the friendly first check, before the databases' own
// guarantees (docs/profiles.md, "What is enforced where").
//
// The gate scans the query once with a lexer for the union of the dialects icm reads
// (PostgreSQL, MySQL/MariaDB, SQLite): it must find the same statement boundaries, strings and
// comments whichever of them reads the text. Where the dialects disagree on how a construct
// ends (a backslash before a quote, `#`, `--x`, nested or executable comments, dollar quoting,
// backticks) it refuses, naming file, line and column, instead of guessing: a profile that
// trips it can always be rewritten. Keywords and `:period` are only recognised in real SQL code.
#include "source/profile.hpp"

#include <cctype>
#include <cstdio>
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

bool word_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

// The whitespace every dialect agrees on (PostgreSQL, MySQL and SQLite all skip these).
bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Words that write or change the session wherever they appear: data-modifying CTEs
// (WITH x AS (DELETE …)), SELECT … INTO (creates a table on SQL Server and PostgreSQL, writes a
// server file with MySQL's INTO OUTFILE), and the statements the brief names. Statement-only
// words (COPY, SET, BEGIN …) are already refused by the "starts with SELECT/WITH" and "single
// statement" rules, so they stay usable as names.
const char* const kForbidden[] = {"INSERT", "UPDATE", "DELETE",   "MERGE", "INTO",  "DROP",
                                  "CREATE", "ALTER",  "ATTACH",   "DETACH", "PRAGMA", "TRUNCATE",
                                  "GRANT",  "REVOKE", "EXEC",     "EXECUTE", "VACUUM"};

// Functions a SELECT can call that act on the server or outside the database instead of
// reading it: signals, files, large objects, other connections, sequences, settings, locks and
// sleeps, dynamic SQL. Refused when called (name followed by '('), for a friendly first error;
// the database's read-only transaction and the account's privileges are what really stop them
// (docs/profiles.md lists what remains).
const char* const kSideEffectFunctions[] = {
    // PostgreSQL
    "PG_TERMINATE_BACKEND", "PG_CANCEL_BACKEND", "PG_RELOAD_CONF", "PG_ROTATE_LOGFILE", "PG_PROMOTE",
    "PG_SWITCH_WAL", "PG_CREATE_RESTORE_POINT", "PG_BACKUP_START", "PG_BACKUP_STOP", "PG_START_BACKUP",
    "PG_STOP_BACKUP", "PG_CREATE_LOGICAL_REPLICATION_SLOT", "PG_CREATE_PHYSICAL_REPLICATION_SLOT",
    "PG_DROP_REPLICATION_SLOT", "PG_LOGICAL_EMIT_MESSAGE", "PG_NOTIFY", "PG_FILE_WRITE", "PG_FILE_RENAME",
    "PG_FILE_UNLINK", "PG_FILE_SYNC", "PG_READ_FILE", "PG_READ_BINARY_FILE", "PG_LS_DIR", "PG_STAT_RESET",
    "PG_SLEEP", "PG_SLEEP_FOR", "PG_SLEEP_UNTIL", "PG_ADVISORY_LOCK", "PG_ADVISORY_LOCK_SHARED",
    "PG_ADVISORY_XACT_LOCK", "PG_ADVISORY_XACT_LOCK_SHARED", "PG_TRY_ADVISORY_LOCK",
    "PG_TRY_ADVISORY_XACT_LOCK", "LO_IMPORT", "LO_EXPORT", "LO_UNLINK", "LO_CREATE", "LO_CREAT",
    "LO_FROM_BYTEA", "LO_PUT", "LO_OPEN", "LOWRITE", "LO_TRUNCATE", "DBLINK", "DBLINK_EXEC",
    "DBLINK_CONNECT", "DBLINK_CONNECT_U", "DBLINK_SEND_QUERY", "DBLINK_OPEN", "SET_CONFIG", "NEXTVAL",
    "SETVAL", "QUERY_TO_XML", "QUERY_TO_XMLSCHEMA", "QUERY_TO_XML_AND_XMLSCHEMA", "CURSOR_TO_XML",
    // MySQL / MariaDB
    "SLEEP", "BENCHMARK", "GET_LOCK", "RELEASE_LOCK", "RELEASE_ALL_LOCKS", "LOAD_FILE", "SYS_EXEC",
    "SYS_EVAL", "MASTER_POS_WAIT",
    // SQLite
    "LOAD_EXTENSION", "FTS3_TOKENIZER", "WRITEFILE", "READFILE", "EDIT"};

const char* const kWhy = " (a profile query must be a single SELECT or WITH query; the session is read-only)";

// One pass over a profile query: copies what the driver receives (comments dropped, `:period`
// replaced by `?`) and collects the words of real SQL code with their offsets.
class Gate {
 public:
  Gate(const std::string& text, const std::string& path) : text_(text), path_(path), n_(text.size()) {}

  ProfileQuery run() {
    ProfileQuery q;
    q.path = path_;
    q.sql.reserve(n_);
    sql_ = &q.sql;
    while (i_ < n_) step(q);
    if (semicolon_at_ != std::string::npos) q.sql.erase(semicolon_at_, 1);
    check_words();
    return q;
  }

 private:
  struct Token {
    std::string word;  // upper case; for quoted names their content; empty for punctuation
    char punct = 0;    // the character of a punctuation token
    std::size_t at = 0;
    bool quoted = false;
  };

  void punct(char c, std::size_t at) {
    Token t;
    t.punct = c;
    t.at = at;
    tokens_.push_back(t);
  }

  // "path:line:column" of byte offset `at`; columns count characters (UTF-8 code points).
  std::string where(std::size_t at) const {
    int line = 1, column = 1;
    for (std::size_t k = 0; k < at && k < n_; ++k) {
      const unsigned char c = static_cast<unsigned char>(text_[k]);
      if (c == '\n') {
        ++line;
        column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++column;
      }
    }
    return path_ + ":" + std::to_string(line) + ":" + std::to_string(column);
  }

  [[noreturn]] void refuse_at(std::size_t at, const std::string& why) const {
    throw Error(ErrorCode::data, where(at) + ": " + why + kWhy);
  }
  [[noreturn]] void refuse(const std::string& why) const { throw Error(ErrorCode::data, path_ + ": " + why + kWhy); }

  static std::string hex_byte(unsigned char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", c);
    return buf;
  }

  // NUL would cut the query short in every driver (C strings); other control characters are
  // whitespace in some dialects and tokens in others.
  void check_byte(std::size_t at, bool in_literal) const {
    const unsigned char c = static_cast<unsigned char>(text_[at]);
    if (c == 0) refuse_at(at, "a NUL byte (drivers would silently cut the query here)");
    if (!in_literal && (c < 0x20 || c == 0x7F) && !blank(static_cast<char>(c)))
      refuse_at(at, "control character " + hex_byte(c) + " outside a string");
  }

  bool at(std::size_t k, char c) const { return k < n_ && text_[k] == c; }

  // A `#` is an operator in PostgreSQL (Odoo's `#>>`) and starts a comment to the end of the
  // line in MySQL. Both readings agree as long as nothing after it on that line opens a string,
  // name or comment that goes on past the line: then MySQL simply sees less code than we check.
  void spans_line(std::size_t from, std::size_t to) const {
    if (hash_at_ == std::string::npos) return;
    for (std::size_t k = from; k < to && k < n_; ++k)
      if (text_[k] == '\n')
        refuse_at(hash_at_, "'#' starts a comment to the end of the line on MySQL/MariaDB but not on "
                            "PostgreSQL or SQLite, and a string or comment after it goes on past the line");
  }

  void step(ProfileQuery& q) {
    const char c = text_[i_];
    check_byte(i_, false);
    // Comments are dropped from what the driver sees: drivers split statements on ';' and
    // count '?' placeholders without knowing SQL comments (sqliteodbc does).
    if (c == '-' && at(i_ + 1, '-')) return line_comment();
    if (c == '/' && at(i_ + 1, '*')) return block_comment();
    if (blank(c)) {
      if (c == '\n') hash_at_ = std::string::npos;
      *sql_ += c;
      ++i_;
      in_word_ = false;
      return;
    }
    if (semicolon_at_ != std::string::npos) refuse_at(i_, "more than one statement (text after the ';')");
    if (c == '\'' || c == '"') return quoted(c);
    if (c == '`') return backticks();
    if (c == '[') return brackets();
    if (c == '\\') refuse_at(i_, "a backslash outside a string");
    if (c == '$' && !in_word_)
      refuse_at(i_, "'$' outside a name: PostgreSQL dollar quoting ($$…$$, $tag$…$tag$) and parameters "
                    "($1), SQLite's $name parameters are not allowed; write strings with '…'");
    if (c == '#' && hash_at_ == std::string::npos) hash_at_ = i_;
    if (c == ';') {
      semicolon_at_ = sql_->size();
      *sql_ += c;
      ++i_;
      in_word_ = false;
      return;
    }
    if (c == ':' && text_.compare(i_ + 1, 6, "period") == 0 && (i_ + 7 >= n_ || !ident_char(text_[i_ + 7])) &&
        (i_ == 0 || text_[i_ - 1] != ':')) {
      *sql_ += '?';
      ++q.period_params;
      i_ += 7;
      in_word_ = false;
      return;
    }
    if (!in_word_ && word_start(c)) {
      Token t;
      t.at = i_;
      std::size_t k = i_;
      while (k < n_ && ident_char(text_[k]))
        t.word += static_cast<char>(std::toupper(static_cast<unsigned char>(text_[k++])));
      tokens_.push_back(std::move(t));
      sql_->append(text_, i_, k - i_);
      i_ = k;
      in_word_ = true;
      return;
    }
    if (!in_word_ && std::isdigit(static_cast<unsigned char>(c))) {  // a number: its letters start a word
      *sql_ += c;
      ++i_;
      return;
    }
    if (!std::isalnum(static_cast<unsigned char>(c))) punct(c, i_);
    *sql_ += c;
    ++i_;
    in_word_ = false;
  }

  void line_comment() {
    const std::size_t start = i_;
    // MySQL/MariaDB only start a comment at "-- " (whitespace after the dashes): "--x" is two
    // minus signs there, so what PostgreSQL and SQLite skip would be code. More dashes before
    // the blank ("----- title") are harmless minus signs there, then the same comment.
    std::size_t dashes = i_ + 2;
    while (dashes < n_ && text_[dashes] == '-') ++dashes;
    if (dashes < n_ && !blank(text_[dashes]))
      refuse_at(start, "'--' must be followed by a space or the end of the line (MySQL/MariaDB read '--x' "
                       "as minus signs and code)");
    while (i_ < n_ && text_[i_] != '\n') {
      check_byte(i_, true);
      // PostgreSQL ends a '--' comment at a carriage return too; MySQL and SQLite only at '\n'.
      if (text_[i_] == '\r' && !at(i_ + 1, '\n'))
        refuse_at(i_, "a carriage return inside a '--' comment that does not end the line (PostgreSQL ends "
                      "the comment there, MySQL and SQLite do not)");
      ++i_;
    }
    *sql_ += ' ';
    in_word_ = false;
  }

  void block_comment() {
    const std::size_t start = i_;
    if (at(i_ + 2, '!') || (at(i_ + 2, 'M') && at(i_ + 3, '!')))
      refuse_at(start, "a MySQL/MariaDB executable comment ('/*!' or '/*M!': its content runs as code there "
                       "and is a comment elsewhere)");
    std::size_t k = i_ + 2;
    for (;; ++k) {
      if (k + 1 >= n_) refuse_at(start, "a '/*' comment that is never closed");
      check_byte(k, true);
      if (text_[k] == '*' && text_[k + 1] == '/') break;
      // PostgreSQL nests block comments, MySQL and SQLite end them at the first '*/'.
      if (text_[k] == '/' && text_[k + 1] == '*')
        refuse_at(k, "a '/*' inside a comment (PostgreSQL nests comments, MySQL and SQLite do not)");
    }
    spans_line(start, k);
    i_ = k + 2;
    *sql_ += ' ';
    in_word_ = false;
  }

  // A '…' string or a "…" name (a string on MySQL). A doubled quote escapes it everywhere;
  // MySQL (and PostgreSQL's E'…') also escape with a backslash, where PostgreSQL's standard
  // strings and SQLite do not: "\\" ends in the same place for all, "\'" does not.
  void quoted(char quote) {
    const std::size_t start = i_;
    std::size_t k = i_ + 1;
    std::string content;
    for (;;) {
      if (k >= n_)
        refuse_at(start, quote == '\'' ? "a string that is never closed" : "a \"…\" name or string that is never closed");
      check_byte(k, true);
      const char ch = text_[k];
      if (ch == '\\') {
        if (at(k + 1, quote))
          refuse_at(k, std::string("a backslash before ") + quote +
                           " inside quotes: PostgreSQL and SQLite end the string there, MySQL/MariaDB and "
                           "PostgreSQL's E'…' do not; double the quote instead (" + quote + quote + ")");
        if (at(k + 1, '\\')) {
          content += "\\\\";
          k += 2;
          continue;
        }
      } else if (ch == quote) {
        if (at(k + 1, quote)) {
          content += quote;
          k += 2;
          continue;
        }
        break;
      }
      content += ch;
      ++k;
    }
    spans_line(start, k);
    sql_->append(text_, start, k + 1 - start);
    i_ = k + 1;
    if (quote == '"') {
      Token t;
      t.at = start;
      t.quoted = true;
      for (char ch : content) t.word += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      tokens_.push_back(std::move(t));
    } else {
      punct('\'', start);
    }
    in_word_ = false;
  }

  // Characters whose meaning differs between a quoted name (MySQL/SQLite backticks, SQLite
  // brackets) and PostgreSQL code, where backticks are no quotes and brackets are subscripts.
  void plain_inside(std::size_t start, std::size_t end, const char* what) const {
    for (std::size_t k = start + 1; k < end; ++k) {
      check_byte(k, false);
      const char ch = text_[k];
      const bool pair = k + 1 < end && ((ch == '-' && text_[k + 1] == '-') || (ch == '/' && text_[k + 1] == '*') ||
                                        (ch == '*' && text_[k + 1] == '/'));
      if (pair || ch == '\'' || ch == '"' || ch == '`' || ch == ';' || ch == '$' || ch == '\\' || ch == '#' ||
          ch == '[' || ch == '\n' || ch == '\r')
        refuse_at(k, std::string("'") + ch + "' inside " + what +
                         " (PostgreSQL reads them as code, MySQL/SQLite as a name)");
    }
  }

  void backticks() {
    const std::size_t start = i_;
    const std::size_t end = text_.find('`', i_ + 1);
    if (end == std::string::npos) refuse_at(start, "a `…` name that is never closed");
    plain_inside(start, end, "a `…` name");
    Token t;
    t.at = start;
    t.quoted = true;
    for (std::size_t k = start + 1; k < end; ++k) t.word += static_cast<char>(std::toupper(static_cast<unsigned char>(text_[k])));
    tokens_.push_back(std::move(t));
    sql_->append(text_, start, end + 1 - start);
    i_ = end + 1;
    in_word_ = false;
  }

  // [name] on SQLite, a subscript on PostgreSQL (arr[1]): the inside is scanned as code, so
  // keywords in it count, but nothing in it may quote or comment.
  void brackets() {
    const std::size_t start = i_;
    const std::size_t end = text_.find(']', i_ + 1);
    if (end == std::string::npos) refuse_at(start, "a '[' that is never closed");
    plain_inside(start, end, "[…]");
    Token t;
    t.punct = '[';
    t.at = start;
    tokens_.push_back(t);
    *sql_ += '[';
    ++i_;
    in_word_ = false;
    while (i_ < end) step_plain();
    *sql_ += ']';
    Token close;
    close.punct = ']';
    close.at = end;
    tokens_.push_back(close);
    i_ = end + 1;
    in_word_ = false;
  }

  void step_plain() {  // inside [...]: words, numbers and operators only (checked above)
    const char c = text_[i_];
    if (!in_word_ && word_start(c)) {
      Token t;
      t.at = i_;
      std::size_t k = i_;
      while (k < n_ && ident_char(text_[k]) && text_[k] != ']')
        t.word += static_cast<char>(std::toupper(static_cast<unsigned char>(text_[k++])));
      tokens_.push_back(std::move(t));
      sql_->append(text_, i_, k - i_);
      i_ = k;
      in_word_ = true;
      return;
    }
    if (!std::isalnum(static_cast<unsigned char>(c))) punct(c, i_);
    in_word_ = false;
    *sql_ += c;
    ++i_;
  }

  void check_words() const {
    const Token* first = nullptr;
    for (const Token& t : tokens_)
      if (!t.word.empty() && !t.quoted) {
        first = &t;
        break;
      }
    if (first == nullptr) refuse("the query is empty");
    if (first->word != "SELECT" && first->word != "WITH") refuse_at(first->at, "starts with " + first->word);
    for (std::size_t k = 0; k < tokens_.size(); ++k) {
      const Token& t = tokens_[k];
      if (t.word.empty()) continue;
      if (!t.quoted)
        for (const char* bad : kForbidden)
          if (t.word == bad) refuse_at(t.at, "contains " + t.word);
      if (k + 1 < tokens_.size() && tokens_[k + 1].punct == '(')
        for (const char* fn : kSideEffectFunctions)
          if (t.word == fn)
            refuse_at(t.at, "calls " + t.word + "(), which acts on the server or outside the database instead "
                            "of reading it");
    }
  }

  const std::string& text_;
  const std::string& path_;
  const std::size_t n_;
  std::size_t i_ = 0;
  std::string* sql_ = nullptr;
  std::vector<Token> tokens_;
  std::size_t semicolon_at_ = std::string::npos;  // position in q.sql
  std::size_t hash_at_ = std::string::npos;       // a '#' earlier on this line (offset in text)
  bool in_word_ = false;                          // the previous character belongs to a word
};

}  // namespace

ProfileQuery prepare_profile_query(const std::string& text, const std::string& path) {
  return Gate(text, path).run();
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
