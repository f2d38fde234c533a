/* Compiled by the CTest test c.header_c99 with -std=c99 -Wall -Wextra -Werror -pedantic: the
 * public header must stay plain C99, whatever the library is written in. */
#include <icm/icm.h>

int main(void) {
  icm_session_options options = ICM_SESSION_OPTIONS_INIT;
  icm_nps_result nps = ICM_NPS_RESULT_INIT;
  icm_status status = ICM_OK;
  icm_column_type type = ICM_COLUMN_TEXT;
  icm_session* session = NULL;
  icm_table* table = NULL;
  (void)session;
  (void)table;
  return (int)options.struct_size + (int)nps.struct_size + (int)status + (int)type -
         (int)sizeof(icm_session_options) - (int)sizeof(icm_nps_result) - ICM_COLUMN_TEXT;
}
