/*
 * icm.h — the stable C interface of libicm (Internal Customer Metrics).
 *
 * Conventions, stated once for the whole header:
 *  - Every string passed in or returned is UTF-8, NUL-terminated.
 *  - Every fallible call returns an icm_status; results come back through out pointers, which
 *    are left untouched unless the call returns ICM_OK.
 *  - On failure the message is available from icm_last_error() (thread-local, every call) and,
 *    for calls that take a session, also from icm_session_errmsg(session).
 *  - Inputs are copied: the library keeps no pointer to caller memory after a call returns.
 *  - Whoever allocates frees: a buffer the library hands over is released with icm_free();
 *    handles with their own icm_*_close / icm_*_free. Borrowed strings (const char* results)
 *    live as long as the object they came from and must not be freed.
 *  - Status codes and option-struct fields are never renumbered or removed (docs/abi.md).
 *
 * Thread safety: the library is thread-safe. One icm_session may be used from several threads at
 * once for reads (listing datasets, getting tables); one icm_table may be read from several
 * threads at once. Closing a handle while another thread uses it is the caller's bug.
 * A table stays valid after its session is closed (it holds its own reference).
 */
#ifndef ICM_ICM_H
#define ICM_ICM_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(ICM_BUILDING_LIBRARY)
#    define ICM_API __declspec(dllexport)
#  elif defined(ICM_STATIC)
#    define ICM_API
#  else
#    define ICM_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define ICM_API __attribute__((visibility("default")))
#else
#  define ICM_API
#endif

/* C++ callers see what the library guarantees: no exception ever leaves an icm_* call. */
#if defined(__cplusplus)
#  define ICM_NOEXCEPT noexcept
#else
#  define ICM_NOEXCEPT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version ------------------------------------------------------------------------------ */

#define ICM_VERSION_MAJOR 0
#define ICM_VERSION_MINOR 1
#define ICM_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH, comparable with icm_version_number(). */
#define ICM_VERSION_NUMBER (ICM_VERSION_MAJOR * 10000 + ICM_VERSION_MINOR * 100 + ICM_VERSION_PATCH)
#define ICM_VERSION_STRING "0.1.0"

/* The version of the library actually loaded, which may be newer than the header. */
ICM_API unsigned icm_version_number(void) ICM_NOEXCEPT;
ICM_API const char* icm_version_string(void) ICM_NOEXCEPT;

/* ---- Status and errors -------------------------------------------------------------------- */

/* Numbering is part of the ABI: never renumber, never reuse; a retired code keeps its slot. */
typedef enum icm_status {
  ICM_OK = 0,
  ICM_E_INVALID_ARGUMENT = 1, /* the caller broke the contract (NULL, out of range, bad score) */
  ICM_E_NOT_FOUND = 2,        /* a named dataset, file, record or DSN does not exist */
  ICM_E_SOURCE = 3,           /* the HR database or its ODBC driver failed */
  ICM_E_DATA = 4,             /* malformed profile, settings or rows */
  ICM_E_IO = 5,               /* a file could not be read or written */
  ICM_E_NO_MEMORY = 6,
  ICM_E_INTERNAL = 7,         /* a bug in icm; the message says where */
  ICM_E_UNSUPPORTED = 8,      /* a valid request this build cannot do */
  ICM_E_SUPPRESSED = 9,       /* the value exists but confidentiality rules hide it */
  /* Not a status: keeps the enum int-sized and every int value representable, so a C caller
   * passing an unknown number (to icm_status_string) is well defined in C++. */
  ICM_STATUS_FORCE_INT = 0x7fffffff
} icm_status;

/* Static English name of a status, e.g. "invalid argument"; never NULL. */
ICM_API const char* icm_status_string(icm_status status) ICM_NOEXCEPT;

/* Message of the most recent failed call on this thread ("" if none yet). Valid until the next
 * failing icm_* call on the same thread. Successful calls do not clear it. */
ICM_API const char* icm_last_error(void) ICM_NOEXCEPT;

/* Frees a buffer allocated by the library. icm_free(NULL) does nothing. */
ICM_API void icm_free(void* ptr) ICM_NOEXCEPT;

/* ---- Sessions ----------------------------------------------------------------------------- */

typedef struct icm_session icm_session;
typedef struct icm_table icm_table;

