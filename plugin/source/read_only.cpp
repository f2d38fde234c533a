// Per-database read-only set-up (read_only.hpp). Every statement here is icm's own constant
// text; what the servers answer decides whether the connection may be used.
#include "source/read_only.hpp"

#include <odbcinst.h>
#include <sqlext.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>

#include "core/error.hpp"
#include "source/load_watch.hpp"
#include "source/odbc.hpp"
#include "source/values.hpp"

namespace icm::odbc {

namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return ascii_lower(haystack).find(needle) != std::string::npos;
}

// An entry of odbc.ini (DSNs) or odbcinst.ini (drivers), as the driver manager reads them.
std::string ini_value(const std::string& section, const char* key, const char* file) {
  char buf[1024] = {0};
  if (SQLGetPrivateProfileString(section.c_str(), key, "", buf, static_cast<int>(sizeof buf), file) <= 0) return "";
  return buf;
}

DriverKind classify(std::string_view driver) {
  if (contains(driver, "sqlite")) return DriverKind::sqlite;
  if (contains(driver, "psqlodbc") || contains(driver, "postgres")) return DriverKind::postgresql;
  if (contains(driver, "maodbc") || contains(driver, "mariadb") || contains(driver, "mysql") || contains(driver, "myodbc"))
    return DriverKind::mariadb;
  return DriverKind::unknown;
}

// A driver name from odbcinst.ini, or a library path: by its name, else by its library.
DriverKind classify_driver(const std::string& driver) {
  const DriverKind by_name = classify(driver);
  if (by_name != DriverKind::unknown || driver.empty()) return by_name;
  return classify(ini_value(driver, "Driver", "odbcinst.ini"));
}

bool is_false(const std::string& v) {
  const std::string l = ascii_lower(v);
  return l == "0" || l == "no" || l == "false" || l == "off" || l == "n";
}

// sqlite URI path: anything but unreserved characters percent-encoded, so ';', '?', '#' and
// '%' in a file name survive both the connection string and the URI.
std::string percent_encoded(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '_' || c == '-' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// `database` (a file name or a file: URI) as a file: URI that opens it read-only.
std::string read_only_uri(const std::string& database) {
  if (ascii_lower(database.substr(0, 5)) != "file:") {
    if (database == ":memory:") throw Error(ErrorCode::invalid_argument, "an in-memory SQLite database holds no HR data");
    // "file://" + an absolute path: an empty authority, so a path starting with "//" stays one.
    return (database.front() == '/' ? "file://" : "file:") + percent_encoded(database) + "?mode=ro";
  }
  const std::size_t q = database.find('?');
  std::string path = database.substr(0, q), kept;
  std::string params = q == std::string::npos ? "" : database.substr(q + 1);
  params = params.substr(0, params.find('#'));
  for (std::size_t from = 0; from <= params.size();) {
    std::size_t amp = params.find('&', from);
    if (amp == std::string::npos) amp = params.size();
    const std::string param = params.substr(from, amp - from);
    from = amp + 1;
    if (param.empty()) continue;
    const std::string name = ascii_lower(param.substr(0, param.find('=')));
    const std::string value = param.find('=') == std::string::npos ? "" : ascii_lower(param.substr(param.find('=') + 1));
    if (name == "mode") {
      if (value != "ro")
        throw Error(ErrorCode::invalid_argument,
                    "the SQLite database URI asks for mode=" + value + ", but icm only reads: remove it (icm opens "
                    "the file with mode=ro)");
      continue;
    }
    kept += param + "&";
  }
  return path + "?" + kept + "mode=ro";
}

struct Outcome {
  bool ok = false;
  std::string diagnostics;  // "[state] text; …" when not ok
};

// Runs one of icm's own statements on its own handle and frees it.
Outcome run(SQLHDBC dbc, const char* sql) {
  Outcome out;
  SQLHSTMT stmt = SQL_NULL_HSTMT;
  if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt))) {
    out.diagnostics = "cannot allocate a statement";
    return out;
  }
  std::string text(sql);
  const SQLRETURN rc = SQLExecDirect(stmt, reinterpret_cast<SQLCHAR*>(text.data()), SQL_NTS);
  out.ok = SQL_SUCCEEDED(rc) || rc == SQL_NO_DATA;
  if (!out.ok) {
    for (SQLSMALLINT rec = 1; rec <= 4; ++rec) {
      SQLCHAR state[6] = {0}, message[1024] = {0};
      SQLINTEGER native = 0;
      SQLSMALLINT length = 0;
      if (!SQL_SUCCEEDED(SQLGetDiagRec(SQL_HANDLE_STMT, stmt, rec, state, &native, message,
                                       static_cast<SQLSMALLINT>(sizeof message), &length)))
        break;
      if (!out.diagnostics.empty()) out.diagnostics += "; ";
      out.diagnostics.append("[").append(reinterpret_cast<const char*>(state)).append("] ");
      out.diagnostics.append(reinterpret_cast<const char*>(message));
    }
  }
  SQLFreeHandle(SQL_HANDLE_STMT, stmt);
  watch::answered();
  return out;
}

