#include "core/privacy/publication.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <tuple>

#include "core/engines/complaints.hpp"
#include "core/privacy/confidentiality.hpp"
#include "core/error.hpp"
#include "core/stats/satisfaction.hpp"

namespace icm {

namespace {

// Each unit followed by its ancestors (the loader rejects parent cycles, so chains end).
std::vector<std::vector<std::uint32_t>> self_and_ancestors(const UnitTable& units) {
  std::vector<std::vector<std::uint32_t>> chain(units.size());
  for (std::size_t u = 0; u < units.size(); ++u)
    for (auto a = static_cast<std::uint32_t>(u); a != kNoIndex && chain[u].size() <= units.size();
         a = units.parent[a])
      chain[u].push_back(a);
  return chain;
}

bool digits(const std::string& s, std::size_t from, std::size_t n) {
  if (s.size() < from + n) return false;
  for (std::size_t i = from; i < from + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

Day last_day_of_month(int y, unsigned m) {
  return m == 12 ? days_from_civil(y + 1, 1, 1) - 1 : days_from_civil(y, m + 1, 1) - 1;
}

// "Today" for publishing: the configured as-of date, else the clock (UTC).
Day publishing_day(const Settings& settings) {
  Day d;
  if (!settings.as_of.empty() && parse_date(settings.as_of, d)) return d;
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<Day>(std::chrono::duration_cast<std::chrono::hours>(now).count() / 24);
}

}  // namespace

Day period_last_day(const std::string& label, const Settings& settings) {
  if (auto it = settings.period_end.find(label); it != settings.period_end.end()) {
    Day d;
    if (parse_date(it->second, d)) return d;
  }
  if (!digits(label, 0, 4)) return kNullDay;
  const int y = std::stoi(label.substr(0, 4));
  if (label.size() == 4) return days_from_civil(y, 12, 31);
  Day d;
  if (label.size() == 10 && parse_date(label, d)) return d;
  const bool dash = label[4] == '-';
  const std::string rest = label.substr(dash ? 5 : 4);
  if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q') && rest[1] >= '1' && rest[1] <= '4')
    return last_day_of_month(y, static_cast<unsigned>(rest[1] - '0') * 3);
  if (rest.size() == 2 && (rest[0] == 'H' || rest[0] == 'h') && (rest[1] == '1' || rest[1] == '2'))
    return last_day_of_month(y, rest[1] == '1' ? 6 : 12);
  if (dash && rest.size() == 2 && digits(rest, 0, 2)) {
    const int m = std::stoi(rest);
    if (m >= 1 && m <= 12) return last_day_of_month(y, static_cast<unsigned>(m));
  }
  return kNullDay;
}

class PublicationBuilder {
 public:
  PublicationBuilder(const Snapshot& s, const Settings& settings, Publication& out)
      : s_(s), settings_(settings), out_(out), k_(effective_min_group_size(settings)),
        unit_rank_(ranks_by_text(s.units.ids.values())), period_rank_(ranks_by_text(s.periods.values())),
        chain_(self_and_ancestors(s.units)) {}

  void build() {
    stats::GroupingSpec spec;
    spec.with_members = true;
    out_.groups_ = stats::ResponseGroups::aggregate(s_.responses, spec);
    decide_periods();
    add_survey_inner();
    add_satisfaction();
    add_service_matrix();
    add_units();
    add_appraisal();
    add_follow_ups();
    protect();
    fill_lookups();
  }

 private:
  struct Spec {
    std::vector<std::uint32_t> support;  // sorted
    std::string kind, key;
    std::tuple<int, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t> order;  // canonical
    std::uint64_t respondents = 0;
    bool respondents_known = false;
    std::uint32_t* slot = nullptr;  // where the cell id goes (set after protection)
    std::uint32_t cell = 0;
  };

  const stats::ResponseGroups& rg() const { return out_.groups_; }

  std::string unit_id(std::uint32_t u) const { return u == kNoIndex ? "*" : s_.units.ids.at(u); }
  std::string survey_key(std::uint32_t p, std::uint32_t c, std::uint16_t t, std::uint8_t d) const {
    return unit_id(p) + "|" + unit_id(c) + "|" + s_.periods.at(t) +
           (d == stats::ResponseGroups::kAllDimensions ? "" : "|" + s_.responses.dimensions.at(d));
  }
  std::uint32_t urank(std::uint32_t u) const { return u == kNoIndex ? 0 : unit_rank_[u] + 1; }

  void add_survey_inner() {
    const auto& groups = rg().groups();
    survey_inner_ = static_cast<std::uint32_t>(groups.size());
    out_.inner_.resize(groups.size());
    for (std::uint32_t g = 0; g < groups.size(); ++g) {
      auto& in = out_.inner_[g];
      in.respondents = groups[g].respondents;
      in.answers = groups[g].n;
      if (in.respondents < static_cast<std::uint64_t>(k_)) {
        const auto m = rg().members(g);
        in.people.assign(m.begin(), m.end());
      }
    }
  }

  // Which periods are published yet (Settings::publish): a period only once it has ended.
  std::string open_reason(const std::string& label) const {
    if (settings_.publish == Settings::Publish::live) return {};
    const Day last = period_last_day(label, settings_);
    if (last == kNullDay) return "its end is unknown (set [period] end." + label + " = YYYY-MM-DD)";
    const Day publish_on = last + 1 + settings_.closed_after_days;
    return today_ >= publish_on ? std::string() : "open: published from " + format_date(publish_on);
  }

  void decide_periods() {
    out_.withheld_.assign(s_.periods.size(), 0);
    std::vector<std::uint64_t> answers(s_.periods.size(), 0);
    for (const auto& g : rg().groups()) answers[g.period] += g.n;
    for (std::uint16_t t = 0; t < s_.periods.size(); ++t) {
      const std::string why = open_reason(s_.periods.at(t));
      if (why.empty() || answers[t] == 0) continue;
      out_.withheld_[t] = 1;
      out_.summary_.withheld.emplace_back(s_.periods.at(t), why);
      out_.summary_.answers_withheld += answers[t];
    }
  }
  bool open(std::uint16_t period) const { return out_.withheld_[period] != 0; }

  // satisfaction: one cell per group, one per provider × period × dimension parent.
  void add_satisfaction() {
    const auto& groups = rg().groups();
    const auto& parents = rg().parents();
    out_.group_cell_.assign(groups.size(), 0);
    out_.parent_cell_.assign(parents.size(), 0);
    std::vector<std::vector<std::uint32_t>> children(parents.size());
    for (std::uint32_t g = 0; g < groups.size(); ++g) {
      const auto& x = groups[g];
      if (open(x.period)) continue;
      children[x.parent].push_back(g);
      specs_.push_back(Spec{{g}, "satisfaction", survey_key(x.provider, x.customer, x.period, x.dimension),
                            {0, urank(x.provider), period_rank_[x.period], x.dimension, urank(x.customer)},
                            x.respondents, true, &out_.group_cell_[g]});
    }
    for (std::uint32_t p = 0; p < parents.size(); ++p) {
      const auto& x = parents[p];
      if (open(x.period)) continue;
      specs_.push_back(Spec{children[p], "satisfaction", survey_key(x.provider, kNoIndex, x.period, x.dimension),
                            {0, urank(x.provider), period_rank_[x.period], x.dimension, 0},
                            x.respondents, true, &out_.parent_cell_[p]});
    }
  }

  // service_matrix: the overall dimension's groups, or every dimension pooled per pair.
  void add_service_matrix() {
    const auto& groups = rg().groups();
    const std::uint32_t overall = s_.responses.dimensions.find(settings_.overall_dimension);
    const bool has_overall = std::any_of(groups.begin(), groups.end(), [&](const auto& g) { return g.dimension == overall; });
    std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint16_t>, std::size_t> pair_of;
    for (std::uint32_t g = 0; g < groups.size(); ++g) {
      const auto& x = groups[g];
      if (open(x.period) || (has_overall && x.dimension != overall)) continue;
      auto [it, fresh] = pair_of.emplace(std::make_tuple(x.provider, x.customer, x.period), out_.matrix_.size());
      if (fresh) out_.matrix_.push_back(Publication::MatrixCell{x.provider, x.customer, x.period, {}, 0, 0, false});
      out_.matrix_[it->second].groups.push_back(g);
    }
    matrix_cell_.assign(out_.matrix_.size(), 0);
    for (std::size_t i = 0; i < out_.matrix_.size(); ++i) {
      auto& m = out_.matrix_[i];
      std::sort(m.groups.begin(), m.groups.end());
      for (auto g : m.groups) m.n += groups[g].n;
      m.respondents = m.groups.size() == 1 ? groups[m.groups[0]].respondents : distinct_respondents(m.groups);
      specs_.push_back(Spec{m.groups, "service_matrix",
                            unit_id(m.provider) + "|" + unit_id(m.customer) + "|" + s_.periods.at(m.period),
                            {1, urank(m.provider), period_rank_[m.period], 0, urank(m.customer)},
                            m.respondents, true, &matrix_cell_[i]});
    }
  }

  // units: satisfaction as a customer, the unit's sub-tree, in its latest period with answers.
  void add_units() {
    const auto& groups = rg().groups();
    const std::size_t units = s_.units.size();
    out_.as_customer_.assign(units, UnitSatisfaction{});
    customer_support_.assign(units, {});
    customer_cell_.assign(units, kNoIndex);
    const std::uint32_t overall = s_.responses.dimensions.find(settings_.overall_dimension);
    if (overall == kNoIndex) return;
    std::vector<std::uint32_t> latest(units, kNoIndex);
    for (const auto& g : groups) {
      if (g.dimension != overall || g.customer >= units) continue;
      for (auto u : chain_[g.customer]) {
        if (open(g.period)) {
          // Answers only in periods not published yet: withheld, not "no data".
          out_.as_customer_[u].suppressed = latest[u] == kNoIndex;
          continue;
        }
        out_.as_customer_[u].suppressed = false;
        if (latest[u] == kNoIndex || period_rank_[g.period] > period_rank_[latest[u]]) latest[u] = g.period;
      }
    }
    for (std::uint32_t gi = 0; gi < groups.size(); ++gi) {
      const auto& g = groups[gi];
      if (g.dimension != overall || g.customer >= units) continue;
      for (auto u : chain_[g.customer])
        if (g.period == latest[u]) customer_support_[u].push_back(gi);
    }
    for (std::uint32_t u = 0; u < units; ++u) {
      if (customer_support_[u].empty()) continue;
      std::sort(customer_support_[u].begin(), customer_support_[u].end());
      specs_.push_back(Spec{customer_support_[u], "units", s_.units.ids.at(u) + "|" + s_.periods.at(latest[u]),
                            {2, urank(u), period_rank_[latest[u]], 0, 0}, 0, false, &customer_cell_[u]});
    }
  }

  // appraisal: each review subject that is a unit, as a provider (its sub-tree), per period.
  void add_appraisal() {
    const bool wanted = std::any_of(settings_.criteria.begin(), settings_.criteria.end(), [](const auto& c) {
      return c.source == AppraisalCriterion::Source::satisfaction;
    });
    if (!wanted) return;
    const auto& r = s_.reviews;
    for (std::size_t i = 0; i < r.size(); ++i) {
      const auto u = s_.units.ids.find(r.subjects.at(r.subject[i]));
      if (u != kNoIndex) provider_support_.emplace(std::make_pair(u, r.period[i]), std::vector<std::uint32_t>{});
    }
    if (provider_support_.empty()) return;
    const std::uint32_t overall = s_.responses.dimensions.find(settings_.overall_dimension);
    const auto& groups = rg().groups();
    for (std::uint32_t gi = 0; gi < groups.size(); ++gi) {
      const auto& g = groups[gi];
      if (g.dimension != overall || g.provider >= s_.units.size()) continue;
      for (auto u : chain_[g.provider])
        if (auto it = provider_support_.find({u, g.period}); it != provider_support_.end()) it->second.push_back(gi);
    }
    for (auto& [key, support] : provider_support_) {
      if (support.empty() || open(key.second)) continue;
      std::sort(support.begin(), support.end());
      specs_.push_back(Spec{support, "appraisal", s_.units.ids.at(key.first) + "|" + s_.periods.at(key.second),
                            {3, urank(key.first), period_rank_[key.second], 0, 0}, 0, false,
                            &provider_cell_[key]});
    }
  }

  // Follow-up visits: one respondent per score, inner cells against-unit × quarter opened.
  void add_follow_ups() {
    const auto& c = s_.complaints;
    const auto& f = s_.follow_ups;
    std::map<std::pair<std::int64_t, std::uint32_t>, std::uint32_t> inner_of;  // (quarter, unit)
    for (std::size_t v = 0; v < f.size(); ++v) {
      const auto k = f.complaint[v];
      if (k >= c.size() || c.opened_at[k] == kNullInstant || std::isnan(follow_up_index(f.score[v], f.scale[v])))
        continue;
      const std::pair key{quarter_key(c.opened_at[k]), c.against_unit[k]};
      if (const std::string label = quarter_label(c.opened_at[k]); !open_reason(label).empty()) {
        if (out_.open_quarters_.insert(key.first).second && out_.withheld_reason(label).empty())
          out_.summary_.withheld.emplace_back(label, open_reason(label));
        ++out_.summary_.answers_withheld;
        continue;
      }
      auto [it, fresh] = inner_of.emplace(key, static_cast<std::uint32_t>(out_.inner_.size()));
      if (fresh) out_.inner_.emplace_back();
      auto& in = out_.inner_[it->second];
      ++in.respondents;
      ++in.answers;
      in.people.push_back(static_cast<std::uint32_t>(v));  // ascending: v grows
    }
    std::map<std::int64_t, std::vector<std::uint32_t>> quarters;
    for (const auto& [key, id] : inner_of) {
      quarters[key.first].push_back(id);
      const std::string label = quarter_label(first_opened(key.first));
      specs_.push_back(Spec{{id}, "follow_up", unit_id(key.second) + "|" + label,
                            {4, static_cast<std::uint32_t>(key.first & 0xFFFFFFFF), urank(key.second), 0, 0},
                            out_.inner_[id].respondents, true, &follow_up_slot_[{key.second, key.first}]});
    }
    for (auto& [quarter, ids] : quarters) {
      std::sort(ids.begin(), ids.end());
      std::uint64_t n = 0;
      for (auto id : ids) n += out_.inner_[id].respondents;
      specs_.push_back(Spec{ids, "follow_up", "*|" + quarter_label(first_opened(quarter)),
                            {4, static_cast<std::uint32_t>(quarter & 0xFFFFFFFF), 0, 0, 0}, n, true,
                            &follow_up_slot_[{kNoIndex, quarter}]});
    }
  }

  // An instant in the given quarter (its first day), for its label.
  static Instant first_opened(std::int64_t quarter) {
    const std::int64_t y = quarter >= 0 ? quarter / 4 : -((-quarter + 3) / 4);
    const auto month = static_cast<unsigned>((quarter - y * 4) * 3 + 1);
    return static_cast<Instant>(days_from_civil(static_cast<int>(y), month, 1)) * 86400;
  }

  std::uint64_t distinct_respondents(const std::vector<std::uint32_t>& groups) {
    if (stamp_.empty()) stamp_.assign(s_.responses.respondents.size(), 0);
    ++stamp_now_;
    std::uint64_t n = 0;
    for (auto g : groups)
      for (auto r : rg().members(g))
        if (stamp_[r] != stamp_now_) stamp_[r] = stamp_now_, ++n;
    return n;
  }

  void protect() {
    std::vector<std::size_t> order(specs_.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return specs_[a].order < specs_[b].order; });
    std::map<std::vector<std::uint32_t>, std::uint32_t> cell_of;
    for (std::size_t i : order) {
      Spec& sp = specs_[i];
      auto [it, fresh] = cell_of.emplace(sp.support, static_cast<std::uint32_t>(out_.cells_.size()));
      if (fresh) {
        disclosure::PublishedCell cell;
        cell.support = sp.support;
        for (auto c : sp.support) cell.answers += out_.inner_[c].answers;
        cell.respondents = sp.respondents_known ? sp.respondents
                           : sp.support.front() < survey_inner_ ? distinct_respondents(sp.support)
                                                                : 0;
        out_.cells_.push_back(std::move(cell));
      }
      sp.cell = it->second;
      if (sp.slot) *sp.slot = sp.cell;
      out_.info_.push_back(Publication::CellInfo{sp.kind, sp.key, sp.cell});
    }
    out_.protection_ = disclosure::protect(out_.inner_, out_.cells_, k_);
  }

  UnitSatisfaction satisfaction_of(std::uint32_t cell, const std::vector<std::uint32_t>& groups) const {
    UnitSatisfaction u;
    u.respondents = out_.cells_[cell].respondents;
    if (out_.hidden(cell)) {
      u.suppressed = true;
      return u;
    }
    std::vector<std::uint64_t> bins(rg().bin_width(), 0);
    for (auto g : groups) rg().accumulate(g, bins);
    // Rows on different scales: one index per scale, combined weighted by their counts.
    double weighted = 0, n = 0;
    for (const auto& h : rg().histograms_of(bins)) {
      if (h.n() == 0) continue;
      weighted += stats::mean_index(h) * static_cast<double>(h.n());
      n += static_cast<double>(h.n());
    }
    u.index = weighted / n;
    return u;
  }

  void fill_lookups() {
    for (std::size_t i = 0; i < out_.matrix_.size(); ++i) out_.matrix_[i].hidden = out_.hidden(matrix_cell_[i]);
    for (std::uint32_t u = 0; u < s_.units.size(); ++u)
      if (!customer_support_[u].empty())
        out_.as_customer_[u] = satisfaction_of(customer_cell_[u], customer_support_[u]);
    for (const auto& [key, support] : provider_support_) {
      UnitSatisfaction withheld;
      withheld.suppressed = !support.empty();  // answers exist but are not published yet
      out_.as_provider_[key] = support.empty() || open(key.second) ? (support.empty() ? UnitSatisfaction{} : withheld)
                                                                   : satisfaction_of(provider_cell_.at(key), support);
    }
    for (const auto& [key, cell] : follow_up_slot_) out_.follow_up_cell_[key] = cell;

    auto& sum = out_.summary_;
    sum.cells = out_.cells_.size();
    sum.primary = out_.protection_.primary;
    sum.secondary = out_.protection_.secondary;
    sum.conservative = out_.protection_.conservative;
    // Every inner cell is itself a published cell (a satisfaction row or a unit's follow-up row).
    for (const auto& cell : out_.cells_) {
      if (cell.support.size() != 1) continue;
      const auto& in = out_.inner_[cell.support[0]];
      const auto st = out_.protection_.state[static_cast<std::size_t>(&cell - out_.cells_.data())];
      sum.answers += in.answers;
      if (st != disclosure::CellState::shown) sum.answers_hidden += in.answers;
      if (st == disclosure::CellState::primary) sum.answers_hidden_primary += in.answers;
    }
  }

  const Snapshot& s_;
  const Settings& settings_;
  Publication& out_;
  int k_;
  std::vector<std::uint32_t> unit_rank_, period_rank_;
  std::vector<std::vector<std::uint32_t>> chain_;
  std::uint32_t survey_inner_ = 0;
  std::vector<Spec> specs_;
  std::vector<std::uint32_t> matrix_cell_, customer_cell_;
  std::vector<std::vector<std::uint32_t>> customer_support_;
  std::map<std::pair<std::uint32_t, std::uint16_t>, std::vector<std::uint32_t>> provider_support_;
  std::map<std::pair<std::uint32_t, std::uint16_t>, std::uint32_t> provider_cell_;
  std::map<std::pair<std::uint32_t, std::int64_t>, std::uint32_t> follow_up_slot_;
  Day today_ = publishing_day(settings_);
  std::vector<std::uint32_t> stamp_;
  std::uint32_t stamp_now_ = 0;
};

std::shared_ptr<const Publication> Publication::protect(const Snapshot& snapshot, const Settings& settings) {
  auto out = std::make_shared<Publication>();
  PublicationBuilder(snapshot, settings, *out).build();
  return out;
}

UnitSatisfaction Publication::provider_satisfaction(std::uint32_t unit, std::uint16_t period) const {
  auto it = as_provider_.find({unit, period});
  if (it == as_provider_.end())
    throw Error(ErrorCode::internal, "disclosure: no protected cell for the satisfaction of unit row " +
                                         std::to_string(unit) + " as a provider in period " + std::to_string(period));
  return it->second;
}

bool Publication::follow_up_hidden(std::uint32_t unit, std::int64_t quarter) const {
  if (open_quarters_.count(quarter)) return true;  // not published yet
  auto it = follow_up_cell_.find({unit, quarter});
  return it != follow_up_cell_.end() && hidden(it->second);
}

std::string Publication::withheld_reason(const std::string& label) const {
  for (const auto& [period, why] : summary_.withheld)
    if (period == label) return why;
  return {};
}

}  // namespace icm
