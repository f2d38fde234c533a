// The auto-extension of sqlite_guard.hpp and its authorizer.
#include "source/sqlite_guard.hpp"

#include <sqlite3.h>
#include <strings.h>

#include <initializer_list>

namespace icm::sqlite_guard {

namespace {

thread_local Armed* t_armed = nullptr;

bool one_of(const char* s, std::initializer_list<const char*> names) {
  if (s == nullptr) return false;
  for (const char* n : names)
    if (strcasecmp(s, n) == 0) return true;
  return false;
}

// Reading and nothing else. Decided when a statement is compiled, so a refused statement
// never runs at all.
int authorize(void*, int action, const char* arg1, const char* arg2, const char*, const char*) {
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
    case SQLITE_TRANSACTION:  // sqliteodbc's BEGIN/COMMIT around reads; writes stay refused
      return SQLITE_OK;
    case SQLITE_FUNCTION:  // arg2 is the function's name
      return one_of(arg2, {"load_extension", "fts3_tokenizer", "writefile", "readfile", "edit"}) ? SQLITE_DENY
                                                                                             : SQLITE_OK;
    case SQLITE_PRAGMA:  // arg1 the pragma, arg2 its value (NULL when only read)
      // What sqliteodbc itself asks for: catalog reads, and connection-local settings at connect.
      if (arg2 == nullptr && one_of(arg1, {"table_info", "index_info", "index_list", "foreign_key_list"}))
        return SQLITE_OK;
      if (one_of(arg1, {"empty_result_callbacks", "foreign_keys", "full_column_names", "short_column_names",
                        "synchronous"}))
        return SQLITE_OK;
      if (one_of(arg1, {"query_only"}) && one_of(arg2, {"1", "on", "true", "yes"})) return SQLITE_OK;
      return SQLITE_DENY;
    default:  // INSERT, UPDATE, DELETE, CREATE*, DROP*, ALTER, ATTACH, DETACH, REINDEX, ANALYZE …
      return SQLITE_DENY;
  }
}

}  // namespace

struct Hook {
  // Runs inside sqlite3_open_v2 for every database the process opens; acts only on the thread
  // that armed it, so other SQLite users in the process (a host application, icm sample) are
  // untouched.
  static int on_open(sqlite3* db, const char** error, const sqlite3_api_routines*) {
    Armed* armed = t_armed;
    if (armed == nullptr) return SQLITE_OK;
    if (sqlite3_db_readonly(db, "main") != 1) {
      armed->refused_ = true;
      *error = sqlite3_mprintf("icm opens SQLite databases read-only, and this one was opened for writing");
      return SQLITE_ERROR;
    }
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);  // no ATTACH, and so no VACUUM INTO either
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_exec(db, "PRAGMA query_only = 1", nullptr, nullptr, nullptr);  // TEMP tables too
    sqlite3_set_authorizer(db, authorize, nullptr);
    armed->guarded_ = true;
    return SQLITE_OK;
  }
};

Armed::Armed() : outer_(t_armed) {
  // Registering the same entry point again is a no-op; doing it every time survives a host
  // application's sqlite3_reset_auto_extension().
  sqlite3_auto_extension(reinterpret_cast<void (*)()>(&Hook::on_open));
  t_armed = this;
}

Armed::~Armed() { t_armed = outer_; }

}  // namespace icm::sqlite_guard
