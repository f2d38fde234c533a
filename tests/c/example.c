/* example.c — a small C program using libicm, also shown in docs/c-api.md.
 *
 *   cc example.c $(pkg-config --cflags --libs icm) -o example
 *   ./example                              pure metric functions only
 *   ./example "DSN=hr" /path/to/profile    also open a source and print its datasets' sizes
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <icm/icm.h>

static int report(icm_status status, const char* what) {
  if (status == ICM_OK) return 0;
  fprintf(stderr, "%s: %s: %s\n", what, icm_status_string(status), icm_last_error());
  return 1;
}

static int print_metrics(void) {
  const double satisfaction[] = {1, 2, 3, 4, 5, 5, 4, 4, 3, 5}; /* a 1-5 item */
  const double recommend[] = {10, 10, 9, 9, 9, 9, 8, 7, 6, 3, 0, 10}; /* a 0-10 item */
  const size_t n_sat = sizeof satisfaction / sizeof satisfaction[0];
  const size_t n_rec = sizeof recommend / sizeof recommend[0];
  double index = 0, top2 = 0, lo = 0, hi = 0;
  icm_nps_result nps = ICM_NPS_RESULT_INIT;

  if (report(icm_mean_index(satisfaction, n_sat, 1, 5, &index), "icm_mean_index") ||
      report(icm_top_box(satisfaction, n_sat, 1, 5, 2, &top2), "icm_top_box") ||
      report(icm_nps(recommend, n_rec, &nps), "icm_nps") ||
      report(icm_wilson(18, 20, 0.95, &lo, &hi), "icm_wilson"))
    return 1;
  printf("mean index %.1f, top-2 box %.1f%%\n", index, top2);
  printf("NPS %.1f (n = %lu), adjusted-Wald 95%% [%.1f, %.1f]\n", nps.score,
         (unsigned long)nps.n, nps.adjusted_wald_lo, nps.adjusted_wald_hi);
  printf("Wilson 18/20: [%.4f, %.4f]\n", lo, hi);

  /* Errors come back as a status plus a message, never as a crash. */
  {
    const double bad[] = {3, 7};
    icm_status s = icm_mean_index(bad, 2, 1, 5, &index);
    printf("bad score -> %s: %s\n", icm_status_string(s), icm_last_error());
    if (s != ICM_E_INVALID_ARGUMENT) return 1;
  }
  return 0;
}

static int print_datasets(const char* connection, const char* profile_dir) {
  icm_session_options options = ICM_SESSION_OPTIONS_INIT;
  icm_session* session = NULL;
  size_t i;
  options.connection = connection;
  options.profile_dir = profile_dir;
  if (report(icm_session_open(&options, &session), "icm_session_open")) return 1;

  for (i = 0; i < icm_session_dataset_count(session); ++i) {
    const char* name = icm_session_dataset_name(session, i);
    icm_table* table = NULL;
    size_t row, suppressed = 0;
    if (icm_session_get_table(session, name, &table) != ICM_OK) {
      fprintf(stderr, "%s: %s\n", name, icm_session_errmsg(session));
      icm_session_close(session);
      return 1;
    }
    for (row = 0; row < icm_table_row_count(table); ++row) {
      int hidden = 0;
      if (icm_table_is_suppressed(table, row, &hidden) == ICM_OK && hidden) ++suppressed;
    }
    printf("%-16s %6lu rows, %2lu columns, %lu suppressed\n", name,
           (unsigned long)icm_table_row_count(table), (unsigned long)icm_table_column_count(table),
           (unsigned long)suppressed);
    icm_table_free(table);
  }
  icm_session_close(session);
  return 0;
}

int main(int argc, char** argv) {
  printf("libicm %s (header %s)\n", icm_version_string(), ICM_VERSION_STRING);
  if (icm_version_number() / 10000 != ICM_VERSION_MAJOR) {
    fprintf(stderr, "libicm major version differs from the header\n");
    return 1;
  }
  if (print_metrics() != 0) return EXIT_FAILURE;
  if (argc == 3 && print_datasets(argv[1], argv[2]) != 0) return EXIT_FAILURE;
  return EXIT_SUCCESS;
}