/* Options for icm_session_open. Initialise with ICM_SESSION_OPTIONS_INIT so that struct_size is
 * right; fields are only ever appended, and the library reads no field past struct_size. */
typedef struct icm_session_options {
  size_t struct_size;      /* sizeof(icm_session_options) as the caller compiled it */
  const char* connection;  /* ODBC connection string, e.g. "DSN=hr"; required */
  const char* profile_dir; /* folder with <record>.sql files and settings.ini; required */
  const char* period;      /* only rows of this period in each table; NULL or "" = all periods */
  int min_group_size;      /* anonymity threshold; 0 = from settings (the floor of 3 holds) */
  const char* lang;        /* label language of values: "en" (NULL = "en") or "zh-CN" */
  /* Called on the opening thread while records load; total is 0 when unknown. May be NULL. */
  void (*progress)(void* user, const char* record, uint64_t rows, uint64_t total);
  void* progress_user;
} icm_session_options;

#define ICM_SESSION_OPTIONS_INIT \
  { sizeof(icm_session_options), NULL, NULL, NULL, 0, NULL, NULL, NULL }

/* Reads the HR source through the profile. On success *out is a new session to close with
 * icm_session_close; on failure *out is set to NULL and icm_last_error() says what failed.
 * The connection is read-only as each database itself enforces it (docs/profiles.md). A load
 * (open or refresh) fails with ICM_E_SOURCE when the database sends nothing for the profile's
 * settings.ini [source] query_timeout seconds (default 300, 0 = wait forever); the loading
 * thread it abandoned then ends at the database's next answer, so do not unload the library
 * while one may still run. */
ICM_API icm_status icm_session_open(const icm_session_options* options,
                                    icm_session** out) ICM_NOEXCEPT;
/* Closes a session; NULL is a no-op. Tables obtained from it stay valid. */
ICM_API void icm_session_close(icm_session* session) ICM_NOEXCEPT;
/* Message of the most recent failure on this session by any thread ("" if none). The pointer is
 * valid until the calling thread's next icm_session_errmsg call. */
ICM_API const char* icm_session_errmsg(const icm_session* session) ICM_NOEXCEPT;

/* Datasets the session offers, in a stable order; name is NULL when index is out of range. */
ICM_API size_t icm_session_dataset_count(const icm_session* session) ICM_NOEXCEPT;
ICM_API const char* icm_session_dataset_name(const icm_session* session,
                                             size_t index) ICM_NOEXCEPT;
/* Builds (first time) and returns a dataset; free it with icm_table_free. */
ICM_API icm_status icm_session_get_table(icm_session* session, const char* name,
                                         icm_table** out) ICM_NOEXCEPT;

/* ---- Tables ------------------------------------------------------------------------------- */

typedef enum icm_column_type {
  ICM_COLUMN_INVALID = 0, /* returned for a column index out of range */
  ICM_COLUMN_INTEGER = 1,
  ICM_COLUMN_REAL = 2,
  ICM_COLUMN_TEXT = 3,
  ICM_COLUMN_BOOLEAN = 4  /* read with icm_table_get_int64: 0 or 1 */
} icm_column_type;

/* Frees a table; NULL is a no-op. */
ICM_API void icm_table_free(icm_table* table) ICM_NOEXCEPT;
ICM_API const char* icm_table_name(const icm_table* table) ICM_NOEXCEPT;
ICM_API size_t icm_table_row_count(const icm_table* table) ICM_NOEXCEPT;
ICM_API size_t icm_table_column_count(const icm_table* table) ICM_NOEXCEPT;
/* Column name (snake_case, the same in every face); NULL when col is out of range. */
ICM_API const char* icm_table_column_name(const icm_table* table, size_t col) ICM_NOEXCEPT;
ICM_API icm_column_type icm_table_column_type(const icm_table* table, size_t col) ICM_NOEXCEPT;
/* Header for people in lang "en" or "zh-CN"; NULL for an unknown lang or col out of range. */
ICM_API const char* icm_table_column_label(const icm_table* table, size_t col,
                                           const char* lang) ICM_NOEXCEPT;

/* Typed cell access. A type mismatch or a row/col out of range is ICM_E_INVALID_ARGUMENT.
 * *is_null (may be NULL) is set to 1 for a NULL cell, whose value is 0, NaN or NULL.
 * get_int64 reads INTEGER and BOOLEAN columns; get_double REAL; get_text TEXT, and the text
 * stays valid until the table is freed. */
