// Sessions: open an HR source through a profile, list and fetch datasets.
#include <cstddef>
#include <cstring>
#include <string>

#include "capi/capi.hpp"

using icm::capi::guard;
using icm::capi::handle;
using icm::capi::to_c;
using icm::capi::require_arg;

namespace {

// Size of the first published icm_session_options (ICM_1.0). Later versions only append
// fields, so every caller's struct is at least this big; fields past it are read only when the
// caller's struct_size covers them.
constexpr std::size_t kOptionsV1Size =
    offsetof(icm_session_options, progress_user) + sizeof(void*);

icm::Lang parse_lang(const char* lang) {
  if (lang == nullptr || std::strcmp(lang, "en") == 0) return icm::Lang::en;
  if (std::strcmp(lang, "zh-CN") == 0 || std::strcmp(lang, "zh") == 0) return icm::Lang::zh;
  throw icm::Error(icm::ErrorCode::invalid_argument,
                   std::string("options->lang \"") + lang + "\" is not \"en\" or \"zh-CN\"");
}

// Copies the caller's options (the library keeps no pointer into them).
icm::SessionOptions copy_options(const icm_session_options& o) {
  require_arg(o.struct_size >= kOptionsV1Size,
              "options->struct_size is too small; initialise with ICM_SESSION_OPTIONS_INIT");
  require_arg(o.connection != nullptr && *o.connection != '\0', "options->connection is empty");
  require_arg(o.profile_dir != nullptr && *o.profile_dir != '\0', "options->profile_dir is empty");
  icm::SessionOptions s;
  s.connection = o.connection;
  s.profile_dir = o.profile_dir;
  s.period = o.period != nullptr ? o.period : "";
  s.min_group_size = o.min_group_size;
  s.lang = parse_lang(o.lang);
  if (o.progress != nullptr) {
    auto* fn = o.progress;
    void* user = o.progress_user;
    s.progress = [fn, user](const char* record, std::uint64_t rows, std::uint64_t total) {
      fn(user, record, rows, total);
    };
  }
  return s;
}

}  // namespace

extern "C" {

ICM_API icm_status icm_session_open(const icm_session_options* options,
                                    icm_session** out) noexcept {
  return guard(nullptr, [&] {
    require_arg(out != nullptr, "out is NULL");
    *out = nullptr;
    require_arg(options != nullptr, "options is NULL");
    auto h = std::make_unique<icm::capi::SessionHandle>();
    h->session = icm::Session::open(copy_options(*options));
    *out = to_c(h.release());
    return ICM_OK;
  });
}

ICM_API void icm_session_close(icm_session* session) noexcept { delete handle(session); }

ICM_API const char* icm_session_errmsg(const icm_session* session) noexcept {
  if (session == nullptr) return "session is NULL";
  // Another thread may overwrite the handle's message at any time: hand out a per-thread copy.
  thread_local std::string copy;
  const auto* h = handle(session);
  std::lock_guard lock(h->error_mutex);
  try {
    copy = h->error;
  } catch (...) {
    return "out of memory while copying an error message";
  }
  return copy.c_str();
}

ICM_API size_t icm_session_dataset_count(const icm_session* session) noexcept {
  return session != nullptr ? handle(session)->session->dataset_names().size() : 0;
}

ICM_API const char* icm_session_dataset_name(const icm_session* session, size_t index) noexcept {
  if (session == nullptr) return nullptr;
  const auto& names = handle(session)->session->dataset_names();
  return index < names.size() ? names[index].c_str() : nullptr;
}

ICM_API icm_status icm_session_get_table(icm_session* session, const char* name,
                                         icm_table** out) noexcept {
  return guard(session, [&] {
    require_arg(session != nullptr, "session is NULL");
    require_arg(name != nullptr, "name is NULL");
    require_arg(out != nullptr, "out is NULL");
    *out = nullptr;
    auto table = std::make_unique<icm::capi::TableHandle>();
    table->table = handle(session)->session->table(name, &table->generation);
    const int col = table->table->find("suppressed");
    if (col >= 0 && table->table->column(static_cast<std::size_t>(col)).type ==
                        icm::ColumnType::boolean)
      table->suppressed_col = col;
    *out = to_c(table.release());
    return ICM_OK;
  });
}

ICM_API icm_status icm_session_refresh(icm_session* session) noexcept {
  return guard(session, [&] {
    require_arg(session != nullptr, "session is NULL");
    handle(session)->session->refresh();
    return ICM_OK;
  });
}

ICM_API uint64_t icm_session_generation(const icm_session* session) noexcept {
  return session != nullptr ? handle(session)->session->generation() : 0;
}

}  // extern "C"
