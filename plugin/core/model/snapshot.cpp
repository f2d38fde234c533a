// Record names, text ranks and the calendar helpers of snapshot.hpp. Dates are computed with Howard
// Hinnant's days_from_civil / civil_from_days, which are exact over the whole int32 day range
// and need no time-zone database: every date icm stores is a civil (UTC) date.
#include "core/model/snapshot.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <numeric>

namespace icm {

const char* record_name(Record r) {
  switch (r) {
    case Record::unit: return "unit";
    case Record::relation: return "relation";
    case Record::employee: return "employee";
    case Record::survey_response: return "survey_response";
    case Record::complaint: return "complaint";
    case Record::follow_up: return "follow_up";
    case Record::review: return "review";
    case Record::kpi: return "kpi";
  }
  return "?";
}

Day days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);                 // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;      // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                // [0, 146096]
  return static_cast<Day>(era * 146097 + static_cast<int>(doe) - 719468);
}

void civil_from_days(Day z, int& y, unsigned& m, unsigned& d) {
  const std::int64_t zz = static_cast<std::int64_t>(z) + 719468;
  const std::int64_t era = (zz >= 0 ? zz : zz - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(zz - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400) + (m <= 2 ? 1 : 0);
}

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, unsigned& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<unsigned>(c - '0');
  }
  return true;
}

unsigned days_in_month(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Strict "YYYY-MM-DD" prefix; the caller decides what may follow.
bool parse_ymd(std::string_view s, Day& out) {
  unsigned y = 0, m = 0, d = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return false;
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(static_cast<int>(y), m)) return false;
  out = days_from_civil(static_cast<int>(y), m, d);
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

bool parse_date(std::string_view text, Day& out) {
  text = trim(text);
  if (!parse_ymd(text, out)) return false;
  return text.size() == 10 || text[10] == ' ' || text[10] == 'T';
}

namespace {

// "YYYY-MM-DD HH:MM:SS" (or with 'T') and nothing else, the form drivers print timestamps in:
// checked and converted in one pass. false = not this form or not a valid instant; the general
// parser below then decides (it accepts exactly what this accepts, with the same value).
bool parse_canonical_instant(std::string_view t, Instant& out) {
  if (t.size() != 19 || t[4] != '-' || t[7] != '-' || (t[10] != ' ' && t[10] != 'T') || t[13] != ':' || t[16] != ':')
    return false;
  // The 14 digits checked 8 bytes at a time (this runs once per survey response): a byte is an
  // ASCII digit when its high nibble is 3 and stays 3 after adding 6. Bytes 0-7 hold digits at
  // 0-3, 5, 6; bytes 8-15 at 8, 9, 11, 12, 14, 15; bytes 11-18 at 17, 18 (and 11, 12, 14, 15 again).
  auto digits_at = [](const char* p, std::uint64_t mask) {  // mask: 0xFF on each digit byte
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    const std::uint64_t hi = 0xF0F0F0F0F0F0F0F0ULL & mask, three = 0x3030303030303030ULL & mask;
    return (w & hi) == three && ((w + (0x0606060606060606ULL & mask)) & hi) == three;
  };
  constexpr std::uint64_t kDate = 0x00FFFF00FFFFFFFFULL;                             // bytes 0-3, 5, 6
  constexpr std::uint64_t kMiddle = 0xFFFF00FFFF00FFFFULL;                            // bytes 8, 9, 11, 12, 14, 15
  constexpr std::uint64_t kSeconds = 0xFFFF000000000000ULL;                          // bytes 17, 18 (of 11-18)
  if (!digits_at(t.data(), kDate) || !digits_at(t.data() + 8, kMiddle) || !digits_at(t.data() + 11, kSeconds))
    return false;
  auto at = [&](std::size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(t[i])) - '0'; };
  const unsigned y = at(0) * 1000 + at(1) * 100 + at(2) * 10 + at(3), m = at(5) * 10 + at(6), d = at(8) * 10 + at(9);
  const unsigned hh = at(11) * 10 + at(12), mm = at(14) * 10 + at(15), ss = at(17) * 10 + at(18);
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(static_cast<int>(y), m) || hh > 23 || mm > 59 || ss > 59)
    return false;
  out = static_cast<Instant>(days_from_civil(static_cast<int>(y), m, d)) * 86400 + hh * 3600 + mm * 60 + ss;
  return true;
}

}  // namespace

bool parse_instant(std::string_view text, Instant& out) {
  if (parse_canonical_instant(text, out)) return true;
  text = trim(text);
  Day day = 0;
  if (!parse_ymd(text, day)) return false;
  std::int64_t secs = 0;
  if (text.size() > 10) {
    if (text[10] != ' ' && text[10] != 'T') return false;
    unsigned hh = 0, mm = 0, ss = 0;
    if (!digits(text, 11, 2, hh) || text.size() < 16 || text[13] != ':' || !digits(text, 14, 2, mm))
      return false;
    std::size_t pos = 16;
    if (pos < text.size() && text[pos] == ':') {
      if (!digits(text, pos + 1, 2, ss)) return false;
      pos += 3;
      if (pos < text.size() && text[pos] == '.') {  // fractional seconds are dropped
        ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      }
    }
    if (pos < text.size() && text[pos] == 'Z') ++pos;  // explicit UTC
    if (pos != text.size() || hh > 23 || mm > 59 || ss > 59) return false;
    secs = static_cast<std::int64_t>(hh) * 3600 + mm * 60 + ss;
  }
  out = static_cast<Instant>(day) * 86400 + secs;
  return true;
}

std::string format_date(Day d) {
  if (d == kNullDay) return "";
  int y = 0;
  unsigned m = 0, dd = 0;
  civil_from_days(d, y, m, dd);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, dd);
  return buf;
}

std::vector<std::uint32_t> ranks_by_text(const std::vector<std::string>& texts) {
  std::vector<std::uint32_t> order(texts.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return texts[a] < texts[b]; });
  std::vector<std::uint32_t> rank(texts.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  return rank;
}

}  // namespace icm
