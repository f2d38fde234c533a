#include "core/privacy/suppression.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <set>

#include "core/error.hpp"

namespace icm::disclosure {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// Budgets of the exact safety check; past them a candidate is suppressed (safe, but more loss).
constexpr std::size_t kMaxComponentRows = 256;

using Coef = std::int64_t;
struct Entry {
  std::uint32_t at;
  Coef c;
};
using Vec = std::vector<Entry>;  // sparse vector, sorted by coordinate, no zeros

struct Overflow {};  // a coefficient left int64: the caller falls back to suppressing

Coef narrow(__int128 v) {
  if (v > std::numeric_limits<Coef>::max() || v < -std::numeric_limits<Coef>::max()) throw Overflow{};
  return static_cast<Coef>(v);
}

void normalise(Vec& v) {
  Coef g = 0;
  for (const Entry& e : v) g = std::gcd(g, e.c < 0 ? -e.c : e.c);
  if (g > 1)
    for (Entry& e : v) e.c /= g;
}

Coef coef_at(const Vec& v, std::uint32_t at) {
  auto it = std::lower_bound(v.begin(), v.end(), at, [](const Entry& e, std::uint32_t a) { return e.at < a; });
  return it != v.end() && it->at == at ? it->c : 0;
}

// x with coordinate `at` eliminated by row r (which has a nonzero there): r[at]·x − x[at]·r.
Vec eliminate(const Vec& x, std::uint32_t at, const Vec& r) {
  Coef a = coef_at(r, at), b = coef_at(x, at);
  const Coef g = std::gcd(a < 0 ? -a : a, b < 0 ? -b : b);
  a /= g, b /= g;
  Vec out;
  out.reserve(x.size() + r.size());
  std::size_t i = 0, j = 0;
  while (i < x.size() || j < r.size()) {
    if (j == r.size() || (i < x.size() && x[i].at < r[j].at)) {
      out.push_back({x[i].at, narrow(static_cast<__int128>(a) * x[i].c)});
      ++i;
    } else if (i == x.size() || r[j].at < x[i].at) {
      out.push_back({r[j].at, narrow(-static_cast<__int128>(b) * r[j].c)});
      ++j;
    } else {
      const __int128 v = static_cast<__int128>(a) * x[i].c - static_cast<__int128>(b) * r[j].c;
      if (v != 0) out.push_back({x[i].at, narrow(v)});
      ++i, ++j;
    }
  }
  normalise(out);
  return out;
}

// Respondents of each coordinate of one component (sorted ids; fewer than k each, since every
// coordinate is a small cell).
using PeopleSets = std::vector<std::vector<std::uint32_t>>;

// A dense matrix of independent rows over a component's coordinates, each row with a pivot
// column that no other row has a nonzero in.
struct Dense {
  std::size_t rows = 0, cols = 0;
  std::vector<Coef> a;
  std::vector<std::size_t> pivot;  // per row
  std::vector<std::size_t> id;     // per column: the coordinate it stands for
  // Drops the columns that are zero in every row.
  void compact() {
    std::vector<std::size_t> keep;
    for (std::size_t c = 0; c < cols; ++c)
      if (active(c)) keep.push_back(c);
    if (keep.size() == cols) return;
    std::vector<std::size_t> where(cols, 0);
    for (std::size_t i = 0; i < keep.size(); ++i) where[keep[i]] = i;
    std::vector<Coef> b(rows * keep.size());
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t i = 0; i < keep.size(); ++i) b[r * keep.size() + i] = at(r, keep[i]);
    for (auto& p : pivot) p = where[p];
    std::vector<std::size_t> ids(keep.size());
    for (std::size_t i = 0; i < keep.size(); ++i) ids[i] = id[keep[i]];
    a = std::move(b), id = std::move(ids), cols = keep.size();
  }
  Coef& at(std::size_t r, std::size_t c) { return a[r * cols + c]; }
  Coef at(std::size_t r, std::size_t c) const { return a[r * cols + c]; }
  bool active(std::size_t c) const {
    for (std::size_t r = 0; r < rows; ++r)
      if (at(r, c) != 0) return true;
    return false;
  }
  // row r ← x·row r − y·row p, so that column c of row r becomes 0 (row p has a nonzero there).
  void eliminate(std::size_t r, std::size_t p, std::size_t c) {
    Coef x = at(p, c), y = at(r, c);
    const Coef g = std::gcd(x < 0 ? -x : x, y < 0 ? -y : y);
    x /= g, y /= g;
    Coef row_gcd = 0;
    for (std::size_t k = 0; k < cols; ++k) {
      Coef& v = at(r, k);
      v = narrow(static_cast<__int128>(x) * v - static_cast<__int128>(y) * at(p, k));
      row_gcd = std::gcd(row_gcd, v < 0 ? -v : v);
    }
    if (row_gcd > 1)
      for (std::size_t k = 0; k < cols; ++k) at(r, k) /= row_gcd;
  }
  void drop(std::size_t p) {  // row order does not matter: the last row takes its place
    if (p + 1 != rows) {
      std::copy(a.begin() + static_cast<std::ptrdiff_t>((rows - 1) * cols), a.begin() + static_cast<std::ptrdiff_t>(rows * cols),
                a.begin() + static_cast<std::ptrdiff_t>(p * cols));
      pivot[p] = pivot[rows - 1];
    }
    --rows;
    a.resize(rows * cols);
    pivot.resize(rows);
  }
  // Gives every row a pivot (the nonzero column `better` prefers), eliminating it elsewhere.
  template <class Better>
  void make_pivots(Better better) {
    pivot.assign(rows, 0);
    for (std::size_t r = 0; r < rows; ++r) {
      std::size_t best = cols;
      for (std::size_t c = 0; c < cols; ++c)
        if (at(r, c) != 0 && (best == cols || better(c, best))) best = c;
      pivot[r] = best;
      for (std::size_t o = 0; o < rows; ++o)
        if (o != r && at(o, best) != 0) eliminate(o, r, best);
    }
  }
  // Restricts to the combinations that are zero at column c. The row given up is the one whose
  // pivot c is, or else one with a nonzero at c: it had zeros at the other rows' pivots, so they
  // stay theirs alone. Throws Overflow.
  void vanish_at(std::size_t c) {
    std::size_t p = rows;
    for (std::size_t r = 0; r < rows && p == rows; ++r)
      if (pivot[r] == c) p = r;
    for (std::size_t r = 0; r < rows && p == rows; ++r)
      if (at(r, c) != 0) p = r;
    if (p == rows) return;
    for (std::size_t r = 0; r < rows; ++r)
      if (r != p && at(r, c) != 0) eliminate(r, p, c);
    drop(p);
  }
};