ICM_API icm_status icm_table_get_int64(const icm_table* table, size_t row, size_t col,
                                       int64_t* out, int* is_null) ICM_NOEXCEPT;
ICM_API icm_status icm_table_get_double(const icm_table* table, size_t row, size_t col,
                                        double* out, int* is_null) ICM_NOEXCEPT;
ICM_API icm_status icm_table_get_text(const icm_table* table, size_t row, size_t col,
                                      const char** out, int* is_null) ICM_NOEXCEPT;
/* *out = 1 when the row is hidden by confidentiality rules (its statistics are NULL), else 0;
 * 0 for every row of a table without a "suppressed" column. */
ICM_API icm_status icm_table_is_suppressed(const icm_table* table, size_t row,
                                           int* out) ICM_NOEXCEPT;

/* ---- Metric functions over arrays of scores ------------------------------------------------ */
/* Scores must be whole numbers within [scale_min, scale_max] (themselves whole, max > min);
 * anything else is ICM_E_INVALID_ARGUMENT with a message naming the index and value. scores may
 * be NULL when n is 0. An undefined result (n = 0) is ICM_OK with NaN. Definitions: METHODS.md. */

/* Mean on the 0–100 index scale: (mean − min) / (max − min) × 100. */
ICM_API icm_status icm_mean_index(const double* scores, size_t n, double scale_min,
                                  double scale_max, double* out) ICM_NOEXCEPT;
/* Percentage 0–100 of scores in the top k points of the scale (k = 2 on 1–5: 4s and 5s). */
ICM_API icm_status icm_top_box(const double* scores, size_t n, double scale_min,
                               double scale_max, int k, double* out) ICM_NOEXCEPT;
/* Percentage 0–100 of scores in the bottom k points of the scale. */
ICM_API icm_status icm_bottom_box(const double* scores, size_t n, double scale_min,
                                  double scale_max, int k, double* out) ICM_NOEXCEPT;

/* Net Promoter Score on the 0–10 scale; a result struct that may grow at the end, so set
 * struct_size (ICM_NPS_RESULT_INIT) and the library fills only the fields that fit. */
typedef struct icm_nps_result {
  size_t struct_size;
  double score;          /* 100 × (P − D), −100…100 */
  double promoters;      /* P: share 0–1 answering 9–10 */
  double detractors;     /* D: share 0–1 answering 0–6 */
  uint64_t n;
  double wald_lo;        /* 95 % Wald interval of the score, not clipped */
  double wald_hi;
  double adjusted_wald_lo; /* 95 % adjusted-Wald (Rocks 2016), clipped to [−100, 100] */
  double adjusted_wald_hi;
} icm_nps_result;

#define ICM_NPS_RESULT_INIT { sizeof(icm_nps_result), 0, 0, 0, 0, 0, 0, 0, 0 }

ICM_API icm_status icm_nps(const double* scores, size_t n, icm_nps_result* out) ICM_NOEXCEPT;

/* Wilson score interval for x successes in n trials at the given confidence (0 < c < 1), no
 * continuity correction (= R prop.test(correct = FALSE)). n = 0 gives NaN bounds. */
ICM_API icm_status icm_wilson(uint64_t x, uint64_t n, double confidence, double* lo,
                              double* hi) ICM_NOEXCEPT;

/* ---- More metric functions: descriptive statistics, intervals, indices ------------------- */
/* Conventions as above. In addition: array arguments may be NULL only when their length is 0;
 * arrays of fixed length (3 ACSI items, 22 SERVQUAL items …) must hold that many values. Invalid
 * input is ICM_E_INVALID_ARGUMENT with a message naming the argument and, for arrays, the index
 * ("quotas[2] = -0.1 is negative"); an undefined result is ICM_OK with NaN, as stated per call. */

/* Mean of scores (whole numbers on [scale_min, scale_max], as icm_mean_index) with its sample
 * standard deviation and 95 % Student t interval mean ± t(0.975, n − 1) · sd / √n (= R
 * t.test(scores)$conf.int). A result struct that may grow at the end: initialise it with
 * ICM_MEAN_RESULT_INIT. n = 0: mean NaN; n < 2: sd and the interval NaN. */
