// Calendar helpers against dates whose day numbers were computed independently with GNU
// coreutils: `date -u -d 2000-03-01 +%s` = 951868800 = 11017 · 86400, and
// `date -u -d 2025-12-31 +%s` = 1767139200 = 20453 · 86400.
#include <catch2/catch.hpp>

#include "core/snapshot.hpp"

using namespace icm;

TEST_CASE("days_from_civil matches GNU date", "[calendar]") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(days_from_civil(2025, 12, 31) == 20453);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  CHECK(days_from_civil(2000, 2, 29) == 11016);
}

TEST_CASE("civil_from_days inverts days_from_civil", "[calendar]") {
  for (Day d = -800000; d <= 800000; d += 37) {
    int y = 0;
    unsigned m = 0, dd = 0;
    civil_from_days(d, y, m, dd);
    REQUIRE(days_from_civil(y, m, dd) == d);
  }
  int y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(11017, y, m, d);
  CHECK((y == 2000 && m == 3 && d == 1));
}

TEST_CASE("parse_date is strict about the calendar", "[calendar]") {
  Day d = 0;
  CHECK(parse_date("2000-03-01", d));
  CHECK(d == 11017);
  CHECK(parse_date("2000-03-01 12:30:00", d));
  CHECK(d == 11017);
  CHECK(parse_date("2024-02-29", d));
  CHECK_FALSE(parse_date("2023-02-29", d));
  CHECK_FALSE(parse_date("2025-02-30", d));
  CHECK_FALSE(parse_date("2025-13-01", d));
  CHECK_FALSE(parse_date("2025-1-01", d));
  CHECK_FALSE(parse_date("20250101", d));
  CHECK_FALSE(parse_date("", d));
  CHECK_FALSE(parse_date("2025-01-01x", d));
}

TEST_CASE("parse_instant reads dates and times as UTC", "[calendar]") {
  Instant t = 0;
  CHECK(parse_instant("2000-03-01", t));
  CHECK(t == 951868800);
  CHECK(parse_instant("2000-03-01 00:00:01", t));
  CHECK(t == 951868801);
  CHECK(parse_instant("2000-03-01T13:45", t));
  CHECK(t == 951868800 + 13 * 3600 + 45 * 60);
  CHECK(parse_instant("2000-03-01T13:45:10.250Z", t));
  CHECK(t == 951868800 + 13 * 3600 + 45 * 60 + 10);
  CHECK_FALSE(parse_instant("2000-03-01 24:00:00", t));
  CHECK_FALSE(parse_instant("2000-03-01 10", t));
  CHECK_FALSE(parse_instant("2025-02-30 09:15:00", t));
}

TEST_CASE("format_date and record names", "[calendar]") {
  CHECK(format_date(11017) == "2000-03-01");
  CHECK(format_date(-1) == "1969-12-31");
  CHECK(format_date(kNullDay).empty());
  CHECK(std::string(record_name(Record::unit)) == "unit");
  CHECK(std::string(record_name(Record::survey_response)) == "survey_response");
  CHECK(std::string(record_name(Record::kpi)) == "kpi");
}