// Is there a nonzero combination of independent rows whose nonzero coordinates were answered by
// fewer than k people in all? Branch and bound over the coordinates: a coordinate either is
// zero in the combination (the rows are restricted to that) or adds its respondents to those
// already forced; coordinates whose respondents would reach k together with the forced ones must
// be zero, which is where the search prunes. Exact; gives up past a node budget.
class SmallSupport {
 public:
  enum class Answer { none, found, gave_up };
  SmallSupport(const PeopleSets& people, std::uint64_t k) : people_(people), k_(k) {}

  Answer exists(Dense m) {
    try {
      // Pivots where the most people are: the first to be ruled out once some are forced.
      m.id.resize(m.cols);
      for (std::size_t c = 0; c < m.cols; ++c) m.id[c] = c;
      m.make_pivots([&](std::size_t c, std::size_t best) { return people_[c].size() > people_[best].size(); });
      return search(std::move(m), {}) ? Answer::found : Answer::none;
    } catch (const GaveUp&) {
      return Answer::gave_up;
    }
  }

 private:
  struct GaveUp {};
  static constexpr std::size_t kMaxNodes = 20000;

  // Respondents of column c not yet among `forced` (both sorted; at most k − 1 of each).
  static std::size_t added(const std::vector<std::uint32_t>& forced, const std::vector<std::uint32_t>& q) {
    std::size_t n = 0, i = 0;
    for (std::uint32_t who : q) {
      while (i < forced.size() && forced[i] < who) ++i;
      n += i == forced.size() || forced[i] != who;
    }
    return n;
  }

