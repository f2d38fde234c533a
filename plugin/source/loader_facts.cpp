// The fact records: survey responses (the big one, kept allocation-free per row), complaints,
// follow-up visits, reviews and KPIs. Every check rejects the row with a reason code; only
// structural limits of the snapshot (dictionary sizes) end the load.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"
#include "source/key_set.hpp"
#include "source/loader_records.hpp"
#include "source/record_reader.hpp"
#include "source/values.hpp"

namespace icm::detail {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Interns into a dictionary whose ids must fit a narrow column.
std::uint32_t intern_capped(Dictionary& d, std::string_view s, std::size_t cap, const char* what,
                            const ProfileQuery& q) {
  const std::uint32_t id = d.intern(s);
  if (id >= cap)
    throw Error(ErrorCode::data, q.path + ": more than " + std::to_string(cap) + " distinct " + what);
  return id;
}

[[gnu::cold, gnu::noinline]] bool reject_unknown_unit(const Row& row, int k, std::string_view key) {
  return row.reject("unknown_unit", k, "unit '" + std::string(key) + "' is not a unit");
}

// A required unit key, looked up among the loaded units (an index_of(units) table).
bool read_unit(const Row& row, int k, const KeyIndex& units, std::uint32_t& out) {
  std::string_view key;
  if (!read_key(row, k, key)) return false;
  bool found = false;
  out = units.find(key, found);
  return found || reject_unknown_unit(row, k, key);
}

// The cold part of read_instant: a NULL or blank cell (fine unless required) or a malformed one.
[[gnu::cold, gnu::noinline]] bool reject_instant(const Row& row, int k, bool required, std::string_view text) {
  if (trim_view(text).empty()) return !required || row.reject("null_required", k, "a date/time is required");
  return row.reject("bad_date", k, "'" + std::string(text) + "' is not a date/time");
}

// NULL -> kNullInstant unless required; malformed -> reject.
bool read_instant(const Row& row, int k, bool required, Instant& out) {
  out = kNullInstant;
  const std::string_view text = row.text(k);  // empty for NULL
  if (parse_instant(text, out)) return true;
  out = kNullInstant;
  return reject_instant(row, k, required, text);
}

bool read_number(const Row& row, int k, bool required, double& out) {
  out = kNaN;
  switch (row.real(k, out)) {
    case NumberStatus::ok: return true;
    case NumberStatus::null:
      out = kNaN;
      return !required || row.reject("null_required", k, "a number is required");
    case NumberStatus::bad: break;
  }
  return row.reject("bad_number", k, "'" + std::string(row.text(k)) + "' is not a number");
}

// An integer scale [min, max] that the snapshot can hold: min < max, span ≤ 1000.
bool read_int_scale(const Row& row, int kmin, int kmax, Scale& out) {
  std::int64_t lo = 0, hi = 0;
  if (row.int64(kmin, lo) != NumberStatus::ok)
    return row.reject("bad_scale", kmin, "scale_min must be an integer");
  if (row.int64(kmax, hi) != NumberStatus::ok)
    return row.reject("bad_scale", kmax, "scale_max must be an integer");
  if (lo >= hi || hi - lo > 1000 || lo < -30000 || hi > 30000)
    return row.reject("bad_scale", kmax,
                      "scale [" + std::to_string(lo) + ", " + std::to_string(hi) + "] is not a usable scale");
  out.min = static_cast<std::int16_t>(lo);
  out.max = static_cast<std::int16_t>(hi);
  return true;
}

bool read_real_scale(const Row& row, int kmin, int kmax, double& lo, double& hi) {
  if (row.real(kmin, lo) != NumberStatus::ok) return row.reject("bad_scale", kmin, "scale_min must be a number");
  if (row.real(kmax, hi) != NumberStatus::ok) return row.reject("bad_scale", kmax, "scale_max must be a number");
  if (!(lo < hi)) return row.reject("bad_scale", kmax, "scale_min must be below scale_max");
  return true;
}

std::string fmt(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

const std::vector<const char*>& ResponseRows::columns() {
  static const std::vector<const char*> names = {"response_id", "respondent_id", "provider_id", "customer_id",
                                                 "period",      "item",          "dimension",   "score",
                                                 "scale_min",   "scale_max",     "answered_at"};
  return names;
}

ResponseRows::ResponseRows(LoadContext& ctx, const ProfileQuery& q, bool weighted)
    : ctx_(ctx), q_(q), t_(ctx.snapshot.responses), weighted_(weighted), units_(index_of(ctx.snapshot.units.ids)) {}

bool ResponseRows::operator()(const Row& row) {
  std::string_view id, respondent, period, item, dimension;
  std::uint32_t provider = 0, customer = 0;
  // Integer ids and respondents (typed databases) skip the text round trip.
  std::int64_t id_int = 0, respondent_int = 0;
  const bool int_id = row.integer_cell(kId, id_int), int_respondent = row.integer_cell(kRespondent, respondent_int);
  if ((!int_id && !read_key(row, kId, id)) || (!int_respondent && !read_key(row, kRespondent, respondent)) ||
      !read_unit(row, kProvider, units_, provider) || !read_unit(row, kCustomer, units_, customer) ||
      !read_key(row, kPeriod, period) ||
      !read_key(row, kItem, item) || !read_key(row, kDimension, dimension))
    return false;
  Scale scale;
  std::int16_t score = 0;
  if (!read_score(row, kMin, kMax, kScore, scale, score)) return false;
  Instant answered = kNullInstant;
  if (!read_instant(row, kAnswered, false, answered)) return false;
  if (!(int_id ? ids_.insert(id_int) : ids_.insert(id)))
    return row.reject("duplicate_key", kId, "response id appears twice");
  if (int_respondent) {
    // Interned under its decimal text, so the index is the one a text cell "10077" gets.
    const std::uint32_t index = integer_respondents_.get(respondent_int, [&](std::int64_t v) {
      char buf[24];
      const auto res = std::to_chars(buf, buf + sizeof buf, v);
      return respondent_index(std::string_view(buf, static_cast<std::size_t>(res.ptr - buf)));
    });
    push(index, provider, customer, period, item, dimension, scale, score, 1);
  } else {
    append(respondent, provider, customer, period, item, dimension, scale, score, 1);
  }
  ctx_.saw_instant(answered);
  return true;
}

bool ResponseRows::read_score(const Row& row, int kmin, int kmax, int kscore, Scale& scale, std::int16_t& out) {
  if (!read_int_scale(row, kmin, kmax, scale)) return false;
  std::int64_t score = 0;
  switch (row.int64(kscore, score)) {
    case NumberStatus::ok: break;
    case NumberStatus::null: return row.reject("null_required", kscore, "a score is required");
    case NumberStatus::bad: {
      double v = 0;
      if (row.real(kscore, v) == NumberStatus::ok)
        return row.reject("non_integer_score", kscore, "score " + fmt(v) + " is not a whole number");
      return row.reject("bad_number", kscore, "'" + std::string(row.text(kscore)) + "' is not a number");
    }
  }
  if (score < scale.min || score > scale.max)
    return row.reject("score_out_of_range", kscore,
                      "score " + std::to_string(score) + " outside scale [" + std::to_string(scale.min) +
                          ", " + std::to_string(scale.max) + "]");
  out = static_cast<std::int16_t>(score);
  return true;
}

void ResponseRows::append(std::string_view respondent, std::uint32_t provider, std::uint32_t customer,
                          std::string_view period, std::string_view item, std::string_view dimension,
                          Scale scale, std::int16_t score, std::uint32_t weight) {
  push(respondent_index(respondent), provider, customer, period, item, dimension, scale, score, weight);
}

std::uint32_t ResponseRows::respondent_index(std::string_view respondent) {
  return respondents_.get(respondent, [&](std::string_view s) { return t_.respondents.intern(s); });
}

void ResponseRows::push(std::uint32_t respondent, std::uint32_t provider, std::uint32_t customer,
                        std::string_view period, std::string_view item, std::string_view dimension, Scale scale,
                        std::int16_t score, std::uint32_t weight) {
  ResponseTable& t = t_;
  t.respondent.push_back(respondent);
  t.provider.push_back(provider);
  t.customer.push_back(customer);
  t.period.push_back(static_cast<std::uint16_t>(periods_.get(
      period, [&](std::string_view s) { return intern_capped(ctx_.snapshot.periods, s, 65535, "periods", q_); })));
  t.item.push_back(static_cast<std::uint16_t>(
      items_.get(item, [&](std::string_view s) { return intern_capped(t.items, s, 65535, "items", q_); })));
  t.dimension.push_back(static_cast<std::uint8_t>(dimensions_.get(
      dimension, [&](std::string_view s) { return intern_capped(t.dimensions, s, 255, "dimensions", q_); })));
  if (t.scales.size() >= 255 && std::find(t.scales.begin(), t.scales.end(), scale) == t.scales.end())
    throw Error(ErrorCode::data, q_.path + ": more than 255 distinct scales");
  t.scale.push_back(t.scale_index(scale));
  t.score.push_back(score);
  if (weighted_) t.weight.push_back(weight);
}

void load_responses(LoadContext& ctx, const ProfileQuery& q) {
  RecordReader reader(ctx.connection, q, Record::survey_response, ResponseRows::columns(), ctx.options, ctx.snapshot.account(Record::survey_response));
  ResponseRows rows(ctx, q, false);
  reader.for_each([&](const Row& row) { return rows(row); });
}

void load_complaints(LoadContext& ctx, const ProfileQuery& q) {
  enum { kId, kFrom, kAgainst, kOpened, kAcked, kResolved, kStatus, kSeverity, kCategory };
  RecordReader reader(ctx.connection, q, Record::complaint,
                      {"id", "from_unit_id", "against_unit_id", "opened_at", "acknowledged_at",
                       "resolved_at", "status", "severity", "category"}, ctx.options, ctx.snapshot.account(Record::complaint));
  ComplaintTable& t = ctx.snapshot.complaints;
  const KeyIndex units = index_of(ctx.snapshot.units.ids);
  reader.for_each([&](const Row& row) {
    std::string_view id, status;
    std::uint32_t from = 0, against = 0;
    if (!read_key(row, kId, id) || !read_unit(row, kFrom, units, from) || !read_unit(row, kAgainst, units, against))
      return false;
    Instant opened = 0, acked = 0, resolved = 0;
    if (!read_instant(row, kOpened, true, opened) || !read_instant(row, kAcked, false, acked) ||
        !read_instant(row, kResolved, false, resolved) || !read_key(row, kStatus, status))
      return false;
    if ((acked != kNullInstant && acked < opened) || (resolved != kNullInstant && resolved < opened))
      return row.reject("time_order", resolved != kNullInstant && resolved < opened ? kResolved : kAcked,
                        "happens before the complaint was opened");
    if (t.ids.find(id) != kNoIndex) return row.reject("duplicate_key", kId, "complaint id appears twice");
    t.ids.intern(id);
    t.from_unit.push_back(from);
    t.against_unit.push_back(against);
    t.opened_at.push_back(opened);
    t.acknowledged_at.push_back(acked);
    t.resolved_at.push_back(resolved);
    t.status.push_back(static_cast<std::uint8_t>(intern_capped(t.statuses, status, 255, "statuses", q)));
    t.severity.push_back(static_cast<std::uint8_t>(
        intern_capped(t.severities, row.null(kSeverity) ? "" : trim_view(row.text(kSeverity)), 255, "severities", q)));
    t.category.push_back(static_cast<std::uint8_t>(
        intern_capped(t.categories, row.null(kCategory) ? "" : trim_view(row.text(kCategory)), 255, "categories", q)));
    ctx.saw_instant(opened);
    ctx.saw_instant(acked);
    ctx.saw_instant(resolved);
    return true;
  });
}

void load_follow_ups(LoadContext& ctx, const ProfileQuery& q) {
  enum { kComplaint, kVisited, kScore, kMin, kMax };
  RecordReader reader(ctx.connection, q, Record::follow_up,
                      {"complaint_id", "visited_at", "score", "scale_min", "scale_max"}, ctx.options,
                      ctx.snapshot.account(Record::follow_up));
  FollowUpTable& t = ctx.snapshot.follow_ups;
  const Dictionary& complaints = ctx.snapshot.complaints.ids;
  reader.for_each([&](const Row& row) {
    std::string_view id;
    if (!read_key(row, kComplaint, id)) return false;
    const std::uint32_t c = complaints.find(id);
    if (c == kNoIndex)
      return row.reject("unknown_complaint", kComplaint, "complaint '" + std::string(id) + "' is not a complaint");
    Instant visited = 0;
    if (!read_instant(row, kVisited, true, visited)) return false;
    double score = kNaN;
    if (!read_number(row, kScore, false, score)) return false;
    Scale scale;
    if (!read_int_scale(row, kMin, kMax, scale)) return false;
    if (!std::isnan(score) && (score < scale.min || score > scale.max))
      return row.reject("score_out_of_range", kScore,
                        "score " + fmt(score) + " outside scale [" + std::to_string(scale.min) + ", " +
                            std::to_string(scale.max) + "]");
    t.complaint.push_back(c);
    t.visited_at.push_back(visited);
    t.score.push_back(score);
    t.scale.push_back(scale);
    ctx.saw_instant(visited);
    return true;
  });
}

void load_reviews(LoadContext& ctx, const ProfileQuery& q) {
  enum { kSubject, kPeriod, kCriterion, kScore, kMin, kMax, kWeight, kRater, kRole };
  RecordReader reader(ctx.connection, q, Record::review,
                      {"subject_id", "period", "criterion", "score", "scale_min", "scale_max", "weight",
                       "rater_id", "rater_role"}, ctx.options, ctx.snapshot.account(Record::review));
  ReviewTable& t = ctx.snapshot.reviews;
  const Dictionary& units = ctx.snapshot.units.ids;
  const Dictionary& employees = ctx.snapshot.employees.ids;
  reader.for_each([&](const Row& row) {
    std::string_view subject, period, criterion;
    if (!read_key(row, kSubject, subject) || !read_key(row, kPeriod, period) ||
        !read_key(row, kCriterion, criterion))
      return false;
    if (units.find(subject) == kNoIndex && employees.find(subject) == kNoIndex)
      return row.reject("unknown_unit", kSubject, "'" + std::string(subject) + "' is neither a unit nor an employee");
    double lo = 0, hi = 0, score = 0, weight = kNaN;
    if (!read_real_scale(row, kMin, kMax, lo, hi) || !read_number(row, kScore, true, score) ||
        !read_number(row, kWeight, false, weight))
      return false;
    if (score < lo || score > hi)
      return row.reject("score_out_of_range", kScore,
                        "score " + fmt(score) + " outside scale [" + fmt(lo) + ", " + fmt(hi) + "]");
    t.subject.push_back(t.subjects.intern(subject));
    t.period.push_back(static_cast<std::uint16_t>(intern_capped(ctx.snapshot.periods, period, 65535, "periods", q)));
    t.criterion.push_back(static_cast<std::uint16_t>(intern_capped(t.criteria, criterion, 65535, "criteria", q)));
    t.score.push_back(score);
    t.scale_min.push_back(lo);
    t.scale_max.push_back(hi);
    t.weight.push_back(weight);
    t.rater.push_back(t.raters.intern(row.null(kRater) ? "" : trim_view(row.text(kRater))));
    t.rater_role.push_back(static_cast<std::uint8_t>(
        intern_capped(t.rater_roles, row.null(kRole) ? "" : trim_view(row.text(kRole)), 255, "rater roles", q)));
    return true;
  });
}

void load_kpis(LoadContext& ctx, const ProfileQuery& q) {
  enum { kUnit, kPeriod, kMetric, kValue, kTarget, kDirection };
  RecordReader reader(ctx.connection, q, Record::kpi,
                      {"unit_id", "period", "metric", "value", "target", "direction"}, ctx.options,
                      ctx.snapshot.account(Record::kpi));
  KpiTable& t = ctx.snapshot.kpis;
  const KeyIndex units = index_of(ctx.snapshot.units.ids);
  reader.for_each([&](const Row& row) {
    std::uint32_t unit = 0;
    std::string_view period, metric;
    if (!read_unit(row, kUnit, units, unit) || !read_key(row, kPeriod, period) ||
        !read_key(row, kMetric, metric))
      return false;
    double value = 0, target = kNaN;
    if (!read_number(row, kValue, true, value) || !read_number(row, kTarget, false, target)) return false;
    Direction direction{};
    if (row.null(kDirection) || !parse_direction(row.text(kDirection), direction))
      return row.reject("bad_direction", kDirection, "direction must be higher or lower");
    t.unit.push_back(unit);
    t.period.push_back(static_cast<std::uint16_t>(intern_capped(ctx.snapshot.periods, period, 65535, "periods", q)));
    t.metric.push_back(static_cast<std::uint16_t>(intern_capped(t.metrics, metric, 65535, "metrics", q)));
    t.value.push_back(value);
    t.target.push_back(target);
    t.direction.push_back(direction);
    return true;
  });
}

bool reject_missing_key(const Row& row, int k) { return row.reject("null_required", k, "a key is required"); }

}  // namespace icm::detail
