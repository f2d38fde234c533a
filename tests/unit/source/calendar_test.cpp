// Calendar helpers against dates whose day numbers were computed independently with GNU
// coreutils: `date -u -d 2000-03-01 +%s` = 951868800 = 11017 · 86400, and
// `date -u -d 2025-12-31 +%s` = 1767139200 = 20453 · 86400.
#include <catch2/catch.hpp>

#include <cstdio>
#include <ctime>

#include "core/model/snapshot.hpp"

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

// The one-pass reader of "YYYY-MM-DD HH:MM:SS" (parse_canonical_instant) against glibc's own
// calendar: strptime + timegm, an implementation independent of icm's, over every day of
// 1896–2104 (leap years 1900, 2000, 2100 included) at a time of day that moves with the day,
// and over the canonical strings that are not instants (each must be refused, as the general
// parser refuses it).
TEST_CASE("parse_instant reads canonical timestamps as glibc's timegm does", "[calendar]") {
  std::size_t checked = 0;
  for (int y = 1896; y <= 2104; ++y)
    for (unsigned m = 1; m <= 12; ++m)
      for (unsigned d = 1; d <= 31; ++d) {
        const unsigned hh = (d * 7 + m) % 24, mm = (d * 13 + y) % 60, ss = (m * 17 + d) % 60;
        char text[32];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u%c%02u:%02u:%02u", y, m, d, d % 2 ? ' ' : 'T', hh, mm, ss);
        std::tm tm{};
        const char* end = strptime(text, d % 2 ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%dT%H:%M:%S", &tm);
        // strptime accepts 31 April and normalises it; a real date keeps its day after timegm.
        const unsigned tm_day = static_cast<unsigned>(tm.tm_mday);
        const std::int64_t expected = end && *end == '\0' ? static_cast<std::int64_t>(timegm(&tm)) : 0;
        const bool real_day = end && *end == '\0' && static_cast<unsigned>(tm.tm_mday) == tm_day;
        Instant t = 0;
        INFO(text);
        REQUIRE(parse_instant(text, t) == real_day);
        if (real_day) REQUIRE(t == expected);
        ++checked;
      }
  CHECK(checked == 209 * 12 * 31);
  Instant t = 0;
  for (const char* bad : {"2023-02-29 10:00:00", "2100-02-29 00:00:00", "2025-04-31T08:00:00", "2025-00-10 08:00:00",
                          "2025-13-10 08:00:00", "2025-01-00 08:00:00", "2025-01-10 24:00:00", "2025-01-10 23:60:00",
                          "2025-01-10 23:59:60", "2025-01-10x23:59:59", "2025-01-10 23-59-59", "2025-01-1a 23:59:59",
                          "+025-01-10 23:59:59", "2025-01-10 23:59:5 "})
    CHECK_FALSE(parse_instant(bad, t));
  CHECK(parse_instant("2000-02-29 23:59:59", t));
  CHECK(t == 951868800 - 1);  // one second before 2000-03-01 (GNU date above)
}

TEST_CASE("parse_instant refuses a canonical timestamp with any non-digit byte in a digit's place", "[calendar]") {
  const std::string good = "2024-02-29 23:59:58";
  Instant t = 0;
  REQUIRE(parse_instant(good, t));
  for (std::size_t pos : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
    for (int byte = 0; byte < 256; ++byte) {
      if (byte >= '0' && byte <= '9') continue;
      std::string bad = good;
      bad[pos] = static_cast<char>(byte);
      INFO("position " << pos << ", byte " << byte);
      REQUIRE_FALSE(parse_instant(bad, t));
    }
}