[[noreturn]] void cannot(const std::string& redacted, const std::string& what, const std::string& details,
                         const std::vector<std::string>& secrets) {
  std::string d = details;
  for (const std::string& s : secrets)
    for (std::size_t at = d.find(s); !s.empty() && at != std::string::npos; at = d.find(s)) d.replace(at, s.size(), "***");
  throw Error(ErrorCode::source, "ODBC source '" + redacted + "': " + what + (d.empty() ? "" : " — " + d));
}

}  // namespace

DriverKind driver_kind(std::string_view connection) {
  if (const auto driver = connection_attribute(connection, "DRIVER")) return classify_driver(*driver);
  if (const auto dsn = connection_attribute(connection, "DSN")) return classify_driver(ini_value(*dsn, "Driver", "odbc.ini"));
  return DriverKind::unknown;
}

std::string describe_source(std::string_view connection) {
  const std::string normal = normalise_connection_string(connection);
  std::string out;
  switch (driver_kind(normal)) {
    case DriverKind::postgresql: out = "PostgreSQL"; break;
    case DriverKind::mariadb: out = "MariaDB/MySQL"; break;
    case DriverKind::sqlite: out = "SQLite"; break;
    case DriverKind::unknown: break;
  }
  std::optional<std::string> host;
  for (const char* key : {"Server", "Servername", "Host", "Hostname"})
    if (!host) host = connection_attribute(normal, key);
  if (host) {
    out += (out.empty() ? "" : " at ") + *host;
    if (const auto port = connection_attribute(normal, "Port")) out += ":" + *port;
  } else if (const auto dsn = connection_attribute(normal, "DSN")) {
    out += (out.empty() ? "DSN " : ", DSN ") + *dsn;
  } else if (const auto db = connection_attribute(normal, "Database")) {
    out += (out.empty() ? "" : " ") + std::string("file ") + *db;
  }
  return out;
}

std::string sqlite_database_file(std::string_view connection) {
  const std::string normal = normalise_connection_string(connection);
  std::string database = connection_attribute(normal, "Database").value_or("");
  if (database.empty())
    if (const auto dsn = connection_attribute(normal, "DSN")) database = ini_value(*dsn, "Database", "odbc.ini");
  if (ascii_lower(database.substr(0, 5)) != "file:") return database;
  std::string path = database.substr(5, database.find_first_of("?#") == std::string::npos
                                            ? std::string::npos
                                            : database.find_first_of("?#") - 5);
  if (path.rfind("//", 0) == 0) path = path.substr(path.find('/', 2) == std::string::npos ? path.size() : path.find('/', 2));
  std::string out;
  for (std::size_t k = 0; k < path.size(); ++k) {
    if (path[k] == '%' && k + 2 < path.size() && std::isxdigit(static_cast<unsigned char>(path[k + 1])) &&
        std::isxdigit(static_cast<unsigned char>(path[k + 2]))) {
      out += static_cast<char>(std::stoi(path.substr(k + 1, 2), nullptr, 16));
      k += 2;
    } else {
      out += path[k];
    }
  }
  return out;
}

