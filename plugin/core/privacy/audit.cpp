#include "core/privacy/audit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <sstream>

#include <coin/Clp_C_Interface.h>

#include "core/error.hpp"

namespace icm::audit {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// --- reading published tables, typed or all text (CSV) -------------------------------------

class Reader {
 public:
  Reader(const Table& t) : t_(t) {}
  int col(const std::string& name) const { return t_.find(name); }
  bool null(int c, std::size_t r) const {
    if (c < 0 || t_.is_null(static_cast<std::size_t>(c), r)) return true;
    const Column& col = t_.column(static_cast<std::size_t>(c));
    return col.type == ColumnType::text && col.texts[r].empty();
  }
  std::string text(int c, std::size_t r) const {
    return null(c, r) ? std::string() : t_.cell_text(static_cast<std::size_t>(c), r);
  }
  double num(int c, std::size_t r) const {
    if (null(c, r)) return kNaN;
    const Column& col = t_.column(static_cast<std::size_t>(c));
    switch (col.type) {
      case ColumnType::real: return col.reals[r];
      case ColumnType::integer:
      case ColumnType::boolean: return static_cast<double>(col.ints[r]);
      case ColumnType::text: {
        char* end = nullptr;
        const double v = std::strtod(col.texts[r].c_str(), &end);
        return end != nullptr && *end == '\0' ? v : kNaN;
      }
    }
    return kNaN;
  }
  bool flag(int c, std::size_t r) const {
    if (null(c, r)) return false;
    const Column& col = t_.column(static_cast<std::size_t>(c));
    if (col.type != ColumnType::text) return num(c, r) != 0;
    const std::string& v = col.texts[r];
    return v == "1" || v == "true" || v == "yes";
  }
  std::size_t rows() const { return t_.rows(); }

 private:
  const Table& t_;
};

// --- arithmetic modulo 2^61 − 1 -------------------------------------------------------------

std::uint64_t add(std::uint64_t a, std::uint64_t b) { return (a + b) % kPrime; }
std::uint64_t sub(std::uint64_t a, std::uint64_t b) { return (a + kPrime - b) % kPrime; }
std::uint64_t mul(std::uint64_t a, std::uint64_t b) {
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(a) * b) % kPrime);
}
std::uint64_t inverse(std::uint64_t a) {
  std::uint64_t r = 1, e = kPrime - 2;
  for (; e; e >>= 1, a = mul(a, a))
    if (e & 1) r = mul(r, a);
  return r;
}
// A residue read back as the small signed integer it stands for (NaN when it is not small).
double lift(std::uint64_t v) {
  constexpr std::uint64_t kSmall = std::uint64_t{1} << 40;
  if (v < kSmall) return static_cast<double>(v);
  if (kPrime - v < kSmall) return -static_cast<double>(kPrime - v);
  return kNaN;
}

// The fraction p/q (smallest q ≤ max_q) equal to v up to the precision of a printed double.
bool as_fraction(double v, std::uint64_t max_q, double& p_out, std::uint64_t& q_out) {
  if (!std::isfinite(v)) return false;
  const double tol = 1e-12 * std::max(1.0, std::fabs(v));
  double x = v;
  long double p0 = 0, q0 = 1, p1 = 1, q1 = 0;  // convergents
  for (int i = 0; i < 64; ++i) {
    const double a = std::floor(x);
    const long double p2 = a * p1 + p0, q2 = a * q1 + q0;
    if (q2 > static_cast<long double>(max_q)) return false;
    if (std::fabs(static_cast<double>(p2 / q2) - v) <= tol) {
      p_out = static_cast<double>(p2);
      q_out = static_cast<std::uint64_t>(q2);
      return true;
    }
    const double frac = x - a;
    if (frac <= 0) return false;
    x = 1.0 / frac;
    p0 = p1, q0 = q1, p1 = p2, q1 = q2;
  }
  return false;
}

// --- the model an attacker rebuilds -----------------------------------------------------------

struct Group {  // a finest group: a satisfaction row with a customer, or a unit's follow-up row
  std::string dataset, key;
  std::string provider, customer, period, dimension;
  bool hidden = false;
  double n = kNaN, sum = kNaN, respondents = kNaN;  // sum = n × index (index points)
  bool n_read = false;  // n read off a mean (follow-up rows), not printed
};

struct Cell {  // a published cell over several groups
  std::string dataset, key;
  std::vector<std::uint32_t> support;
  bool hidden = false;
  double n = kNaN, sum = kNaN, respondents = kNaN;
  bool n_read = false;     // n was read off the mean (a fraction), not printed
  double index = kNaN;     // a shown mean without its n (units, appraisal, follow-ups)
  double index_scale = 0;  // for such a cell: index × index_scale / 100 is an integer over n
  bool family = false;     // an all-customers row: its respondents add up over its groups
};

