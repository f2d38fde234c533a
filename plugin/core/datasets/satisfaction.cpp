// The satisfaction and service_matrix datasets (DESIGN §5) over the publication's groups; which
// cells are shown is the publication's decision (disclosure/publication.hpp).
//
// Mixed scales: a group whose responses come on several scales is not rejected; its index (and
// the index interval, top/bottom box) combines the scales on index points weighted by n, while
// mean and sd, which are in scale units, are NULL for such a group (see stats/pooled.hpp).
#include <algorithm>
#include <numeric>
#include <span>
#include <tuple>

#include "core/datasets/datasets.hpp"
#include "core/privacy/publication.hpp"
#include "core/stats/nps.hpp"
#include "core/stats/pooled.hpp"
#include "core/stats/response_groups.hpp"

namespace icm {

namespace {

using stats::ResponseGroups;

// Dimensions order as listed in Settings::dimensions, unlisted ones after them by name.
std::vector<std::uint32_t> dimension_ranks(const Dictionary& dims, const Settings& settings) {
  std::vector<std::uint32_t> rank = ranks_by_text(dims.values());
  for (auto& r : rank) r += static_cast<std::uint32_t>(settings.dimensions.size());
  for (std::size_t i = 0; i < settings.dimensions.size(); ++i) {
    const std::uint32_t d = dims.find(settings.dimensions[i]);
    if (d != kNoIndex) rank[d] = static_cast<std::uint32_t>(i);
  }
  return rank;
}

// One output row: a group, or (customer == kNoIndex) the all-customers parent.
struct RowRef {
  std::uint32_t index;
  bool is_parent;
};

struct Ordering {
  std::vector<std::uint32_t> unit, period, dimension;
  auto key(const ResponseGroups& rg, RowRef r) const {
    if (r.is_parent) {
      const auto& p = rg.parents()[r.index];
      return std::make_tuple(unit[p.provider], period[p.period], 0u, 0u, dim(p.dimension));
    }
    const auto& g = rg.groups()[r.index];
    return std::make_tuple(unit[g.provider], period[g.period], 1u, unit[g.customer], dim(g.dimension));
  }
  std::uint32_t dim(std::uint8_t d) const {
    return d == ResponseGroups::kAllDimensions ? 0u : dimension[d];
  }
};

std::vector<RowRef> ordered_rows(const ResponseGroups& rg, const BuildContext& ctx, bool with_parents) {
  const Snapshot& s = ctx.snapshot;
  Ordering o{ranks_by_text(s.units.ids.values()), ranks_by_text(s.periods.values()),
             dimension_ranks(s.responses.dimensions, ctx.settings)};
  std::vector<RowRef> rows;
  rows.reserve(rg.groups().size() + (with_parents ? rg.parents().size() : 0));
  if (with_parents)
    for (std::uint32_t p = 0; p < rg.parents().size(); ++p) rows.push_back({p, true});
  for (std::uint32_t g = 0; g < rg.groups().size(); ++g) rows.push_back({g, false});
  std::sort(rows.begin(), rows.end(), [&](RowRef a, RowRef b) { return o.key(rg, a) < o.key(rg, b); });
  return rows;
}

// NPS (with its adjusted-Wald 95 % interval) is defined only on the 0–10 "would you recommend"
// scale; a group answered on any other scale, or on several, has none (NaN → NULL).
stats::Nps nps_of(const std::vector<stats::ScoreHistogram>& per_scale) {
  const stats::ScoreHistogram* only = nullptr;
  for (const auto& h : per_scale) {
    if (h.n() == 0) continue;
    if (only || h.lo() != 0 || h.hi() != 10) return stats::nps(0, 0, 0);
    only = &h;
  }
  return only ? stats::nps(*only) : stats::nps(0, 0, 0);
}

const char* all_customers_label(Lang lang) { return lang == Lang::zh ? "（全部）" : "(all)"; }

void add_key_columns(Table& t) {
  t.add_column("provider_id", ColumnType::text, "Provider ID", "服务部门编号");
  t.add_column("provider_name", ColumnType::text, "Provider", "服务部门");
  t.add_column("customer_id", ColumnType::text, "Customer ID", "客户部门编号");
  t.add_column("customer_name", ColumnType::text, "Customer", "客户部门");
  t.add_column("period", ColumnType::text, "Period", "期间");
}

void write_keys(Table::RowWriter& w, const BuildContext& ctx, std::uint32_t provider,
                std::uint32_t customer, std::uint16_t period) {
  const Snapshot& s = ctx.snapshot;
  w.text(s.units.ids.at(provider)).text(s.units.name.at(provider));
  if (customer == kNoIndex) w.null().text(all_customers_label(ctx.lang));
  else w.text(s.units.ids.at(customer)).text(s.units.name.at(customer));
  w.text(s.periods.at(period));
}

}  // namespace

Table build_satisfaction(const BuildContext& ctx) {
  const auto publication = publication_for(ctx);
  const ResponseGroups& rg = publication->groups();

  Table t("satisfaction");
  add_key_columns(t);
  t.add_column("dimension", ColumnType::text, "Dimension", "维度");
  t.add_column("respondents", ColumnType::integer, "Respondents", "答卷人数");
  t.add_column("n", ColumnType::integer, "Responses", "回答数");
  t.add_column("mean", ColumnType::real, "Mean", "平均分");
  t.add_column("sd", ColumnType::real, "Standard deviation", "标准差");
  t.add_column("index", ColumnType::real, "Index (0-100)", "满意度指数 (0-100)");
  t.add_column("ci_low", ColumnType::real, "Index 95% CI low", "指数 95% 置信下限");
  t.add_column("ci_high", ColumnType::real, "Index 95% CI high", "指数 95% 置信上限");
  t.add_column("top_box_pct", ColumnType::real, "Top box %", "高分比例 %");
  t.add_column("bottom_box_pct", ColumnType::real, "Bottom box %", "低分比例 %");
  t.add_column("nps", ColumnType::real, "NPS (0-10 scale)", "净推荐值 NPS（0-10 分制）");
  t.add_column("nps_low", ColumnType::real, "NPS 95% CI low (adjusted Wald)", "NPS 95% 置信下限（调整 Wald）");
  t.add_column("nps_high", ColumnType::real, "NPS 95% CI high (adjusted Wald)", "NPS 95% 置信上限（调整 Wald）");
  t.add_column("suppressed", ColumnType::boolean, "Suppressed (confidential)", "已隐藏（保密）");

  const auto& dims = ctx.snapshot.responses.dimensions;
  for (RowRef r : ordered_rows(rg, ctx, true)) {
    std::uint32_t provider, customer = kNoIndex, respondents;
    std::uint16_t period;
    std::uint8_t dimension;
    std::uint64_t n;
    bool hidden;
    if (r.is_parent) {
      const auto& p = rg.parents()[r.index];
      provider = p.provider, period = p.period, dimension = p.dimension;
      respondents = p.respondents, n = p.n, hidden = publication->parent_hidden(r.index);
    } else {
      const auto& g = rg.groups()[r.index];
      provider = g.provider, customer = g.customer, period = g.period, dimension = g.dimension;
      respondents = g.respondents, n = g.n, hidden = publication->group_hidden(r.index);
    }
    if (publication->withheld(period)) continue;  // not published yet (Settings::publish)
    auto w = t.append();
    write_keys(w, ctx, provider, customer, period);
    w.text(dims.at(dimension));
    if (hidden) {
      for (int i = 0; i < 12; ++i) w.null();
      w.boolean(true);
      continue;
    }
    const auto hist = r.is_parent ? rg.parent_histograms(r.index) : rg.histograms(r.index);
    const auto s = stats::summarise(hist, ctx.settings.top_box);
    const auto nps = nps_of(hist);
    w.integer(respondents).integer(static_cast<std::int64_t>(n));
    w.real(s.mean).real(s.sd).real(s.index).real(s.index_lo).real(s.index_hi);
    w.real(s.top_box_pct).real(s.bottom_box_pct);
    w.real(nps.score).real(nps.adjusted_wald.lo).real(nps.adjusted_wald.hi).boolean(false);
  }
  return t;
}

Table build_service_matrix(const BuildContext& ctx) {
  const auto publication = publication_for(ctx);
  const ResponseGroups& rg = publication->groups();
  const auto& cells = publication->service_matrix();
  const auto unit = ranks_by_text(ctx.snapshot.units.ids.values());
  const auto period = ranks_by_text(ctx.snapshot.periods.values());
  std::vector<std::size_t> order(cells.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](auto a, auto b) {
    const auto& x = cells[a];
    const auto& y = cells[b];
    return std::make_tuple(unit[x.provider], period[x.period], unit[x.customer]) <
           std::make_tuple(unit[y.provider], period[y.period], unit[y.customer]);
  });

