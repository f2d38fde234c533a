// The `appraisal` dataset: one scorecard per subject × period (考核内容 of the seed rules:
// customer satisfaction, service quality, business knowledge, work attitude, complaint
// handling), with total, rank, band and reward/penalty recommendation.
//
// Choices:
//  - review criteria: each review row is scaled 0–100 on its own scale; with
//    Settings::leniency_correction the scaled scores are standardised within rater and
//    re-expressed on the pooled mean/sd of all rows (so they stay on 0–100); lower-is-better
//    criteria use 100 − score. A subject's achievement is the mean of its rows, weighted by the
//    row weight when the row gives one (else 1), clamped to [0, cap].
//  - satisfaction criterion: the subject (a unit, as provider, with its sub-units) mean index in
//    the same period; when the publication hides that cell it is NULL, `suppressed` = 1, and the
//    total is computed from the remaining criteria with their weights renormalised (as for any
//    missing criterion).
//  - complaints criterion: % of complaints against the subject unit, opened in the period
//    (the period label equals the quarter "YYYY-Qn" or the year "YYYY" of opened_at), resolved
//    within the resolve SLA (open ones judged only once older than the SLA at the end of the
//    as-of day). No complaints: NULL (no data).
//  - rank and band are computed within each period, over subjects with a total.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/engines/appraisal.hpp"
#include "core/engines/complaints.hpp"
#include "core/datasets/datasets.hpp"
#include "core/privacy/publication.hpp"
#include "core/engines/grading.hpp"

namespace icm {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Cell {  // weighted mean accumulator of one subject × period × criterion
  double sum = 0, weight = 0;
};

struct Scorecard {
  std::uint32_t subject = 0;
  std::uint16_t period = 0;
  std::size_t reviews = 0;
  std::vector<double> achievement;  // per Settings criterion
  bool suppressed = false;
  double total = kNaN;
  int rank = 0, band = -1;
};

std::vector<AppraisalCriterion> criteria_of(const BuildContext& ctx) {
  if (!ctx.settings.criteria.empty()) return ctx.settings.criteria;
  // No criteria configured: every review criterion, equally weighted.
  std::vector<AppraisalCriterion> out;
  for (const auto& name : ctx.snapshot.reviews.criteria.values())
    out.push_back({name, name, name, 1, AppraisalCriterion::Source::review,
                   Direction::higher_is_better, 100});
  return out;
}

bool period_matches(const std::string& period, Instant opened) {
  const std::string q = quarter_label(opened);
  return period == q || period == q.substr(0, 4);
}

// % resolved within the resolve SLA of the complaints against `unit` in `period`. A complaint
// still open and younger than the SLA at the end of the as-of day is not judged yet (left out);
// one open and older counts as late, as in the complaints dataset's breach rule.
double complaint_handling(const Snapshot& s, std::uint32_t unit, const std::string& period,
                          double resolve_sla_hours) {
  const Instant now =
      s.as_of == kNullDay ? kNullInstant : (static_cast<Instant>(s.as_of) + 1) * 86400;
  auto hours = [](Instant from, Instant to) { return static_cast<double>(to - from) / 3600.0; };
  std::size_t n = 0, on_time = 0;
  const auto& c = s.complaints;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c.against_unit[i] != unit || c.opened_at[i] == kNullInstant ||
        !period_matches(period, c.opened_at[i]))
      continue;
    if (c.resolved_at[i] == kNullInstant) {
      if (now == kNullInstant || hours(c.opened_at[i], now) <= resolve_sla_hours) continue;
      ++n;  // open beyond the SLA: late whatever happens next
      continue;
    }
    ++n;
    if (hours(c.opened_at[i], c.resolved_at[i]) <= resolve_sla_hours) ++on_time;
  }
  return n == 0 ? kNaN : 100.0 * static_cast<double>(on_time) / static_cast<double>(n);
}

// Scaled (and optionally leniency-corrected) score of every review row.
std::vector<double> review_points(const BuildContext& ctx) {
  const auto& r = ctx.snapshot.reviews;
  std::vector<double> points(r.size());
  for (std::size_t i = 0; i < r.size(); ++i)
    points[i] = scale_to_100(r.score[i], r.scale_min[i], r.scale_max[i]);
  if (!ctx.settings.leniency_correction) return points;
  // Raters with fewer than 2 scores or no spread are left as scaled (correct_leniency reports
  // them; the dataset has no place for the list, see data quality).
  return correct_leniency(points, r.rater, true).scores;
}

}  // namespace