struct Model {
  std::vector<Group> groups;
  std::vector<Cell> cells;  // aggregates; every group is also a cell of its own (see below)
  std::vector<std::string> notes;
};

// Index points to scale units: for the dimension, index = 100 (mean − lo) / width. Read off two
// shown rows with different means; 0 when the rows do not tell.
double scale_width(const Reader& r, const std::string& dimension) {
  const int dim = r.col("dimension"), mean = r.col("mean"), index = r.col("index"), sup = r.col("suppressed");
  double m0 = kNaN, i0 = kNaN;
  for (std::size_t row = 0; row < r.rows(); ++row) {
    if (r.text(dim, row) != dimension || r.flag(sup, row)) continue;
    const double m = r.num(mean, row), i = r.num(index, row);
    if (std::isnan(m) || std::isnan(i)) continue;
    if (std::isnan(m0)) {
      m0 = m, i0 = i;
    } else if (std::fabs(i - i0) > 1e-6) {
      return std::round(100 * (m - m0) / (i - i0));
    }
  }
  return 0;
}

std::vector<std::uint32_t> sorted(std::vector<std::uint32_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

Model build_model(const std::map<std::string, Table>& published, const Options& o) {
  Model m;
  auto find = [&](const char* name) -> const Table* {
    auto it = published.find(name);
    if (it == published.end()) {
      m.notes.push_back(std::string("dataset ") + name + " not given: its cells are not in the model");
      return nullptr;
    }
    return &it->second;
  };

  // Finest survey groups and the all-customers rows.
  std::map<std::tuple<std::string, std::string, std::string, std::string>, std::uint32_t> group_of;
  double overall_width = 0;
  bool has_overall = false;
  if (const Table* t = find("satisfaction")) {
    const Reader r(*t);
    const int p = r.col("provider_id"), c = r.col("customer_id"), per = r.col("period"), d = r.col("dimension"),
              n = r.col("n"), idx = r.col("index"), resp = r.col("respondents"), sup = r.col("suppressed");
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<std::size_t>> parents;
    for (std::size_t row = 0; row < r.rows(); ++row) {
      Group g;
      g.provider = r.text(p, row), g.customer = r.text(c, row), g.period = r.text(per, row),
      g.dimension = r.text(d, row);
      if (g.dimension == o.overall_dimension) has_overall = true;
      if (r.null(c, row)) {
        parents[{g.provider, g.period, g.dimension}].push_back(row);
        continue;
      }
      g.dataset = "satisfaction";
      g.key = g.provider + "|" + g.customer + "|" + g.period + "|" + g.dimension;
      g.hidden = r.flag(sup, row);
      if (!g.hidden) g.n = r.num(n, row), g.sum = g.n * r.num(idx, row), g.respondents = r.num(resp, row);
      group_of[{g.provider, g.customer, g.period, g.dimension}] = static_cast<std::uint32_t>(m.groups.size());
      m.groups.push_back(std::move(g));
    }
    for (const auto& [key, rows] : parents) {
      std::vector<std::uint32_t> support;
      for (std::uint32_t gi = 0; gi < m.groups.size(); ++gi) {
        const Group& g = m.groups[gi];
        if (g.provider == std::get<0>(key) && g.period == std::get<1>(key) && g.dimension == std::get<2>(key))
          support.push_back(gi);
      }
      for (std::size_t row : rows) {
        Cell cell;
        cell.dataset = "satisfaction";
        cell.key = std::get<0>(key) + "|*|" + std::get<1>(key) + "|" + std::get<2>(key);
        cell.support = support;
        cell.hidden = r.flag(sup, row);
        cell.family = true;
        if (!cell.hidden) cell.n = r.num(n, row), cell.sum = cell.n * r.num(idx, row), cell.respondents = r.num(resp, row);
        if (!support.empty()) m.cells.push_back(std::move(cell));
      }
    }
    overall_width = scale_width(r, o.overall_dimension);
  }
  auto groups_where = [&](auto pred) {
    std::vector<std::uint32_t> out;
    for (std::uint32_t gi = 0; gi < m.groups.size(); ++gi)
      if (m.groups[gi].dataset == "satisfaction" && pred(m.groups[gi])) out.push_back(gi);
    return out;
  };

  if (const Table* t = find("service_matrix")) {
    const Reader r(*t);
    const int p = r.col("provider_id"), c = r.col("customer_id"), per = r.col("period"), n = r.col("n"),
              idx = r.col("index"), resp = r.col("respondents"), sup = r.col("suppressed");
    for (std::size_t row = 0; row < r.rows(); ++row) {
      Cell cell;
      cell.dataset = "service_matrix";
      const std::string pv = r.text(p, row), cv = r.text(c, row), tv = r.text(per, row);
      cell.key = pv + "|" + cv + "|" + tv;
      cell.support = groups_where([&](const Group& g) {
        return g.provider == pv && g.customer == cv && g.period == tv && (!has_overall || g.dimension == o.overall_dimension);
      });
      cell.hidden = r.flag(sup, row);
      if (!cell.hidden) cell.n = r.num(n, row), cell.sum = cell.n * r.num(idx, row), cell.respondents = r.num(resp, row);
      if (!cell.support.empty()) m.cells.push_back(std::move(cell));
    }
  }

  // The unit tree, from units.parent_id.
  std::map<std::string, std::string> parent_of;
  auto in_subtree = [&](std::string u, const std::string& root) {
    for (std::size_t steps = 0; !u.empty() && steps <= parent_of.size(); ++steps) {
      if (u == root) return true;
      auto it = parent_of.find(u);
      u = it == parent_of.end() ? std::string() : it->second;
    }
    return false;
  };
  if (const Table* t = find("units")) {
    const Reader r(*t);
    const int id = r.col("unit_id"), parent = r.col("parent_id"), sat = r.col("satisfaction"),
              sup = r.col("satisfaction_suppressed");
    for (std::size_t row = 0; row < r.rows(); ++row) parent_of[r.text(id, row)] = r.text(parent, row);
    for (std::size_t row = 0; row < r.rows(); ++row) {
      const std::string u = r.text(id, row);
      auto mine = groups_where([&](const Group& g) {
        return g.dimension == o.overall_dimension && in_subtree(g.customer, u);
      });
      std::string latest;
      for (auto gi : mine) latest = std::max(latest, m.groups[gi].period);
      Cell cell;
      cell.dataset = "units";
      cell.key = u;
      for (auto gi : mine)
        if (m.groups[gi].period == latest) cell.support.push_back(gi);
      cell.hidden = r.flag(sup, row);
      cell.index = r.num(sat, row);
      cell.index_scale = overall_width;
      if (!cell.support.empty() && (cell.hidden || !std::isnan(cell.index))) m.cells.push_back(std::move(cell));
    }
  }

  if (const Table* t = find("appraisal")) {
    const Reader r(*t);
    const int subject = r.col("subject_id"), per = r.col("period"), sat = r.col("customer_satisfaction"),
              sup = r.col("suppressed");
    if (sat < 0) m.notes.push_back("appraisal has no customer_satisfaction column: no survey cells in it");
    for (std::size_t row = 0; sat >= 0 && row < r.rows(); ++row) {
      const std::string u = r.text(subject, row), tv = r.text(per, row);
      if (!parent_of.count(u)) continue;  // an employee subject has no survey as provider
      Cell cell;
      cell.dataset = "appraisal";
      cell.key = u + "|" + tv;
      cell.support = groups_where([&](const Group& g) {
        return g.dimension == o.overall_dimension && g.period == tv && in_subtree(g.provider, u);
      });
      cell.hidden = r.flag(sup, row);
      cell.index = r.num(sat, row);
      cell.index_scale = overall_width;
      if (!cell.support.empty() && (cell.hidden || !std::isnan(cell.index))) m.cells.push_back(std::move(cell));
    }
  }

  // Follow-up satisfaction: each unit's row is a finest group, '*' sums its quarter's.
  if (const Table* t = find("complaints")) {
    const Reader r(*t);
    const int unit = r.col("unit_id"), per = r.col("period"), sat = r.col("follow_up_satisfaction"),
              sup = r.col("suppressed");
    std::vector<std::size_t> totals;
    std::map<std::string, std::vector<std::uint32_t>> by_period;
    for (std::size_t row = 0; row < r.rows(); ++row) {
      const bool hidden = r.flag(sup, row);
      const double index = r.num(sat, row);
      if (!hidden && std::isnan(index)) continue;  // no follow-up score: no data
      if (r.text(unit, row) == "*") {
        totals.push_back(row);
        continue;
      }
      Group g;
      g.dataset = "complaints";
      g.customer = r.text(unit, row), g.period = r.text(per, row);
      g.key = g.customer + "|" + g.period;
      g.hidden = hidden;
      by_period[g.period].push_back(static_cast<std::uint32_t>(m.groups.size()));
      m.groups.push_back(g);
      // A group's own row shows only a mean: give it as a cell so its n can be read off it.
      Cell own;
      own.dataset = "complaints";
      own.key = g.key;
      own.support = {static_cast<std::uint32_t>(m.groups.size() - 1)};
      own.hidden = hidden;
      own.index = index;
      own.index_scale = 2520;  // any follow-up scale of width 1 … 10: index points are k/2520·100
      m.cells.push_back(own);
    }
    for (std::size_t row : totals) {
      Cell cell;
      cell.dataset = "complaints";
      cell.key = "*|" + r.text(per, row);
      cell.support = by_period[r.text(per, row)];
      cell.hidden = r.flag(sup, row);
      cell.index = r.num(sat, row);
      cell.index_scale = 2520;
      if (!cell.support.empty()) m.cells.push_back(std::move(cell));
    }
  }
  for (auto& c : m.cells) c.support = sorted(c.support);
  return m;
}

// Reads n (and the sum of index points) of shown cells that print only a mean: the mean is a
// fraction whose denominator divides n; n is its smallest multiple that leaves every hidden
// group of the cell at least one answer.
void read_means(Model& m) {
  double total = 0;
  for (const auto& g : m.groups)
    if (!std::isnan(g.n)) total += g.n;
  const auto max_q = static_cast<std::uint64_t>(std::max(1e6, 4 * total));
  for (auto& c : m.cells) {
    if (c.hidden || !std::isnan(c.n) || std::isnan(c.index) || c.index_scale <= 0) continue;
    double p = 0;
    std::uint64_t q = 0;
    if (!as_fraction(c.index * c.index_scale / 100.0, max_q, p, q)) continue;
    double floor_n = 0;
    for (auto gi : c.support) floor_n += std::isnan(m.groups[gi].n) ? 1 : m.groups[gi].n;
    const double k = std::max(1.0, std::ceil(floor_n / static_cast<double>(q)));
    c.n = k * static_cast<double>(q);
    c.sum = c.n * c.index;
    c.n_read = true;
  }
  // A shown follow-up group's own row is its only source of n.
  for (const auto& c : m.cells)
    if (c.support.size() == 1 && c.dataset == "complaints" && !c.hidden) {
      Group& g = m.groups[c.support[0]];
      if (std::isnan(g.n)) g.n = c.n, g.sum = c.sum, g.n_read = true;
    }
}

// --- linear programs (COIN-OR CLP) ------------------------------------------------------------

// One linear program: columns ≥ 0, rows with bounds; load() once, then fix/unfix columns and
// optimise one column at a time, each solve starting from the last basis.
class Lp {
 public:
  static constexpr double kInf = 1e30;
  explicit Lp(int cols) : cols_(cols), entries_(static_cast<std::size_t>(cols)) {}
  Lp(const Lp&) = delete;
  Lp& operator=(const Lp&) = delete;
  ~Lp() {
    if (model_ != nullptr) Clp_deleteModel(model_);
  }
  void row(const std::vector<std::pair<int, double>>& coefs, double lo, double hi) {
    const int r = static_cast<int>(row_lo_.size());
    for (const auto& [c, v] : coefs) entries_[static_cast<std::size_t>(c)].push_back({r, v});
    row_lo_.push_back(lo);
    row_hi_.push_back(hi);
  }
  void load() {
    std::vector<CoinBigIndex> start{0};
    std::vector<int> index;
    std::vector<double> value;
    for (const auto& col : entries_) {
      for (const auto& [r, v] : col) index.push_back(r), value.push_back(v);
      start.push_back(static_cast<CoinBigIndex>(index.size()));
    }
    lo_.assign(static_cast<std::size_t>(cols_), 0.0);
    hi_.assign(static_cast<std::size_t>(cols_), kInf);
    const std::vector<double> obj(static_cast<std::size_t>(cols_), 0.0);
    model_ = Clp_newModel();
    Clp_setLogLevel(model_, 0);
    Clp_loadProblem(model_, cols_, static_cast<int>(row_lo_.size()), start.data(), index.data(), value.data(),
                    lo_.data(), hi_.data(), obj.data(), row_lo_.data(), row_hi_.data());
  }
  void fix(int col, double at) {
    lo_[static_cast<std::size_t>(col)] = hi_[static_cast<std::size_t>(col)] = at;
    bounds();
  }
  void unfix(int col) {
    lo_[static_cast<std::size_t>(col)] = 0, hi_[static_cast<std::size_t>(col)] = kInf;
    bounds();
  }
  // direction +1 maximises, −1 minimises the column; false when not solved to optimality.
  bool optimise(int col, int direction, double& value) {
    std::vector<double> obj(static_cast<std::size_t>(cols_), 0.0);
    obj[static_cast<std::size_t>(col)] = 1;
    Clp_chgObjCoefficients(model_, obj.data());
    Clp_setOptimizationDirection(model_, direction > 0 ? -1.0 : 1.0);
    Clp_primal(model_, 0);
    if (Clp_status(model_) != 0) return false;
    value = Clp_primalColumnSolution(model_)[col];
    return true;
  }

 private:
  void bounds() {
    Clp_chgColumnLower(model_, lo_.data());
    Clp_chgColumnUpper(model_, hi_.data());
  }
  int cols_;
  std::vector<std::vector<std::pair<int, double>>> entries_;
  std::vector<double> row_lo_, row_hi_, lo_, hi_;
  Clp_Simplex* model_ = nullptr;
};

// --- the attacker's algebra -----------------------------------------------------------------

struct Equation {  // a shown cell, restricted to its hidden groups
  std::uint32_t cell;
  std::vector<std::uint32_t> hidden;  // groups
  double n = kNaN, sum = kNaN, respondents = kNaN;  // minus the shown groups' part
  bool n_read = false;  // some n in it was read off a mean: a guess, not a printed number
  double shown_n = 0, shown_sum = 0;  // the shown groups' part
};

struct Block {
  std::vector<std::uint32_t> vars;  // hidden groups
  std::vector<std::uint32_t> equations;
  // Reduced echelon rows over vars, each with its combination of `equations`.
  std::vector<std::vector<std::uint64_t>> rows, combos;
  std::vector<std::size_t> pivot;  // column of each row
};

class Attacker {
 public:
  explicit Attacker(Model m) : m_(std::move(m)) {
    read_means(m_);
    for (std::uint32_t ci = 0; ci < m_.cells.size(); ++ci) {
      const Cell& c = m_.cells[ci];
      if (c.hidden) continue;
      Equation e;
      e.cell = ci;
      e.n = c.n, e.sum = c.sum, e.respondents = c.family ? c.respondents : kNaN;
      e.n_read = c.n_read;
      for (auto gi : c.support) {
        const Group& g = m_.groups[gi];
        if (g.hidden) {
          e.hidden.push_back(gi);
        } else {
          e.n -= g.n, e.sum -= g.sum;
          e.shown_n += g.n, e.shown_sum += g.sum;
          e.respondents -= g.respondents;
          e.n_read = e.n_read || g.n_read;
        }
      }
      if (!e.hidden.empty()) eqs_.push_back(std::move(e));
    }
    build_blocks();
  }

  const Model& model() const { return m_; }
  std::size_t equations() const { return eqs_.size(); }

  Report report(int k, double width) {
    Report rep;
    for (const auto& g : m_.groups) rep.hidden_groups += g.hidden;
    rep.groups = m_.groups.size();
    rep.cells = m_.groups.size() + m_.cells.size();
    rep.hidden_cells = rep.hidden_groups;
    for (const auto& c : m_.cells) rep.hidden_cells += c.hidden;
    rep.equations = eqs_.size();
    rep.notes = m_.notes;
    std::set<std::pair<std::string, std::vector<std::uint32_t>>> seen;
    auto add = [&](Finding f, const std::vector<std::uint32_t>& members) {
      if (!seen.insert({f.kind + "|" + f.dataset + "|" + f.key, members}).second) return;
      for (auto gi : members) f.groups.push_back(m_.groups[gi].key);
      rep.findings.push_back(std::move(f));
    };

    // Hidden groups, and hidden cells over several groups.
    for (std::uint32_t gi = 0; gi < m_.groups.size(); ++gi)
      if (m_.groups[gi].hidden) try_target("cell", m_.groups[gi].dataset, m_.groups[gi].key, {gi}, add);
    for (const Cell& c : m_.cells) {
      if (!c.hidden) continue;
      std::vector<std::uint32_t> hidden;
      for (auto gi : c.support)
        if (m_.groups[gi].hidden) hidden.push_back(gi);
      if (hidden.empty()) {  // every part shown: the sum is simply theirs
        Finding f{"cell", c.dataset, c.key, {}, 0, kNaN, kNaN, false, "sum of its shown groups"};
        double sum = 0;
        for (auto gi : c.support) {
          f.answers += m_.groups[gi].n, sum += m_.groups[gi].sum;
          f.approximate = f.approximate || m_.groups[gi].n_read;
        }
        f.index = sum / f.answers;
        add(f, c.support);
        continue;
      }
      if (c.support.size() > 1) try_target("cell", c.dataset, c.key, hidden, add);
    }

    // Unions that are visibly small.
    auto small = [&](double n, double resp) {
      return (!std::isnan(n) && n < k) || (!std::isnan(resp) && resp < k);
    };
    // Only printed numbers count as evidence of smallness: an n read off a mean is a guess.
    auto union_finding = [&](const std::vector<std::uint32_t>& members, double n, double sum, double resp,
                             bool n_read, std::string how) {
      if (members.size() < 2 || !small(n_read ? kNaN : n, resp)) return;
      const Group& first = m_.groups[members[0]];
      add(Finding{"union", first.dataset, "", {}, n, sum / n, resp, false, std::move(how)}, members);
    };
    for (const Equation& e : eqs_)
      union_finding(e.hidden, e.n, e.sum, e.respondents, e.n_read, "hidden part of " + label(e.cell));
    for (const Equation& e : eqs_)
      for (const Equation& f : eqs_) {
        if (&e == &f || f.hidden.size() >= e.hidden.size() ||
            !std::includes(e.hidden.begin(), e.hidden.end(), f.hidden.begin(), f.hidden.end()))
          continue;
        std::vector<std::uint32_t> diff;
        std::set_difference(e.hidden.begin(), e.hidden.end(), f.hidden.begin(), f.hidden.end(), std::back_inserter(diff));
        union_finding(diff, e.n - f.n, e.sum - f.sum, e.respondents - f.respondents, e.n_read || f.n_read,
                      label(e.cell) + " minus " + label(f.cell));
      }
    for (const Block& b : blocks_)
      for (std::size_t r = 0; r < b.rows.size(); ++r) {
        std::vector<std::uint32_t> members;
        bool unit = true;
        for (std::size_t v = 0; v < b.vars.size(); ++v) {
          if (b.rows[r][v] == 0) continue;
          unit = unit && b.rows[r][v] == 1;
          members.push_back(b.vars[v]);
        }
        if (!unit) continue;
        double n = 0, sum = 0;
        bool read = false;
        for (std::size_t e = 0; e < b.equations.size(); ++e) {
          const double y = lift(b.combos[r][e]);
          if (y == 0) continue;
          n += y * eqs_[b.equations[e]].n, sum += y * eqs_[b.equations[e]].sum;
          read = read || eqs_[b.equations[e]].n_read;
        }
        union_finding(members, n, sum, kNaN, read, "a combination of shown cells");
      }
    if (width > 0) intervals(width, rep, add);
    return rep;
  }

  std::vector<Space> spaces() const {
    std::vector<Space> out;
    for (const Block& b : blocks_) {
      Space s;
      for (auto gi : b.vars) s.groups.push_back(m_.groups[gi].key);
      s.basis = b.rows;
      out.push_back(std::move(s));
    }
    return out;
  }

 private:
  std::string label(std::uint32_t cell) const { return m_.cells[cell].dataset + " " + m_.cells[cell].key; }

  // Feasibility intervals, as τ-ARGUS audits: for each hidden survey group, the least and
  // greatest mean index its answers can have given every shown cell, each hidden group holding at
  // least one answer and every answer's index between 0 and 100. A linear-fractional program,
  // made linear by Charnes–Cooper scaling: variables t, t·n_j, t·s_j, with t·n_i = 1. n is taken
  // as real, so an interval can only come out wider than the integer truth.
  static constexpr std::size_t kMaxIntervalGroups = 400;
  template <class Add>
  void intervals(double width, Report& rep, Add& add) {
    for (const Block& b : blocks_) {
      if (b.vars.empty() || m_.groups[b.vars[0]].dataset != "satisfaction") continue;
      if (b.vars.size() > kMaxIntervalGroups) {
        rep.notes.push_back("feasibility intervals not computed for a block of " + std::to_string(b.vars.size()) +
                            " hidden groups (more than " + std::to_string(kMaxIntervalGroups) + ")");
        continue;
      }
      const int v = static_cast<int>(b.vars.size());
      auto n_col = [](int j) { return 1 + j; };
      auto s_col = [v](int j) { return 1 + v + j; };
      Lp lp(1 + 2 * v);
      for (auto ei : b.equations) {
        const Equation& e = eqs_[ei];
        const Cell& c = m_.cells[e.cell];
        std::vector<std::pair<int, double>> n_row, s_row;
        for (auto gi : e.hidden) {
          const int j = static_cast<int>(column_.at(gi));
          n_row.push_back({n_col(j), 1.0});
          s_row.push_back({s_col(j), 1.0});
        }
        if (!c.n_read && !std::isnan(e.n) && !std::isnan(e.sum)) {  // n and sum printed
          n_row.push_back({0, -e.n});
          s_row.push_back({0, -e.sum});
          lp.row(n_row, 0, 0);
          lp.row(s_row, 0, 0);
        } else if (!std::isnan(c.index)) {  // only the mean x: Σ s − x Σ n = x N_shown − S_shown
          for (auto& [col, coef] : n_row) s_row.push_back({col, -c.index * coef});
          s_row.push_back({0, -(c.index * e.shown_n - e.shown_sum)});
          lp.row(s_row, 0, 0);
        }
      }
      for (int j = 0; j < v; ++j) {
        lp.row({{n_col(j), 1.0}, {0, -1.0}}, 0, Lp::kInf);               // n_j ≥ 1
        lp.row({{n_col(j), 100.0}, {s_col(j), -1.0}}, 0, Lp::kInf);      // s_j ≤ 100 n_j
      }
      lp.load();
      for (int i = 0; i < v; ++i) {
        lp.fix(n_col(i), 1.0);  // t·n_i = 1: s_i is then the mean index
        double from = 0, to = 0;
        const bool ok = lp.optimise(s_col(i), +1, to) && lp.optimise(s_col(i), -1, from);
        lp.unfix(n_col(i));
        if (!ok) continue;
        if (from > to + 1e-6 || from < -1e-6 || to > 100 + 1e-6) {
          rep.notes.push_back("feasibility interval of " + m_.groups[b.vars[static_cast<std::size_t>(i)]].key +
                              " not trusted (solver gave " + std::to_string(from) + " … " + std::to_string(to) + ")");
          continue;
        }
        if (to - from > width + 1e-7) continue;  // solver precision
        const Group& g = m_.groups[b.vars[static_cast<std::size_t>(i)]];
        Finding f{"interval", g.dataset, g.key, {}, kNaN, (from + to) / 2, kNaN, false,
                  "shown cells bound its mean index"};
        f.low = from, f.high = to;
        add(f, {b.vars[static_cast<std::size_t>(i)]});
      }
    }
  }

  void build_blocks() {
    // Union-find over hidden groups linked by an equation.
    std::vector<std::uint32_t> up(m_.groups.size());
    std::iota(up.begin(), up.end(), 0u);
    auto root = [&](std::uint32_t x) {
      while (up[x] != x) x = up[x] = up[up[x]];
      return x;
    };
    for (const auto& e : eqs_)
      for (auto gi : e.hidden) up[root(gi)] = root(e.hidden[0]);
    std::map<std::uint32_t, std::size_t> block_of;
    block_.assign(m_.groups.size(), kNoBlock);
    for (std::uint32_t gi = 0; gi < m_.groups.size(); ++gi) {
      if (!m_.groups[gi].hidden) continue;
      auto [it, fresh] = block_of.emplace(root(gi), blocks_.size());
      if (fresh) blocks_.emplace_back();
      block_[gi] = it->second;
      column_[gi] = blocks_[it->second].vars.size();
      blocks_[it->second].vars.push_back(gi);
    }
    for (std::uint32_t ei = 0; ei < eqs_.size(); ++ei) blocks_[block_[eqs_[ei].hidden[0]]].equations.push_back(ei);
    for (Block& b : blocks_) eliminate(b);
  }

  void eliminate(Block& b) {
    const std::size_t nv = b.vars.size(), ne = b.equations.size();
    std::vector<std::vector<std::uint64_t>> rows(ne, std::vector<std::uint64_t>(nv, 0)),
        combos(ne, std::vector<std::uint64_t>(ne, 0));
    for (std::size_t e = 0; e < ne; ++e) {
      for (auto gi : eqs_[b.equations[e]].hidden) rows[e][column_.at(gi)] = 1;
      combos[e][e] = 1;
    }
    std::size_t rank = 0;
    for (std::size_t c = 0; c < nv && rank < ne; ++c) {
      std::size_t p = rank;
      while (p < ne && rows[p][c] == 0) ++p;
      if (p == ne) continue;
      std::swap(rows[p], rows[rank]);
      std::swap(combos[p], combos[rank]);
      const std::uint64_t inv = inverse(rows[rank][c]);
      for (auto& x : rows[rank]) x = mul(x, inv);
      for (auto& x : combos[rank]) x = mul(x, inv);
      for (std::size_t r = 0; r < ne; ++r) {
        if (r == rank || rows[r][c] == 0) continue;
        const std::uint64_t f = rows[r][c];
        for (std::size_t k = 0; k < nv; ++k) rows[r][k] = sub(rows[r][k], mul(f, rows[rank][k]));
        for (std::size_t k = 0; k < ne; ++k) combos[r][k] = sub(combos[r][k], mul(f, combos[rank][k]));
      }
      b.pivot.push_back(c);
      ++rank;
    }
    rows.resize(rank);
    combos.resize(rank);
    b.rows = std::move(rows);
    b.combos = std::move(combos);
  }

  // Is the sum over `members` (hidden groups, one block) determined? Adds a finding if so.
  template <class Add>
  void try_target(const char* kind, const std::string& dataset, const std::string& key,
                  const std::vector<std::uint32_t>& members, Add& add) {
    const std::size_t bi = block_[members[0]];
    for (auto gi : members)
      if (block_[gi] != bi) return;  // spans blocks: each part would have to be determined
    if (bi == kNoBlock) return;
    const Block& b = blocks_[bi];
    std::vector<std::uint64_t> t(b.vars.size(), 0), y(b.equations.size(), 0);
    for (auto gi : members) t[column_.at(gi)] = 1;
    for (std::size_t r = 0; r < b.rows.size(); ++r) {
      const std::uint64_t f = t[b.pivot[r]];
      if (f == 0) continue;
      for (std::size_t k = 0; k < t.size(); ++k) t[k] = sub(t[k], mul(f, b.rows[r][k]));
      for (std::size_t k = 0; k < y.size(); ++k) y[k] = add_mod(y[k], mul(f, b.combos[r][k]));
    }
    if (std::any_of(t.begin(), t.end(), [](std::uint64_t v) { return v != 0; })) return;
    Finding f{kind, dataset, key, {}, 0, kNaN, kNaN, false, ""};
    double sum = 0;
    for (std::size_t e = 0; e < y.size(); ++e) {
      if (y[e] == 0) continue;
      const double c = lift(y[e]);
      const Equation& eq = eqs_[b.equations[e]];
      f.answers += c * eq.n, sum += c * eq.sum;
      f.approximate = f.approximate || eq.n_read;
      f.how += (f.how.empty() ? "" : " ") + std::string(c < 0 ? "−" : "+") +
               (std::fabs(c) == 1 ? "" : std::to_string(static_cast<long long>(std::fabs(c)))) + label(eq.cell);
    }
    f.index = sum / f.answers;
    if (!(f.answers > 0)) f.answers = f.index = kNaN;  // a guessed n that does not add up
    add(f, members);
  }
  static std::uint64_t add_mod(std::uint64_t a, std::uint64_t b) { return add(a, b); }

  static constexpr std::size_t kNoBlock = static_cast<std::size_t>(-1);
  Model m_;
  std::vector<Equation> eqs_;
  std::vector<Block> blocks_;
  std::vector<std::size_t> block_;
  std::map<std::uint32_t, std::size_t> column_;
};

}  // namespace

