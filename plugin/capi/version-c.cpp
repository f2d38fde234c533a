// Runtime version, which a program compares with the ICM_VERSION_* macros it was compiled with.
#include <string_view>

#include "capi/capi.hpp"

// The header's macros are written by hand; CMake passes the project version to check them.
static_assert(ICM_VERSION_MAJOR == ICM_PROJECT_VERSION_MAJOR &&
                  ICM_VERSION_MINOR == ICM_PROJECT_VERSION_MINOR &&
                  ICM_VERSION_PATCH == ICM_PROJECT_VERSION_PATCH,
              "include/icm/icm.h version macros differ from project(VERSION) in CMakeLists.txt");
static_assert(std::string_view(ICM_VERSION_STRING) == ICM_PROJECT_VERSION,
              "ICM_VERSION_STRING differs from project(VERSION)");

extern "C" {

ICM_API unsigned icm_version_number(void) noexcept { return ICM_VERSION_NUMBER; }

ICM_API const char* icm_version_string(void) noexcept { return ICM_VERSION_STRING; }

}  // extern "C"