Table build_appraisal(const BuildContext& ctx) {
  const Snapshot& s = ctx.snapshot;
  const auto& r = s.reviews;
  const Settings& settings = ctx.settings;
  const auto criteria = criteria_of(ctx);
  const bool zh = ctx.lang == Lang::zh;

  // Scorecards keyed by (period label, subject key) so rows come out sorted.
  std::map<std::pair<std::string, std::string>, Scorecard> cards;
  std::map<std::pair<std::string, std::string>, std::vector<Cell>> cells;
  const auto points = review_points(ctx);
  for (std::size_t i = 0; i < r.size(); ++i) {
    const std::pair key{s.periods.at(r.period[i]), r.subjects.at(r.subject[i])};
    auto& card = cards[key];
    card.subject = r.subject[i];
    card.period = r.period[i];
    ++card.reviews;
    auto& row_cells = cells[key];
    row_cells.resize(criteria.size());
    const std::string& name = r.criteria.at(r.criterion[i]);
    for (std::size_t k = 0; k < criteria.size(); ++k) {
      const auto& c = criteria[k];
      if (c.source != AppraisalCriterion::Source::review || c.name != name || std::isnan(points[i]))
        continue;
      const double p = c.direction == Direction::lower_is_better ? 100.0 - points[i] : points[i];
      const double w = std::isnan(r.weight[i]) ? 1.0 : r.weight[i];
      row_cells[k].sum += w * p;
      row_cells[k].weight += w;
    }
  }

  const auto publication = publication_for(ctx);
  std::vector<double> weights;
  for (const auto& c : criteria) weights.push_back(c.weight);
  std::map<std::string, std::vector<Scorecard*>> by_period;
  for (auto& [key, card] : cards) {
    const auto unit = s.units.ids.find(key.second);
    card.achievement.assign(criteria.size(), kNaN);
    for (std::size_t k = 0; k < criteria.size(); ++k) {
      const auto& c = criteria[k];
      double a = kNaN;
      switch (c.source) {
        case AppraisalCriterion::Source::review: {
          const Cell& cell = cells[key][k];
          if (cell.weight > 0) a = cell.sum / cell.weight;
          break;
        }
        case AppraisalCriterion::Source::satisfaction: {
          if (unit == kNoIndex) break;  // an employee subject has no survey as provider
          const UnitSatisfaction us = publication->provider_satisfaction(unit, card.period);
          if (us.suppressed) card.suppressed = true;
          a = us.index;
          break;
        }
        case AppraisalCriterion::Source::complaints:
          if (unit != kNoIndex)
            a = complaint_handling(s, unit, key.first, settings.resolve_sla_hours);
          break;
      }
      card.achievement[k] = std::isnan(a) ? kNaN : std::clamp(a, 0.0, c.cap);
    }
    card.total = weighted_total(card.achievement, weights);
    by_period[key.first].push_back(&card);
  }

  for (auto& [period, list] : by_period) {
    std::vector<double> totals;
    std::vector<std::string> keys;
    for (auto* c : list) {
      totals.push_back(c->total);
      keys.push_back(r.subjects.at(c->subject));
    }
    const auto ranks = competition_rank(totals);
    std::vector<int> bands(list.size(), -1);
    if (!settings.bands.empty()) {
      std::vector<double> limits;
      for (const auto& b : settings.bands)
        limits.push_back(settings.banding == Settings::Banding::thresholds ? b.min_score : b.quota);
      bands = settings.banding == Settings::Banding::thresholds
                  ? threshold_bands(totals, limits)
                  : forced_bands(totals, limits, settings.tie_policy, keys);
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      list[i]->rank = ranks[i];
      list[i]->band = bands[i];
    }
  }

  Table t("appraisal");
  t.add_column("subject_id", ColumnType::text, "Subject ID", "考核对象编号");
  t.add_column("subject_name", ColumnType::text, "Subject", "考核对象");
  t.add_column("period", ColumnType::text, "Period", "考核周期");
  for (const auto& c : criteria)
    t.add_column(c.name, ColumnType::real, c.label_en + " (0-100)", c.label_zh + "(0-100)");
  t.add_column("total", ColumnType::real, "Total score", "综合得分");
  t.add_column("rank", ColumnType::integer, "Rank", "排名");
  t.add_column("band", ColumnType::text, "Band", "考核等级");
  t.add_column("band_label", ColumnType::text, "Band (label)", "考核等级名称");
  t.add_column("recommendation", ColumnType::text, "Recommendation", "奖惩建议");
  t.add_column("reviews", ColumnType::integer, "Reviews", "评分条数");
  t.add_column("suppressed", ColumnType::boolean, "Satisfaction suppressed", "满意度已隐藏");

  for (const auto& [key, card] : cards) {
    auto row = t.append();
    row.text(key.second);
    const auto unit = s.units.ids.find(key.second);
    row.text(unit == kNoIndex ? key.second : s.units.name[unit]);
    row.text(key.first);
    for (double a : card.achievement) row.real(a);
    row.real(card.total);
    if (card.rank == 0) row.null(); else row.integer(card.rank);
    if (card.band < 0) {
      row.null().null().null();
    } else {
      const Band& b = settings.bands[static_cast<std::size_t>(card.band)];
      row.text(b.name).text(zh ? b.label_zh : b.label_en);
      row.text(zh ? b.recommendation_zh : b.recommendation_en);
    }
    row.integer(static_cast<std::int64_t>(card.reviews)).boolean(card.suppressed);
  }
  return t;
}

}  // namespace icm
