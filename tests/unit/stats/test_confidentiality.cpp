#include <catch2/catch.hpp>

#include <vector>

#include "core/privacy/confidentiality.hpp"
#include "core/error.hpp"

// Which cells are hidden: tests/unit/core/disclosure_suppression_test.cpp (the engine) and
// tests/unit/engines/publication_test.cpp (the datasets).

TEST_CASE("minimum group size has a floor of 3", "[confidentiality]") {
  CHECK(icm::effective_min_group_size(5) == 5);
  CHECK(icm::effective_min_group_size(10) == 10);
  CHECK(icm::effective_min_group_size(3) == 3);
  CHECK(icm::effective_min_group_size(2) == 3);
  CHECK(icm::effective_min_group_size(0) == 3);
  icm::Settings s;
  CHECK(icm::effective_min_group_size(s) == 5);  // the default
}