  Table t("service_matrix");
  add_key_columns(t);
  t.add_column("respondents", ColumnType::integer, "Respondents", "答卷人数");
  t.add_column("n", ColumnType::integer, "Responses", "回答数");
  t.add_column("index", ColumnType::real, "Index (0-100)", "满意度指数 (0-100)");
  t.add_column("suppressed", ColumnType::boolean, "Suppressed (confidential)", "已隐藏（保密）");

  // Each cell is the overall dimension's group of a pair, or (when no answer has that dimension)
  // every dimension's groups of the pair pooled.
  std::vector<std::uint64_t> bins(rg.bin_width());
  for (std::size_t i : order) {
    const auto& m = cells[i];
    auto w = t.append();
    write_keys(w, ctx, m.provider, m.customer, m.period);
    if (m.hidden) {
      w.null().null().null().boolean(true);
      continue;
    }
    std::fill(bins.begin(), bins.end(), 0);
    for (auto g : m.groups) rg.accumulate(g, bins);
    const auto s = stats::summarise(rg.histograms_of(bins), ctx.settings.top_box);
    w.integer(static_cast<std::int64_t>(m.respondents)).integer(static_cast<std::int64_t>(m.n)).real(s.index).boolean(false);
  }
  return t;
}

}  // namespace icm