typedef struct icm_mean_result {
  size_t struct_size;
  double mean;
  double sd;     /* sample standard deviation (divisor n − 1) */
  uint64_t n;
  double ci_lo;  /* 95 % t interval of the mean */
  double ci_hi;
} icm_mean_result;

#define ICM_MEAN_RESULT_INIT { sizeof(icm_mean_result), 0, 0, 0, 0, 0 }

ICM_API icm_status icm_mean(const double* scores, size_t n, double scale_min, double scale_max,
                            icm_mean_result* out) ICM_NOEXCEPT;

/* CSAT %: the top-2 box, i.e. icm_top_box with k = 2 (on 1–5: the share of 4s and 5s), 0–100.
 * NaN when n = 0. */
ICM_API icm_status icm_csat(const double* scores, size_t n, double scale_min, double scale_max,
                            double* out) ICM_NOEXCEPT;

/* Plain Wald interval p̂ ± z · √(p̂(1 − p̂)/n) of x successes in n trials (x <= n, 0 < confidence
 * < 1). Deliberately NOT clipped to [0, 1] (18/20 at 95 % gives an upper bound of 1.0315): prefer
 * icm_wilson, this one is offered to reproduce reports that use it. n = 0 gives NaN bounds. */
ICM_API icm_status icm_wald(uint64_t x, uint64_t n, double confidence, double* lo,
                            double* hi) ICM_NOEXCEPT;

/* Response rate as a proportion 0–1: responded / invited (responded <= invited). NaN when
 * invited = 0. */
ICM_API icm_status icm_response_rate(uint64_t responded, uint64_t invited,
                                     double* out) ICM_NOEXCEPT;

/* ACSI-style index 0–100 (Fornell et al. 1996) from the means of three items on a 1–10 scale:
 * Σ w_i (x̄_i − 1) / 9 × 100. item_means: 3 values, each in [1, 10] or NaN. weights: NULL for the
 * unweighted form (Σ x̄_i − 3) / 27 × 100, else 3 values >= 0 summing to 1 (±1e-9). NaN when an
 * item mean is NaN (an item without answers). */
ICM_API icm_status icm_acsi_index(const double* item_means, const double* weights,
                                  double* out) ICM_NOEXCEPT;

/* SERVQUAL gaps (Parasuraman, Zeithaml & Berry 1988) from the item means of the standard 22
 * items, index 0 = item 1: tangibles 1–4, reliability 5–9, responsiveness 10–13, assurance
 * 14–17, empathy 18–22. Gap = perception − expectation; a dimension's gap is the mean of its
 * items' gaps, leaving out NaN items. A result struct: initialise with ICM_SERVQUAL_RESULT_INIT. */
typedef struct icm_servqual_result {
  size_t struct_size;
  double dimension_gap[5]; /* tangibles, reliability, responsiveness, assurance, empathy;
                              NaN for a dimension with no item */
  double unweighted;       /* mean of the five dimension gaps; NaN if any is NaN */
  double weighted;         /* Σ (w_d / 100) · gap_d; equals unweighted when weights is NULL */
} icm_servqual_result;

#define ICM_SERVQUAL_RESULT_INIT { sizeof(icm_servqual_result), { 0, 0, 0, 0, 0 }, 0, 0 }

/* perception, expectation: 22 item means each (NaN = item not asked). weights_percent: NULL
 * (equal weights) or the 5 dimensions' importance in percent, each >= 0, summing to 100 (±1e-6). */
ICM_API icm_status icm_servqual(const double* perception, const double* expectation,
                                const double* weights_percent,
                                icm_servqual_result* out) ICM_NOEXCEPT;

/* Which rows a statistic over several variables uses when values are missing (NaN). */
typedef enum icm_missing {
  ICM_MISSING_PAIRWISE = 0, /* each pair of items: the rows where both are present
                               (R psych::alpha default, cor(use = "pairwise.complete.obs")) */
  ICM_MISSING_LISTWISE = 1, /* only the rows where every item is present (R na.omit) */
  /* Not a choice: keeps the enum int-sized and any int a caller passes representable, so a
   * wrong value is reported as ICM_E_INVALID_ARGUMENT rather than being undefined. */
  ICM_MISSING_FORCE_INT = 0x7fffffff
} icm_missing;