  bool search(Dense m, std::vector<std::uint32_t> forced) {
    if (++nodes_ > kMaxNodes) throw GaveUp{};
    // Coordinates that cannot join the forced respondents must be zero: a row whose pivot is one
    // of them goes at once, the other columns are eliminated.
    std::vector<std::uint8_t> out(m.cols, 0);
    for (std::size_t c = 0; c < m.cols; ++c) out[c] = forced.size() + added(forced, people_[m.id[c]]) >= k_;
    for (std::size_t r = m.rows; r-- > 0;)
      if (out[m.pivot[r]]) m.drop(r);
    for (std::size_t c = 0; c < m.cols && m.rows > 0; ++c)
      if (out[c] && m.active(c)) m.vanish_at(c);
    if (m.rows == 0) return false;
    m.compact();
    // Fewer than k people over every column left: any combination is small.
    std::vector<std::uint32_t> all = forced;
    for (std::size_t c = 0; c < m.cols && all.size() < k_; ++c)
      for (std::uint32_t who : people_[m.id[c]]) {
        auto it = std::lower_bound(all.begin(), all.end(), who);
        if (it == all.end() || *it != who) all.insert(it, who);
      }
    if (all.size() < k_) return true;
    // Branch on the column that adds the most people (there is one, or `all` would be `forced`).
    std::size_t pick = 0, gain = 0;
    for (std::size_t c = 0; c < m.cols; ++c) {
      const std::size_t more = added(forced, people_[m.id[c]]);
      if (more > gain) gain = more, pick = c;
    }
    Dense zero = m;
    zero.vanish_at(pick);
    if (search(std::move(zero), forced)) return true;
    std::vector<std::uint32_t> more;
    const auto& q = people_[m.id[pick]];
    std::set_union(forced.begin(), forced.end(), q.begin(), q.end(), std::back_inserter(more));
    return search(std::move(m), std::move(more));
  }

  const PeopleSets& people_;
  std::uint64_t k_;
  std::size_t nodes_ = 0;
};

// The span of the shown cells, over the inner cells not shown ("unknown" coordinates), in reduced
// row-echelon form: each row has a pivot coordinate that no other row contains. Coordinates of
// inner cells below the threshold ("small") come last in the column order, so a row whose pivot
// is small has no other kind of coordinate: those rows span exactly the determined combinations
// of small cells, the only thing the guarantee is about.
class Span {
 public:
  Span(const std::vector<InnerCell>& inner, int threshold)
      : inner_(inner), threshold_(static_cast<std::uint64_t>(threshold)), pivot_row_(inner.size(), kNone),
        rows_with_(inner.size()), known_(inner.size(), 0), small_(inner.size(), 0) {
    for (std::size_t c = 0; c < inner.size(); ++c) {
      small_[c] = inner[c].respondents < threshold_;
      ICM_REQUIRE(!small_[c] || inner[c].people.size() == inner[c].respondents,
                  "disclosure: an inner cell below the threshold must list its respondents");
    }
  }

  std::size_t conservative() const { return conservative_; }

  // Shows the cell if that keeps the guarantee; returns whether it was shown.
  bool try_show(const std::vector<std::uint32_t>& support) {
    try {
      if (support.size() == 1 && !small_[support[0]]) return try_know(support[0]);
      Vec x;
      for (std::uint32_t c : support)
        if (!known_[c]) x.push_back({c, 1});
      x = reduce(std::move(x));
      if (x.empty()) return true;  // already determined by what is shown: nothing new
      if (has_big(x)) {
        insert_row(std::move(x));
        return true;
      }
      if (!safe_with(x)) return false;
      insert_row(std::move(x));
      return true;
    } catch (const Overflow&) {
      ++conservative_;
      return false;  // every step that can overflow runs before the span is changed
    }
  }

 private:
  struct Row {
    Vec v;
    std::uint32_t pivot = kNone;
    bool live = false;
  };

  bool has_big(const Vec& v) const {
    return std::any_of(v.begin(), v.end(), [&](const Entry& e) { return !small_[e.at]; });
  }
  bool small_row(const Row& r) const { return r.live && small_[r.pivot]; }

  Vec reduce(Vec x) const {
    std::vector<std::uint32_t> pivots;
    for (const Entry& e : x)
      if (pivot_row_[e.at] != kNone) pivots.push_back(e.at);
    for (std::uint32_t p : pivots) x = eliminate(x, p, rows_[pivot_row_[p]].v);
    return x;
  }

