// Cell vocabularies: booleans, unit kinds, directions and numbers as HR schemas spell them.
#include <catch2/catch.hpp>

#include "source/values.hpp"

using namespace icm;

TEST_CASE("booleans, kinds and directions", "[values]") {
  bool b = false;
  for (const char* t : {"1", "true", "TRUE", "yes", "Y", " y "}) CHECK((parse_bool(t, b) && b));
  for (const char* f : {"0", "false", "No", "n", "N"}) CHECK((parse_bool(f, b) && !b));
  CHECK_FALSE(parse_bool("maybe", b));
  UnitKind k{};
  CHECK((parse_kind("Team", k) && k == UnitKind::team));
  CHECK((parse_kind("部门", k) && k == UnitKind::department));
  CHECK((parse_kind("员工", k) && k == UnitKind::employee));
  CHECK_FALSE(parse_kind("division", k));
  Direction d{};
  CHECK((parse_direction("Lower", d) && d == Direction::lower_is_better));
  CHECK((parse_direction("higher", d) && d == Direction::higher_is_better));
  CHECK_FALSE(parse_direction("up", d));
}

TEST_CASE("numbers are locale-free and whole-string", "[values]") {
  std::int64_t i = 0;
  double x = 0;
  CHECK((parse_int64(" 42 ", i) && i == 42));
  CHECK((parse_int64("+7", i) && i == 7));
  CHECK_FALSE(parse_int64("4x", i));
  CHECK_FALSE(parse_int64("", i));
  CHECK((parse_double("3.5", x) && x == 3.5));
  CHECK_FALSE(parse_double("3,5", x));
  CHECK_FALSE(parse_double("nan", x));
}