Report audit(const std::map<std::string, Table>& published, const Options& options) {
  Attacker a(build_model(published, options));
  return a.report(options.min_group_size, options.width);
}

std::vector<Space> determined(const std::map<std::string, Table>& published, const Options& options) {
  return Attacker(build_model(published, options)).spaces();
}

namespace {

// One CSV record (RFC 4180 quoting); false at end of input.
bool read_record(std::istream& in, std::vector<std::string>& fields, std::size_t& line, const std::string& path) {
  fields.clear();
  std::string field;
  bool quoted = false, any = false;
  for (char ch; in.get(ch);) {
    any = true;
    if (quoted) {
      if (ch == '"') {
        if (in.peek() == '"') field += static_cast<char>(in.get());
        else quoted = false;
      } else {
        if (ch == '\n') ++line;
        field += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (ch == '\n') {
      ++line;
      fields.push_back(std::move(field));
      return true;
    } else if (ch != '\r') {
      field += ch;
    }
  }
  if (quoted) throw Error(ErrorCode::data, path + ":" + std::to_string(line) + ": unterminated quoted field");
  if (any) fields.push_back(std::move(field));
  return any;
}

}  // namespace

std::map<std::string, Table> read_csv_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir)) throw Error(ErrorCode::not_found, "folder of published tables not found: " + dir);
  std::map<std::string, Table> out;
  for (const char* name : {"units", "satisfaction", "service_matrix", "appraisal", "complaints"}) {
    const fs::path path = fs::path(dir) / (std::string(name) + ".csv");
    if (!fs::exists(path)) continue;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCode::io, "cannot read " + path.string());
    std::size_t line = 1;
    std::vector<std::string> header, fields;
    if (!read_record(in, header, line, path.string()))
      throw Error(ErrorCode::data, path.string() + ": empty file (expected a header of column names)");
    Table t(name);
    for (const auto& h : header) t.add_column(h, ColumnType::text, h, h);
    while (read_record(in, fields, line, path.string())) {
      if (fields.size() == 1 && fields[0].empty()) continue;
      if (fields.size() != header.size())
        throw Error(ErrorCode::data, path.string() + ":" + std::to_string(line - 1) + ": " +
                                         std::to_string(fields.size()) + " fields, the header has " +
                                         std::to_string(header.size()));
      auto w = t.append();
      for (auto& f : fields) f.empty() ? w.null() : w.text(std::move(f));
    }
    out.emplace(name, std::move(t));
  }
  if (out.empty()) throw Error(ErrorCode::not_found, "no published tables (units.csv, satisfaction.csv, …) in " + dir);
  return out;
}

}  // namespace icm::audit
