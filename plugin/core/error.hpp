// One exception type for the core; the C boundary maps its code to an icm_status.
#pragma once

#include <stdexcept>
#include <string>

namespace icm {

// Mirrors the numbering of icm_status in include/icm/icm.h (kept equal by a static_assert in capi).
enum class ErrorCode {
  invalid_argument = 1,  // a caller passed something the contract forbids
  not_found = 2,         // a named thing (dataset, file, record, DSN) does not exist
  source = 3,            // the HR database or its driver failed
  data = 4,              // input data is malformed (profile, settings file, rows)
  io = 5,                // a file could not be read or written
  out_of_memory = 6,
  internal = 7,          // a bug in icm
  unsupported = 8,       // valid request that this build cannot do
  suppressed = 9,        // the value exists but is hidden by confidentiality rules
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace icm

// Precondition check in the QuantLib manner: throws icm::Error(invalid_argument) with the message.
#define ICM_REQUIRE(cond, msg)                                                   \
  do {                                                                           \
    if (!(cond)) throw ::icm::Error(::icm::ErrorCode::invalid_argument, (msg));  \
  } while (0)
