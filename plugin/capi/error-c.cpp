// Status names, thread-local error text and icm_free.
#include <cstdlib>
#include <exception>

#include "capi/capi.hpp"

// icm_status and icm::ErrorCode are one numbering seen from two sides.
#define ICM_SAME_CODE(status, code) \
  static_assert(static_cast<int>(status) == static_cast<int>(icm::ErrorCode::code))
ICM_SAME_CODE(ICM_E_INVALID_ARGUMENT, invalid_argument);
ICM_SAME_CODE(ICM_E_NOT_FOUND, not_found);
ICM_SAME_CODE(ICM_E_SOURCE, source);
ICM_SAME_CODE(ICM_E_DATA, data);
ICM_SAME_CODE(ICM_E_IO, io);
ICM_SAME_CODE(ICM_E_NO_MEMORY, out_of_memory);
ICM_SAME_CODE(ICM_E_INTERNAL, internal);
ICM_SAME_CODE(ICM_E_UNSUPPORTED, unsupported);
ICM_SAME_CODE(ICM_E_SUPPRESSED, suppressed);
#undef ICM_SAME_CODE

namespace icm::capi {

namespace {

// Per thread: the text of the last failure. `fixed` is used when storing `text` failed.
struct ThreadError {
  std::string text;
  const char* fixed = nullptr;
};
thread_local ThreadError t_error;

}  // namespace

icm_status fail(icm_status status, const char* message, const icm_session* owner) noexcept {
  try {
    t_error.text = message;
    t_error.fixed = nullptr;
  } catch (...) {
    t_error.fixed = "out of memory while storing an error message";
  }
  if (owner != nullptr) {
    const SessionHandle* h = handle(owner);
    std::lock_guard lock(h->error_mutex);
    try {
      h->error = message;
    } catch (...) {
      h->error.clear();
    }
  }
  return status;
}

icm_status fail_current_exception(const icm_session* owner) noexcept {
  try {
    throw;
  } catch (const icm::Error& e) {
    const int code = static_cast<int>(e.code());
    const bool known = code >= ICM_E_INVALID_ARGUMENT && code <= ICM_E_SUPPRESSED;
    return fail(known ? static_cast<icm_status>(code) : ICM_E_INTERNAL, e.what(), owner);
  } catch (const std::bad_alloc&) {
    return fail(ICM_E_NO_MEMORY, "out of memory", owner);
  } catch (const std::exception& e) {
    // Not an icm::Error, so something icm did not anticipate: say so rather than guess a code.
    std::string text;
    try {
      text = std::string("internal error: ") + e.what();
    } catch (...) {
      return fail(ICM_E_INTERNAL, "internal error", owner);
    }
    return fail(ICM_E_INTERNAL, text.c_str(), owner);
  } catch (...) {
    return fail(ICM_E_INTERNAL, "internal error: unknown exception", owner);
  }
}

}  // namespace icm::capi

extern "C" {

ICM_API const char* icm_status_string(icm_status status) noexcept {
  switch (status) {
    case ICM_OK: return "ok";
    case ICM_E_INVALID_ARGUMENT: return "invalid argument";
    case ICM_E_NOT_FOUND: return "not found";
    case ICM_E_SOURCE: return "source error";
    case ICM_E_DATA: return "data error";
    case ICM_E_IO: return "I/O error";
    case ICM_E_NO_MEMORY: return "out of memory";
    case ICM_E_INTERNAL: return "internal error";
    case ICM_E_UNSUPPORTED: return "unsupported";
    case ICM_E_SUPPRESSED: return "suppressed";
    case ICM_STATUS_FORCE_INT: break;  // not a status
  }
  return "unknown status";
}

ICM_API const char* icm_last_error(void) noexcept {
  const auto& e = icm::capi::t_error;
  return e.fixed != nullptr ? e.fixed : e.text.c_str();
}

ICM_API void icm_free(void* ptr) noexcept { std::free(ptr); }

}  // extern "C"