  // Live rows that contain coordinate c (drops stale entries on the way).
  const std::vector<std::uint32_t>& rows_containing(std::uint32_t c) {
    auto& list = rows_with_[c];
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](std::uint32_t r) { return !rows_[r].live || coef_at(rows_[r].v, c) == 0; }),
               list.end());
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    return list;
  }

  // Pivot: a big coordinate when there is one (column order), else a small one; among those the
  // one in the fewest rows, so that elimination touches as little as possible.
  std::uint32_t choose_pivot(const Vec& v) {
    const bool big = has_big(v);
    std::uint32_t best = kNone;
    std::size_t best_rows = 0;
    for (const Entry& e : v) {
      if (small_[e.at] == big) continue;
      const std::size_t n = rows_containing(e.at).size();
      if (best == kNone || n < best_rows) best = e.at, best_rows = n;
    }
    return best;
  }

  // Adding a row is prepared (everything that can overflow is computed) and then committed, so a
  // failure leaves the span as it was.
  struct Insertion {
    Vec x;
    std::uint32_t pivot = kNone;
    std::vector<std::uint32_t> others;  // rows that contain the pivot, and what they become
    std::vector<Vec> updated;
  };

  // x is reduced (no pivot coordinates) and nonzero; `skip` is a row about to be dropped.
  Insertion prepare_insert(Vec x, std::uint32_t skip = kNone) {
    Insertion ins;
    ins.pivot = choose_pivot(x);
    for (std::uint32_t r : rows_containing(ins.pivot))
      if (r != skip) ins.others.push_back(r);
    for (std::uint32_t r : ins.others) ins.updated.push_back(eliminate(rows_[r].v, ins.pivot, x));
    ins.x = std::move(x);
    return ins;
  }

  void commit_insert(Insertion ins) {
    for (std::size_t i = 0; i < ins.others.size(); ++i) {
      rows_[ins.others[i]].v = std::move(ins.updated[i]);
      for (const Entry& e : rows_[ins.others[i]].v) rows_with_[e.at].push_back(ins.others[i]);
    }
    const auto id = static_cast<std::uint32_t>(rows_.size());
    for (const Entry& e : ins.x) rows_with_[e.at].push_back(id);
    pivot_row_[ins.pivot] = id;
    rows_.push_back(Row{std::move(ins.x), ins.pivot, true});
  }

  void insert_row(Vec x) { commit_insert(prepare_insert(std::move(x))); }

  // Shows the inner cell j itself (j is not small): its coordinate leaves the span.
  bool try_know(std::uint32_t j) {
    if (known_[j]) return true;
    const std::uint32_t b = pivot_row_[j];
    Insertion ins;
    if (b != kNone) {
      Vec rest;
      for (const Entry& e : rows_[b].v)
        if (e.at != j) rest.push_back(e);
      // The row loses its last big coordinate: what remains becomes a determined combination of
      // small cells.
      if (!rest.empty() && !has_big(rest) && !safe_with(rest)) return false;
      // RREF rows hold no other row's pivot, so `rest` is reduced as it stands.
      normalise(rest);
      if (!rest.empty()) ins = prepare_insert(std::move(rest), b);
    }
    // Commit: nothing below can overflow.
    known_[j] = 1;
    if (b != kNone) {
      rows_[b].live = false;
      rows_[b].v.clear();
      pivot_row_[j] = kNone;
    }
    if (ins.pivot != kNone) {
      for (std::size_t i = 0; i < ins.others.size(); ++i) {
        rows_[ins.others[i]].v = std::move(ins.updated[i]);
        for (const Entry& e : rows_[ins.others[i]].v) rows_with_[e.at].push_back(ins.others[i]);
      }
      ins.others.clear();
      ins.updated.clear();
    }
    for (std::uint32_t r : rows_containing(j)) {
      auto& v = rows_[r].v;
      v.erase(std::remove_if(v.begin(), v.end(), [&](const Entry& e) { return e.at == j; }), v.end());
      normalise(v);
    }
    rows_with_[j].clear();
    if (ins.pivot != kNone) commit_insert(std::move(ins));
    return true;
  }

  // Would adding the small-only row v (reduced, nonzero) keep the guarantee? Looks at the rows
  // connected to v through shared coordinates: a combination of rows of several components is
  // small only if each component's part is.
  bool safe_with(const Vec& v) {
    std::vector<const Vec*> component{&v};
    std::vector<std::uint32_t> coords, frontier, rows_seen;
    auto visit = [&](std::uint32_t c) {
      if (mark_[c] != epoch_) mark_[c] = epoch_, coords.push_back(c), frontier.push_back(c);
    };
    ++epoch_;
    for (const Entry& e : v) visit(e.at);
    while (!frontier.empty()) {
      const std::uint32_t c = frontier.back();
      frontier.pop_back();
      for (std::uint32_t r : rows_with_[c]) {
        if (!small_row(rows_[r]) || std::find(rows_seen.begin(), rows_seen.end(), r) != rows_seen.end()) continue;
        if (component.size() >= kMaxComponentRows) {
          ++conservative_;
          return false;
        }
        rows_seen.push_back(r);
        component.push_back(&rows_[r].v);
        for (const Entry& e : rows_[r].v) visit(e.at);
      }
    }
    std::sort(coords.begin(), coords.end());
    // The component as a dense matrix over its coordinates, and each coordinate's respondents
    // as a bit set over the component's people.
    Dense m;
    m.rows = component.size(), m.cols = coords.size();
    m.a.assign(m.rows * m.cols, 0);
    for (std::size_t r = 0; r < component.size(); ++r)
      for (const Entry& e : *component[r])
        m.at(r, static_cast<std::size_t>(std::lower_bound(coords.begin(), coords.end(), e.at) - coords.begin())) = e.c;
    PeopleSets people;
    people.reserve(coords.size());
    for (std::uint32_t c : coords) people.push_back(inner_[c].people);
    SmallSupport search(people, threshold_);
    switch (search.exists(std::move(m))) {
      case SmallSupport::Answer::none: return true;
      case SmallSupport::Answer::found: return false;
      case SmallSupport::Answer::gave_up: break;
    }
    ++conservative_;
    return false;
  }

  const std::vector<InnerCell>& inner_;
  std::uint64_t threshold_;
  std::vector<Row> rows_;
  std::vector<std::uint32_t> pivot_row_;            // coordinate -> row whose pivot it is
  std::vector<std::vector<std::uint32_t>> rows_with_;  // coordinate -> rows (may hold stale ids)
  std::vector<std::uint8_t> known_, small_;
  std::vector<std::uint32_t> mark_ = std::vector<std::uint32_t>(inner_.size(), 0);
  std::uint32_t epoch_ = 0;
  std::size_t conservative_ = 0;
};

}  // namespace

