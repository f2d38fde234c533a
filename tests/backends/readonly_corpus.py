"""Profile queries that try to write through icm: the smuggling corpus of backends.readonly and
the seeds of backends.readonly_fuzz (and of tests/unit/source/profile_fuzz_test.cpp).

Each entry: (name, SQL, targets). The SQL is a unit.sql; `{tmp}` stands for a scratch folder
(files a trick would create there must not appear). `targets` are the databases on which the
trick is valid SQL that would change something if nothing stopped it: there the database
itself must refuse it when the profile gate is bypassed, not merely skip it. dept_kpis is the
canary table of the sample company.
"""

CORPUS = [
    # PostgreSQL dollar quoting hides what follows from a lexer that does not know it.
    ("pg_dollar_quote",
     "SELECT $$ ' $$ AS id; ROLLBACK; BEGIN READ WRITE; DELETE FROM dept_kpis; COMMIT; SELECT $$ ' $$ AS id",
     {"postgresql"}),
    ("pg_dollar_tag",
     "SELECT $x$ -- $x$ AS id; ROLLBACK; BEGIN READ WRITE; UPDATE dept_kpis SET value = 0; COMMIT; SELECT 1 AS id",
     {"postgresql"}),
    # E'…' strings escape a quote with a backslash; standard strings do not.
    ("pg_e_string",
     "SELECT E'\\'' AS id; ROLLBACK; BEGIN READ WRITE; DELETE FROM dept_kpis; COMMIT; SELECT 'x' AS id -- '",
     {"postgresql"}),
    # PostgreSQL ends a -- comment at a lone carriage return.
    ("pg_cr_in_comment",
     "SELECT 1 AS id -- x\r; ROLLBACK; BEGIN READ WRITE; DELETE FROM dept_kpis; COMMIT",
     {"postgresql"}),
    ("pg_transaction_escape",
     "SELECT 1 AS id; ROLLBACK; BEGIN READ WRITE; DELETE FROM dept_kpis; COMMIT",
     {"postgresql"}),
    ("pg_set_role", "SELECT 1 AS id; SET ROLE postgres; DELETE FROM dept_kpis", {"postgresql"}),
    ("pg_set_config_in_select",
     "SELECT set_config('transaction_read_only', 'off', false) AS id, 'x' AS name", {"postgresql"}),
    ("pg_cte_with_delete", "WITH d AS (DELETE FROM dept_kpis RETURNING *) SELECT 1 AS id FROM d", {"postgresql"}),
    ("pg_select_into", "SELECT * INTO icm_canary FROM dept_kpis", {"postgresql"}),
    ("pg_copy_to_program", "COPY (SELECT 1) TO PROGRAM 'touch {tmp}/copy_program'", {"postgresql"}),
    ("pg_lo_import", "SELECT lo_import('/etc/hostname') AS id", {"postgresql"}),
    ("pg_dblink", "SELECT dblink_exec('dbname=icm_test', 'DELETE FROM dept_kpis') AS id", {"postgresql"}),
    # A side effect no read-only transaction stops (docs/profiles.md, residual risk): only the
    # gate refuses it ("WHERE false" keeps the bypassed run harmless).
    ("pg_terminate_backend",
     "SELECT pg_terminate_backend(pid) AS id FROM pg_stat_activity WHERE false", set()),
    # MySQL/MariaDB: block comments do not nest; executable comments are code.
    ("unnested_comment", "SELECT 1 AS id /* /* */ ; DELETE FROM dept_kpis; /* */", {"mariadb", "sqlite"}),
    ("mysql_executable_comment", "SELECT 1 AS id /*! ; DELETE FROM dept_kpis */", {"mariadb"}),
    ("mariadb_executable_comment", "SELECT 1 AS id /*M! ; DELETE FROM dept_kpis */", {"mariadb"}),
    # Backslash escapes in MySQL strings and "…" strings.
    ("mysql_backslash_quote", "SELECT 'a\\'' AS id; DELETE FROM dept_kpis; SELECT 1 AS x -- '", {"mariadb"}),
    ("mysql_backslash_dquote", "SELECT \"a\\\"\" AS id; DELETE FROM dept_kpis; SELECT 1 AS x -- \"", {"mariadb"}),
    # '#' comments, '--x' minus signs.
    ("mysql_hash_comment", "SELECT 1 AS id # '\n; DELETE FROM dept_kpis; -- '", {"mariadb"}),
    ("mysql_dash_dash_no_space", "SELECT 1 --1 AS id; DELETE FROM dept_kpis", {"mariadb"}),
    ("mysql_transaction_escape",
     "SELECT 1 AS id; COMMIT; SET SESSION TRANSACTION READ WRITE; DELETE FROM dept_kpis; COMMIT", {"mariadb"}),
    ("mysql_into_outfile", "SELECT * FROM dept_kpis INTO OUTFILE '{tmp}/outfile.txt'", {"mariadb"}),
    # Quoted names: backticks (MySQL, SQLite) and brackets (SQLite). (On SQLite, sqliteodbc's own
    # lexer reads "'s`; DELETE …" as a string, so the DELETE is never compiled: harmless there.)
    ("backtick_name", "SELECT 1 AS `it's`; DELETE FROM dept_kpis; -- '", {"mariadb"}),
    ("bracket_name", "SELECT 1 AS [it's]; DELETE FROM dept_kpis; -- '", set()),
    # SQLite.
    ("sqlite_with_delete", "WITH x AS (SELECT 1) DELETE FROM dept_kpis", {"sqlite", "postgresql"}),
    ("sqlite_pragma_journal", "PRAGMA journal_mode = WAL", {"sqlite"}),
    ("sqlite_writable_schema",
     "SELECT 1 AS id; PRAGMA writable_schema = 1; UPDATE sqlite_master SET sql = 'x' WHERE name = 'dept_kpis'",
     {"sqlite"}),
    ("sqlite_attach", "ATTACH DATABASE '{tmp}/attached.db' AS x", {"sqlite"}),
    ("sqlite_attach_and_write",
     "SELECT 1 AS id; ATTACH DATABASE '{tmp}/attached.db' AS x; CREATE TABLE x.t (a)", {"sqlite"}),
    ("sqlite_vacuum_into", "VACUUM INTO '{tmp}/vacuum.db'", {"sqlite"}),
    ("sqlite_load_extension", "SELECT load_extension('{tmp}/nothing.so') AS id", {"sqlite"}),
    ("temp_table", "SELECT 1 AS id; CREATE TEMP TABLE icm_canary AS SELECT * FROM dept_kpis", {"sqlite"}),
    # Everywhere.
    ("two_statements", "SELECT 1 AS id; DELETE FROM dept_kpis", {"sqlite", "mariadb", "postgresql"}),
    ("trailing_comment_no_newline", "SELECT 1 AS id; DELETE FROM dept_kpis -- the end, no newline",
     {"sqlite", "mariadb", "postgresql"}),
    ("delete", "DELETE FROM dept_kpis", {"sqlite", "mariadb", "postgresql"}),
    ("update", "UPDATE dept_kpis SET value = 0", {"sqlite", "mariadb", "postgresql"}),
    ("create_table", "CREATE TABLE icm_canary (a INTEGER)", {"sqlite", "mariadb", "postgresql"}),
    ("nul_byte", "SELECT 1 AS id\0; DELETE FROM dept_kpis", {"sqlite", "mariadb", "postgresql"}),
]
