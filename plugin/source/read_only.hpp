// What each database itself guarantees about icm's connections (docs/profiles.md, "What is
// enforced where"). The profile gate (profile.cpp) is the friendly first error; these are the
// line of defence that holds even if the gate were fooled:
//
//  - SQLite: the file is opened read-only (`file:…?mode=ro`, whatever the connection string
//    says), and sqlite_guard refuses ATTACH, TEMP tables and every write at statement compile.
//  - PostgreSQL: a read-only REPEATABLE READ transaction for the whole load, and before any
//    statement reaches psqlODBC (which splits text on ';' and runs every part, so
//    "…; ROLLBACK; BEGIN READ WRITE; DELETE …" would leave the transaction) the server's own
//    parser must read it as exactly one query returning rows.
//  - MariaDB/MySQL: a read-only transaction, and the connection without MULTI_STATEMENTS, so the
//    server parses one statement per request (checked after connecting).
#pragma once

#include <sql.h>

#include <string>
#include <string_view>
#include <vector>

namespace icm::odbc {

enum class DriverKind { unknown, sqlite, postgresql, mariadb };

// The driver a connection string names: its DRIVER= (a name from odbcinst.ini or a library
// path), or the Driver of its DSN in odbc.ini.
DriverKind driver_kind(std::string_view connection);

// Where a connection string points, for messages: "PostgreSQL at 127.0.0.1:5432",
// "MariaDB, DSN hr", "SQLite file /srv/hr.db" (no credentials).
std::string describe_source(std::string_view connection);

// The SQLite database file a connection string names (Database=, or its DSN's; a file: URI
// decoded to its path), or "" when it names none.
std::string sqlite_database_file(std::string_view connection);

// The connection string icm connects with. SQLite: Database= becomes a `file:` URI with
// mode=ro (Error(invalid_argument) when the string asks for writing: mode=rw/rwc, ReadOnly=0;
// Error(invalid_argument) too when no database file is named). MariaDB: MULTI_STATEMENTS
// (OPTION flag 67108864) cleared, and CONN_TIMEOUT / READ_TIMEOUT / WRITE_TIMEOUT set from the
// login and query timeouts unless the string sets them.
std::string hardened_connection_string(std::string_view connection, DriverKind kind, int login_timeout_seconds,
                                       int query_timeout_seconds);

// Called once connected, with the DBMS name in lower case: asks the server for a read-only
// session and checks what the server guarantees (see above). `sqlite_guarded` says whether
// sqlite_guard ran on this connection. Throws Error(source) naming what could not be ensured;
// `redacted` is the connection string for messages.
void enforce_read_only(SQLHDBC dbc, const std::string& dbms, bool sqlite_guarded, const std::string& redacted,
                       const std::vector<std::string>& secrets);

// PostgreSQL: a statement that makes the server parse `sql` (icm's `?` placeholders read as
// NULL) as a cursor, without running it, and fails unless it is exactly one query returning
// rows. psqlODBC sees it as one statement: `sql` sits in a dollar quote whose tag it does not
// contain.
std::string single_query_check(const std::string& sql);

}  // namespace icm::odbc
