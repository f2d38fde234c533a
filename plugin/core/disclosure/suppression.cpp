#include "core/disclosure/suppression.hpp"

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
constexpr std::size_t kMaxPeopleSets = 4096;
constexpr std::size_t kMaxComponentRows = 64;

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

// Rank of a small dense integer matrix (fraction-free elimination). Throws Overflow.
std::size_t rank_of(std::vector<std::vector<Coef>> m) {
  std::size_t rank = 0;
  const std::size_t rows = m.size(), cols = rows ? m[0].size() : 0;
  for (std::size_t c = 0; c < cols && rank < rows; ++c) {
    std::size_t p = rank;
    while (p < rows && m[p][c] == 0) ++p;
    if (p == rows) continue;
    std::swap(m[p], m[rank]);
    for (std::size_t r = rank + 1; r < rows; ++r) {
      if (m[r][c] == 0) continue;
      Coef a = m[rank][c], b = m[r][c];
      const Coef g = std::gcd(a < 0 ? -a : a, b < 0 ? -b : b);
      a /= g, b /= g;
      Coef row_gcd = 0;
      for (std::size_t k = c; k < cols; ++k) {
        m[r][k] = narrow(static_cast<__int128>(a) * m[r][k] - static_cast<__int128>(b) * m[rank][k]);
        row_gcd = std::gcd(row_gcd, m[r][k] < 0 ? -m[r][k] : m[r][k]);
      }
      if (row_gcd > 1)
        for (std::size_t k = c; k < cols; ++k) m[r][k] /= row_gcd;
    }
    ++rank;
  }
  return rank;
}

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
    std::set<std::uint32_t> coords, rows_seen;
    std::vector<std::uint32_t> frontier;
    for (const Entry& e : v)
      if (coords.insert(e.at).second) frontier.push_back(e.at);
    while (!frontier.empty()) {
      const std::uint32_t c = frontier.back();
      frontier.pop_back();
      for (std::uint32_t r : rows_containing(c)) {
        if (!small_row(rows_[r]) || !rows_seen.insert(r).second) continue;
        if (component.size() >= kMaxComponentRows) {
          ++conservative_;
          return false;
        }
        component.push_back(&rows_[r].v);
        for (const Entry& e : rows_[r].v)
          if (coords.insert(e.at).second) frontier.push_back(e.at);
      }
    }
    const std::vector<std::uint32_t> z(coords.begin(), coords.end());

    // Every set of fewer than k respondents that is a union of the coordinates' respondents;
    // only the maximal ones need a test (a bigger set admits more coordinates).
    std::vector<std::vector<std::uint32_t>> bases;
    for (std::uint32_t c : z) bases.push_back(inner_[c].people);
    std::sort(bases.begin(), bases.end());
    bases.erase(std::unique(bases.begin(), bases.end()), bases.end());
    std::set<std::vector<std::uint32_t>> seen(bases.begin(), bases.end());
    std::vector<std::vector<std::uint32_t>> queue(bases.begin(), bases.end());
    std::vector<std::vector<std::uint32_t>> maximal;
    std::vector<std::uint32_t> u;
    for (std::size_t i = 0; i < queue.size(); ++i) {
      bool grows = false;
      for (const auto& q : bases) {
        u.clear();
        std::set_union(queue[i].begin(), queue[i].end(), q.begin(), q.end(), std::back_inserter(u));
        if (u.size() >= threshold_ || u.size() == queue[i].size()) continue;
        grows = true;
        if (seen.insert(u).second) {
          if (queue.size() >= kMaxPeopleSets) {
            ++conservative_;
            return false;
          }
          queue.push_back(u);
        }
      }
      if (!grows) maximal.push_back(queue[i]);
    }

    // For each maximal set P: is some nonzero combination of the component's rows supported on
    // the coordinates whose respondents lie within P? Exactly when the rows restricted to the
    // other coordinates lose rank.
    const std::size_t d = component.size();
    for (const auto& p : maximal) {
      std::vector<std::uint32_t> outside;
      for (std::uint32_t c : z)
        if (!std::includes(p.begin(), p.end(), inner_[c].people.begin(), inner_[c].people.end()))
          outside.push_back(c);
      if (outside.size() == z.size()) continue;
      if (outside.size() < d) return false;
      std::vector<std::vector<Coef>> m(d, std::vector<Coef>(outside.size(), 0));
      for (std::size_t r = 0; r < d; ++r)
        for (std::size_t k = 0; k < outside.size(); ++k) m[r][k] = coef_at(*component[r], outside[k]);
      if (rank_of(std::move(m)) < d) return false;
    }
    return true;
  }

  const std::vector<InnerCell>& inner_;
  std::uint64_t threshold_;
  std::vector<Row> rows_;
  std::vector<std::uint32_t> pivot_row_;            // coordinate -> row whose pivot it is
  std::vector<std::vector<std::uint32_t>> rows_with_;  // coordinate -> rows (may hold stale ids)
  std::vector<std::uint8_t> known_, small_;
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
