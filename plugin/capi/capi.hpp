// Internals of the C boundary: the handles behind the opaque typedefs of icm.h, and the
// one guard every extern "C" body runs in, so that no exception ever crosses into C.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <new>
#include <span>
#include <string>

#include "core/error.hpp"
#include "core/datasets/table.hpp"
#include "icm/icm.h"
#include "source/session.hpp"

namespace icm::capi {

// The handles behind icm_session* and icm_table*. The C structs themselves are never defined, so
// the debug information (and the ABI baseline made from it) sees them as opaque, as callers do.
struct SessionHandle {
  // Shared with every table taken from it, so a table outlives icm_session_close.
  std::shared_ptr<icm::Session> session;
  mutable std::mutex error_mutex;  // the handle may be used from several threads
  mutable std::string error;       // most recent failure on this handle (set by const calls too)
};

struct TableHandle {
  // Shares ownership of the generation the table was built from: the table stays valid and
  // unchanged through icm_session_refresh and icm_session_close.
  std::shared_ptr<const icm::Table> table;
  std::uint64_t generation = 0;  // of the session, when the table was taken
  int suppressed_col = -1;  // index of the boolean "suppressed" column, or -1
};

inline SessionHandle* handle(icm_session* s) { return reinterpret_cast<SessionHandle*>(s); }
inline const SessionHandle* handle(const icm_session* s) {
  return reinterpret_cast<const SessionHandle*>(s);
}
inline const TableHandle* handle(const icm_table* t) {
  return reinterpret_cast<const TableHandle*>(t);
}
inline icm_session* to_c(SessionHandle* s) { return reinterpret_cast<icm_session*>(s); }
inline icm_table* to_c(TableHandle* t) { return reinterpret_cast<icm_table*>(t); }

}  // namespace icm::capi

namespace icm::capi {

// Records a failure for icm_last_error() and, when given, the session's icm_session_errmsg().
// Never throws: when even the message cannot be stored, a fixed text stands in.
icm_status fail(icm_status status, const char* message, const icm_session* owner) noexcept;

// Maps the exception being handled to a status and records its message.
icm_status fail_current_exception(const icm_session* owner) noexcept;

// The guard: runs body, which returns icm_status, and turns every exception into a status.
// icm::Error keeps its code and message (ICM_REQUIRE -> ICM_E_INVALID_ARGUMENT),
// std::bad_alloc -> ICM_E_NO_MEMORY, anything else -> ICM_E_INTERNAL.
template <class Body>
icm_status guard(const icm_session* owner, Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    return fail_current_exception(owner);
  }
}

// Precondition on a C argument (NULL handle, NULL out pointer …), checked before any work.
inline void require_arg(bool ok, const char* message) {
  if (!ok) throw icm::Error(icm::ErrorCode::invalid_argument, message);
}

// A C array argument of n elements; NULL is allowed only when n is 0. `name` is the parameter's
// name in icm.h, for the message ("quotas is NULL but k = 3").
template <class T>
std::span<T> array_arg(T* data, std::size_t n, const char* name, const char* n_name = "n") {
  if (data == nullptr && n != 0)
    throw icm::Error(icm::ErrorCode::invalid_argument, std::string(name) + " is NULL but " +
                                                           n_name + " = " + std::to_string(n));
  return {data, n};
}

}  // namespace icm::capi