/* Cronbach's alpha of a k-item scale. data: n_rows × k values, row-major (row r, item i at
 * data[r * k + i]), NaN = missing; other non-finite values are invalid. k >= 2.
 * *raw = k/(k − 1) · (1 − Σ s_i² / s_T²) with s_T² from the covariance matrix under `missing`;
 * *standardised = k r̄ / (1 + (k − 1) r̄), r̄ the mean inter-item correlation of that covariance
 * matrix (both as R psych::alpha, which is pairwise). Both NaN when a covariance has fewer than
 * 2 rows to use; raw also NaN when the total has zero variance, standardised when an item has. */
ICM_API icm_status icm_cronbach_alpha(const double* data, size_t n_rows, size_t k,
                                      icm_missing missing, double* raw,
                                      double* standardised) ICM_NOEXCEPT;

/* Pearson correlation r of x and y (n values each) over the pairs where both are present (NaN =
 * missing), = R cor(x, y, use = "pairwise.complete.obs"). NaN when fewer than 2 complete pairs or
 * either variable has zero variance on them. */
ICM_API icm_status icm_correlation(const double* x, const double* y, size_t n,
                                   double* out) ICM_NOEXCEPT;

/* Sample quantile p (0 <= p <= 1) of R's default definition, type 7 (Hyndman & Fan 1996), e.g.
 * p = 0.9 for the 90th percentile of resolution times. NaN values are ignored; ±infinity is
 * invalid. NaN when no value is left. */
ICM_API icm_status icm_quantile(const double* values, size_t n, double p,
                                double* out) ICM_NOEXCEPT;

/* Largest remainder (Hamilton) apportionment of `total` among k bands: quotas are the bands'
 * shares (each >= 0, summing to 1 ± 1e-9); counts (k values, filled by the call) get
 * floor(q · total) each, and the seats left over go to the largest fractional parts, an equal
 * remainder to the earlier band. The counts always sum to total. k >= 1. */
ICM_API icm_status icm_largest_remainder(const double* quotas, size_t k, size_t total,
                                         size_t* counts) ICM_NOEXCEPT;

/* Standard competition ranking ("1224"), highest score first: ranks[i] = 1 + the number of
 * scores strictly greater than scores[i] (= R rank(-scores, ties.method = "min")). A NaN score is
 * unranked: rank 0. ranks: n values, filled by the call; n must not exceed INT_MAX. */
ICM_API icm_status icm_competition_rank(const double* scores, size_t n,
                                        int* ranks) ICM_NOEXCEPT;

/* ---- Refreshing a session: generations --------------------------------------------------- */
/* The data a session serves (the snapshot read from the source, with the tables built from it)
 * is a generation, numbered 1 after icm_session_open. icm_session_refresh reads the source
 * again, through the same connection, profile and options as icm_session_open (the progress
 * callback included, then called on the refreshing thread), into a new generation, and
 * publishes it only once the whole load has succeeded. Nothing half-loaded is ever served.
 *
 * On failure (e.g. ICM_E_SOURCE when the server goes away mid-load) the session keeps serving
 * the previous generation unchanged and the message (icm_last_error, icm_session_errmsg) says
 * that the refresh failed, which generation is still served, the profile file or the last
 * record read and the driver's text, with credentials redacted. A session has no other state
 * a failed refresh could leave behind: it may be refreshed again later.
 *
 * Thread safety: icm_session_refresh may run while other threads read the same session; each
 * icm_session_get_table returns a table of either the old or the new generation, never a mix.
 * Concurrent refreshes of one session run one after the other. Tables obtained before a refresh
 * stay valid and unchanged (they keep their generation alive until freed); ask the session
 * again for the new data. Closing the session while a refresh runs is the caller's bug.
 * The progress callback must not call icm_session_refresh on the same session (deadlock). */
ICM_API icm_status icm_session_refresh(icm_session* session) ICM_NOEXCEPT;
/* Number of the generation the session serves: 1 after open, +1 per successful refresh, never
 * changed by a failed one; 0 for NULL. */
ICM_API uint64_t icm_session_generation(const icm_session* session) ICM_NOEXCEPT;
/* Number of the session generation a table was built from (icm_session_generation at the time
 * of icm_session_get_table); 0 for NULL. */
ICM_API uint64_t icm_table_generation(const icm_table* table) ICM_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* ICM_ICM_H */
