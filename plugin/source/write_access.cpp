// The privilege report of write_access.hpp. Every query is icm's own constant text over the
// catalogs, run on a read-only connection like a load's.
#include "source/write_access.hpp"

#include <unistd.h>

#include <set>

#include "core/error.hpp"
#include "source/load_watch.hpp"
#include "source/loader.hpp"
#include "source/odbc.hpp"
#include "source/read_only.hpp"

namespace icm {

namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows query(odbc::Connection& connection, const std::string& sql) {
  odbc::Statement st(connection);
  st.prepare(sql);
  st.execute();
  st.describe();
  st.bind_block(256, std::vector<std::size_t>(st.columns().size(), 256));
  Rows rows;
  while (st.fetch_block())
    for (std::size_t r = 0; r < st.rows_in_block(); ++r) {
      std::vector<std::string> row;
      for (std::size_t c = 0; c < st.columns().size(); ++c) {
        if (st.is_null(c, r)) row.emplace_back();
        else if (st.binding(c) == odbc::Binding::int64) row.push_back(std::to_string(st.int64(c, r)));
        else if (st.binding(c) == odbc::Binding::real) row.push_back(std::to_string(st.real(c, r)));
        else row.emplace_back(st.text(c, r));
      }
      rows.push_back(std::move(row));
    }
  return rows;
}

std::string joined(const std::set<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// Rows of (table, privilege): one finding with the privileges and the first table names.
void add_tables(WriteAccess& out, const Rows& rows) {
  std::set<std::string> privileges, tables;
  for (const auto& r : rows) {
    tables.insert(r[0]);
    privileges.insert(r[1]);
  }
  if (tables.empty()) return;
  WriteFinding f;
  f.kind = WriteFinding::Kind::tables;
  f.privileges = joined(privileges);
  f.count = tables.size();
  for (const auto& t : tables)
    if (f.names.size() < 5) f.names.push_back(t);
  out.findings.push_back(std::move(f));
}

void postgresql(odbc::Connection& c, WriteAccess& out) {
  // Tables, views and foreign tables outside the system schemas that the account may change,
  // directly or through a role it belongs to (the has_*_privilege functions cover both, and
  // ownership; INSERT and UPDATE also when granted on some columns only).
  add_tables(out, query(c,
      "SELECT n.nspname || '.' || c.relname, p.privilege"
      " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      " CROSS JOIN (VALUES ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE')) AS p(privilege)"
      " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
      " AND n.nspname NOT LIKE 'pg\\_%' AND CASE WHEN p.privilege IN ('INSERT', 'UPDATE')"
      " THEN has_any_column_privilege(c.oid, p.privilege) ELSE has_table_privilege(c.oid, p.privilege) END"));
  std::vector<std::string> create;
  for (const auto& r : query(c, "SELECT current_database() WHERE has_database_privilege(current_database(), 'CREATE')"))
    create.push_back("database " + r[0]);
  for (const auto& r : query(c, "SELECT nspname FROM pg_catalog.pg_namespace WHERE has_schema_privilege(oid, 'CREATE')"
                                " AND nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'"))
    create.push_back("schema " + r[0]);
  if (!create.empty()) {
    WriteFinding f;
    f.kind = WriteFinding::Kind::create;
    f.names = create;
    out.findings.push_back(std::move(f));
  }
  const Rows role = query(c,
      "SELECT rolsuper::int, pg_has_role(current_user, 'pg_write_server_files', 'MEMBER')::int,"
      " pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER')::int"
      " FROM pg_catalog.pg_roles WHERE rolname = current_user");
  if (!role.empty() && role[0][0] == "1") {
    WriteFinding f;
    f.kind = WriteFinding::Kind::superuser;
    f.privileges = "superuser";
    out.findings.push_back(std::move(f));
  } else if (!role.empty() && (role[0][1] == "1" || role[0][2] == "1")) {
    WriteFinding f;
    f.kind = WriteFinding::Kind::server_files;
    f.privileges = role[0][1] == "1" ? "pg_write_server_files" : "pg_execute_server_program";
    if (role[0][1] == "1" && role[0][2] == "1") f.privileges += ", pg_execute_server_program";
    out.findings.push_back(std::move(f));
  }
}

void mariadb(odbc::Connection& c, WriteAccess& out) {
  // information_schema shows an ordinary account its own grants; an administrator sees every
  // account's, so keep CURRENT_USER()'s ('user'@'host' there).
  const std::string me =
      "GRANTEE = CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', "
      "SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')";
  const std::string writes = "PRIVILEGE_TYPE IN ('INSERT', 'UPDATE', 'DELETE', 'DROP', 'ALTER', 'CREATE', 'INDEX', "
                             "'TRIGGER', 'CREATE VIEW', 'DELETE HISTORY')";
  std::set<std::string> global;
  for (const auto& r : query(c, "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE " + me))
    global.insert(r[0]);
  if (global.count("SUPER")) {
    WriteFinding f;
    f.kind = WriteFinding::Kind::superuser;
    f.privileges = "SUPER";
    out.findings.push_back(std::move(f));
  }
  if (global.count("FILE")) {
    WriteFinding f;
    f.kind = WriteFinding::Kind::server_files;
    f.privileges = "FILE";
    out.findings.push_back(std::move(f));
  }
  Rows tables = query(c, "SELECT '*.*', PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE " + me + " AND " + writes);
  for (auto& r : query(c, "SELECT CONCAT(TABLE_SCHEMA, '.*'), PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES"
                          " WHERE " + me + " AND " + writes))
    tables.push_back(std::move(r));
  for (auto& r : query(c, "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME), PRIVILEGE_TYPE FROM"
                          " information_schema.TABLE_PRIVILEGES WHERE " + me + " AND " + writes +
                          " UNION SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME), PRIVILEGE_TYPE FROM"
                          " information_schema.COLUMN_PRIVILEGES WHERE " + me + " AND " + writes))
    tables.push_back(std::move(r));
  add_tables(out, tables);
  std::vector<std::string> create;
  for (const auto& r : tables)
    if (r[1] == "CREATE") create.push_back(r[0]);
  if (!create.empty()) {
    WriteFinding f;
    f.kind = WriteFinding::Kind::create;
    f.names = create;
    out.findings.push_back(std::move(f));
  }
}

}  // namespace

WriteAccess check_write_access(const SessionOptions& options, const Settings& settings) {
  const std::string connection = options.connection;
  if (odbc::driver_kind(odbc::normalise_connection_string(connection)) == odbc::DriverKind::sqlite) {
    // A file: what matters is whether this process could change it, whatever icm opens it as.
    WriteAccess out;
    out.dbms = "SQLite";
    out.known = true;
    const std::string file = odbc::sqlite_database_file(connection);
    if (!file.empty() && ::access(file.c_str(), W_OK) == 0) {
      WriteFinding f;
      f.kind = WriteFinding::Kind::file;
      f.names = {file};
      out.findings.push_back(std::move(f));
    }
    return out;
  }
  const int login_timeout = options.login_timeout_seconds, query_timeout = query_timeout_of(options, settings);
  WatchOptions watch{query_timeout, odbc::describe_source(connection), "the privilege check"};
  return run_watched<WriteAccess>(watch, nullptr, [connection, login_timeout, query_timeout](const ProgressFn&) {
    odbc::Environment env;
    odbc::Connection c(env, connection, login_timeout, query_timeout);
    WriteAccess out;
    out.dbms = c.dbms();
    if (c.dbms().find("postgres") != std::string::npos) {
      out.dbms = "PostgreSQL";
      out.known = true;
      postgresql(c, out);
    } else if (c.dbms().find("mariadb") != std::string::npos || c.dbms().find("mysql") != std::string::npos) {
      out.dbms = "MariaDB/MySQL";
      out.known = true;
      mariadb(c, out);
    }
    return out;
  });
}

}  // namespace icm