Protection protect(const std::vector<InnerCell>& inner, const std::vector<PublishedCell>& cells,
                   int threshold) {
  ICM_REQUIRE(threshold >= 1, "suppression threshold must be at least 1");
  const auto k = static_cast<std::uint64_t>(threshold);
  Protection out;
  out.state.assign(cells.size(), CellState::shown);
  std::vector<std::uint32_t> candidates;
  for (std::uint32_t i = 0; i < cells.size(); ++i) {
    ICM_REQUIRE(!cells[i].support.empty(), "disclosure: a published cell with no inner cells");
    for (std::uint32_t c : cells[i].support) ICM_REQUIRE(c < inner.size(), "disclosure: inner cell out of range");
    if (cells[i].respondents < k) {
      out.state[i] = CellState::primary;
      ++out.primary;
    } else {
      candidates.push_back(i);
    }
  }
  // Most informative first, so the cells given up are the ones with fewest respondents and
  // answers; among equals, those that sum more inner cells (GaussSuppression's default order).
  std::stable_sort(candidates.begin(), candidates.end(), [&](std::uint32_t a, std::uint32_t b) {
    const auto& x = cells[a];
    const auto& y = cells[b];
    if (x.respondents != y.respondents) return x.respondents > y.respondents;
    if (x.answers != y.answers) return x.answers > y.answers;
    return x.support.size() > y.support.size();
  });
  Span span(inner, threshold);
  for (std::uint32_t i : candidates) {
    if (span.try_show(cells[i].support)) continue;
    out.state[i] = CellState::secondary;
    ++out.secondary;
  }
  out.conservative = span.conservative();
  return out;
}

}  // namespace icm::disclosure