std::string hardened_connection_string(std::string_view connection, DriverKind kind, int login_timeout_seconds,
                                       int query_timeout_seconds) {
  std::string out(connection);
  if (kind == DriverKind::sqlite) {
    if (const auto ro = connection_attribute(connection, "ReadOnly"); ro && is_false(*ro))
      throw Error(ErrorCode::invalid_argument,
                  "the connection string sets ReadOnly=" + *ro + ", but icm only reads: remove it (icm opens SQLite "
                  "databases read-only)");
    std::string database = connection_attribute(connection, "Database").value_or("");
    if (database.empty())
      if (const auto dsn = connection_attribute(connection, "DSN")) database = ini_value(*dsn, "Database", "odbc.ini");
    if (database.empty())
      throw Error(ErrorCode::invalid_argument,
                  "the SQLite connection names no database file: give Database=… (or use icm --db FILE)");
    out = set_connection_attribute(out, "Database", read_only_uri(database));
  } else if (kind == DriverKind::mariadb) {
    // Several statements in one request would let "SELECT 1; SET SESSION TRANSACTION READ
    // WRITE; …" leave the read-only session: keep Connector/ODBC's MULTI_STATEMENTS off.
    constexpr unsigned long long kMultiStatements = 67108864;
    for (const char* key : {"OPTION", "OPTIONS"})
      if (const auto v = connection_attribute(out, key)) {
        const unsigned long long flags = std::strtoull(v->c_str(), nullptr, 10);
        if (flags & kMultiStatements) out = set_connection_attribute(out, key, std::to_string(flags & ~kMultiStatements));
      }
    // SQL_ATTR_LOGIN_TIMEOUT covers the TCP connect only: a peer that accepts and never speaks
    // hangs the handshake. CONN_TIMEOUT covers it.
    if (login_timeout_seconds > 0 && !connection_attribute(out, "CONN_TIMEOUT"))
      out = set_connection_attribute(out, "CONN_TIMEOUT", std::to_string(login_timeout_seconds));
    // Socket-level limits, a little longer than icm's own query timeout (load_watch.hpp): icm
    // gives up first with its message, then the driver frees the abandoned connection even if
    // the server never answers again (a paused server still acknowledges TCP).
    if (query_timeout_seconds > 0)
      for (const char* key : {"READ_TIMEOUT", "WRITE_TIMEOUT"})
        if (!connection_attribute(out, key))
          out = set_connection_attribute(out, key, std::to_string(query_timeout_seconds + 5));
  }
  return out;
}

void enforce_read_only(SQLHDBC dbc, const std::string& dbms, bool sqlite_guarded, const std::string& redacted,
                       const std::vector<std::string>& secrets) {
  if (dbms.find("postgres") != std::string::npos) {
    // SQL_ATTR_ACCESS_MODE is only a hint to psqlODBC: the server must refuse writes itself.
    const Outcome o = run(dbc, "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
    if (!o.ok) cannot(redacted, "the server refused a read-only session", o.diagnostics, secrets);
  } else if (dbms.find("mariadb") != std::string::npos || dbms.find("mysql") != std::string::npos) {
    const Outcome o = run(dbc, "SET SESSION TRANSACTION READ ONLY");
    if (!o.ok) cannot(redacted, "the server refused a read-only session", o.diagnostics, secrets);
    if (run(dbc, "SELECT 1; SELECT 2").ok)
      cannot(redacted,
             "the connection runs several statements in one request (Connector/ODBC MULTI_STATEMENTS, OPTION "
             "flag 67108864, set in the DSN?): icm needs it off, so that the server reads one statement at a time",
             "", secrets);
  } else if (dbms.find("sqlite") != std::string::npos) {
    // Whatever opened the file (a DSN, a driver with its own SQLite library): a read-only
    // database refuses a write transaction at once.
    const Outcome begin = run(dbc, "BEGIN IMMEDIATE");
    if (begin.ok) run(dbc, "ROLLBACK");
    if (begin.ok || ascii_lower(begin.diagnostics).find("readonly") == std::string::npos)
      cannot(redacted, "this SQLite database was not opened read-only (icm opens it with a file: URI and mode=ro; "
                       "use icm --db FILE or DRIVER=SQLite3;Database=FILE)", begin.diagnostics, secrets);
    if (!sqlite_guarded) {  // the guard's query_only, done through the driver instead
      const Outcome q = run(dbc, "PRAGMA query_only = 1");
      if (!q.ok) cannot(redacted, "SQLite refused query_only", q.diagnostics, secrets);
    }
  }
}

std::string single_query_check(const std::string& sql) {
  // icm's '?' placeholders (outside '…' and "…") read as NULL: the check is about statement
  // boundaries, which a NULL does not move.
  std::string inner;
  inner.reserve(sql.size() + 16);
  char quote = 0;
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same boundaries
      inner += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      inner += c;
    } else {
      inner += c == '?' ? std::string("NULL") : std::string(1, c);
    }
  }
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string tag;
  do {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
    tag = buf;
  } while (sql.find(tag) != std::string::npos);  // psqlODBC tags: letters and digits only
  return "DO $icmdo" + tag + "$ DECLARE c refcursor; BEGIN OPEN c FOR EXECUTE $icmq" + tag + "$" + inner + "$icmq" +
         tag + "$; CLOSE c; END $icmdo" + tag + "$";
}

}  // namespace icm::odbc
