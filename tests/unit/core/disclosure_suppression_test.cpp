// The secondary-suppression engine against worked cases and against a brute-force check of its
// guarantee on thousands of random linked tables. The check is written independently of the
// engine: ranks over the integers modulo the prime 2^61 − 1 (the engine eliminates exactly over
// the integers), and every set of small cells enumerated outright.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/privacy/suppression.hpp"

using icm::disclosure::CellState;
using icm::disclosure::InnerCell;
using icm::disclosure::protect;
using icm::disclosure::Protection;
using icm::disclosure::PublishedCell;

namespace {

using People = std::vector<std::uint32_t>;

// A small problem written as people per inner cell and supports per published cell; the
// respondents of a published cell are the distinct people of its support, counted here.
struct Problem {
  std::vector<People> people;  // per inner cell
  std::vector<std::vector<std::uint32_t>> supports;

  std::uint32_t inner(People p) {
    std::sort(p.begin(), p.end());
    people.push_back(p);
    return static_cast<std::uint32_t>(people.size() - 1);
  }
  std::size_t cell(std::vector<std::uint32_t> s) {
    std::sort(s.begin(), s.end());
    supports.push_back(s);
    return supports.size() - 1;
  }
  std::set<std::uint32_t> people_of(const std::vector<std::uint32_t>& s) const {
    std::set<std::uint32_t> u;
    for (auto c : s) u.insert(people[c].begin(), people[c].end());
    return u;
  }
  Protection run(int k) const {
    std::vector<InnerCell> in;
    for (const auto& p : people) in.push_back(InnerCell{p.size(), p.size() * 3, p});
    std::vector<PublishedCell> out;
    for (const auto& s : supports) {
      const auto u = people_of(s);
      std::uint64_t answers = 0;
      for (auto c : s) answers += people[c].size() * 3;
      out.push_back(PublishedCell{s, u.size(), answers});
    }
    return protect(in, out, k);
  }
};

People range(std::uint32_t from, std::uint32_t count) {
  People p;
  for (std::uint32_t i = 0; i < count; ++i) p.push_back(from + i);
  return p;
}

// --- independent check -------------------------------------------------------------------

constexpr std::uint64_t kP = (std::uint64_t{1} << 61) - 1;
std::uint64_t mulmod(std::uint64_t a, std::uint64_t b) {
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(a) * b) % kP);
}
std::uint64_t powmod(std::uint64_t a, std::uint64_t e) {
  std::uint64_t r = 1;
  for (; e; e >>= 1, a = mulmod(a, a))
    if (e & 1) r = mulmod(r, a);
  return r;
}
std::size_t rank_mod(std::vector<std::vector<std::uint64_t>> m) {
  std::size_t rank = 0;
  const std::size_t cols = m.empty() ? 0 : m[0].size();
  for (std::size_t c = 0; c < cols && rank < m.size(); ++c) {
    std::size_t p = rank;
    while (p < m.size() && m[p][c] == 0) ++p;
    if (p == m.size()) continue;
    std::swap(m[p], m[rank]);
    const std::uint64_t inv = powmod(m[rank][c], kP - 2);
    for (std::size_t r = 0; r < m.size(); ++r) {
      if (r == rank || m[r][c] == 0) continue;
      const std::uint64_t f = mulmod(m[r][c], inv);
      for (std::size_t k = 0; k < cols; ++k) m[r][k] = (m[r][k] + kP - mulmod(f, m[rank][k])) % kP;
    }
    ++rank;
  }
  return rank;
}

// Rows: indicators of the shown cells, restricted to the columns `keep`.
std::vector<std::vector<std::uint64_t>> shown_matrix(const Problem& pr, const Protection& p,
                                                     const std::vector<std::uint32_t>& keep) {
  std::vector<std::vector<std::uint64_t>> m;
  for (std::size_t i = 0; i < pr.supports.size(); ++i) {
    if (p.state[i] != CellState::shown) continue;
    std::vector<std::uint64_t> row(keep.size(), 0);
    for (std::size_t k = 0; k < keep.size(); ++k)
      if (std::binary_search(pr.supports[i].begin(), pr.supports[i].end(), keep[k])) row[k] = 1;
    m.push_back(row);
  }
  return m;
}

// Failures of the guarantee, as text (empty when it holds).
std::vector<std::string> violations(const Problem& pr, const Protection& p, int k) {
  std::vector<std::string> bad;
  const auto n = static_cast<std::uint32_t>(pr.people.size());
  std::vector<std::uint32_t> all(n);
  for (std::uint32_t i = 0; i < n; ++i) all[i] = i;
  const std::size_t rank_all = rank_mod(shown_matrix(pr, p, all));
  // 1. Shown cells have at least k respondents; suppressed ones are not determined.
  for (std::size_t i = 0; i < pr.supports.size(); ++i) {
    if (p.state[i] == CellState::shown) {
      if (pr.people_of(pr.supports[i]).size() < static_cast<std::size_t>(k))
        bad.push_back("cell " + std::to_string(i) + " shown below the threshold");
      continue;
    }
    auto m = shown_matrix(pr, p, all);
    std::vector<std::uint64_t> row(n, 0);
    for (auto c : pr.supports[i]) row[c] = 1;
    m.push_back(row);
    if (rank_mod(m) == rank_all) bad.push_back("suppressed cell " + std::to_string(i) + " is determined");
  }
  // 2. No nonzero combination of shown cells lives on a set of cells with fewer than k people:
  //    for each such set A, rank(M) == rank(M without A's columns).
  std::vector<std::uint32_t> small;
  for (std::uint32_t c = 0; c < n; ++c)
    if (pr.people[c].size() < static_cast<std::size_t>(k)) small.push_back(c);
  std::vector<std::uint32_t> chosen;
  std::function<void(std::size_t, std::set<std::uint32_t>)> walk = [&](std::size_t from, std::set<std::uint32_t> people) {
    if (!chosen.empty()) {
      std::vector<std::uint32_t> rest;
      for (std::uint32_t c = 0; c < n; ++c)
        if (!std::binary_search(chosen.begin(), chosen.end(), c)) rest.push_back(c);
      if (rank_mod(shown_matrix(pr, p, rest)) < rank_all) {
        std::string s = "determined combination on cells";
        for (auto c : chosen) s += " " + std::to_string(c);
        bad.push_back(s + " (" + std::to_string(people.size()) + " people)");
      }
    }
    for (std::size_t i = from; i < small.size(); ++i) {
      auto u = people;
      u.insert(pr.people[small[i]].begin(), pr.people[small[i]].end());
      if (u.size() >= static_cast<std::size_t>(k)) continue;
      chosen.push_back(small[i]);
      walk(i + 1, u);
      chosen.pop_back();
    }
  };
  walk(0, {});
  return bad;
}

}  // namespace

// Worked by hand. One family: a parent ("all customers") over its children.

TEST_CASE("children at or above the threshold are all shown", "[disclosure]") {
  Problem p;
  const auto a = p.inner(range(0, 5)), b = p.inner(range(10, 7)), c = p.inner(range(20, 8));
  p.cell({a}), p.cell({b}), p.cell({c});
  const auto parent = p.cell({a, b, c});
  const auto r = p.run(5);
  CHECK(r.primary == 0);
  CHECK(r.secondary == 0);
  CHECK(r.state[parent] == CellState::shown);
}

TEST_CASE("one small child costs the smallest sibling, never the parent", "[disclosure]") {
  // Children of 6, 2, 7, 6 respondents under a parent of 21. The 2 is primary; showing the other
  // three would give it as parent − siblings, so the last of them in priority order (the second
  // 6) is suppressed. Viva Glint's rule hides the smallest visible sibling the same way.
  Problem p;
  const auto a = p.inner(range(0, 6)), b = p.inner(range(10, 2)), c = p.inner(range(20, 7)),
             d = p.inner(range(30, 6));
  const auto ca = p.cell({a}), cb = p.cell({b}), cc = p.cell({c}), cd = p.cell({d});
  const auto parent = p.cell({a, b, c, d});
  const auto r = p.run(5);
  CHECK(r.state[cb] == CellState::primary);
  CHECK(r.state[parent] == CellState::shown);
  CHECK(r.state[cc] == CellState::shown);
  CHECK(r.state[ca] == CellState::shown);  // ties go to the earlier cell
  CHECK(r.state[cd] == CellState::secondary);
  CHECK(r.secondary == 1);
  CHECK(violations(p, r, 5).empty());
}

TEST_CASE("hidden small siblings that together stay below the threshold pull in more", "[disclosure]") {
  // 1, 9, 1, 2, 6 under 19: the three small ones total 4 people < 5, so their union may not be
  // derivable either: the 6 goes too, the 9 stays.
  Problem p;
  const auto a = p.inner(range(0, 1)), b = p.inner(range(10, 9)), c = p.inner(range(20, 1)),
             d = p.inner(range(30, 2)), e = p.inner(range(40, 6));
  const auto ca = p.cell({a}), cb = p.cell({b}), cc = p.cell({c}), cd = p.cell({d}), ce = p.cell({e});
  p.cell({a, b, c, d, e});
  const auto r = p.run(5);
  CHECK(r.state[ca] == CellState::primary);
  CHECK(r.state[cc] == CellState::primary);
  CHECK(r.state[cd] == CellState::primary);
  CHECK(r.state[cb] == CellState::shown);
  CHECK(r.state[ce] == CellState::secondary);
  CHECK(violations(p, r, 5).empty());
}

TEST_CASE("small siblings whose union reaches the threshold protect each other", "[disclosure]") {
  // 3 + 4 = 7 people ≥ 5: parent − 15 gives their union, which is allowed; neither alone.
  Problem p;
  const auto a = p.inner(range(0, 3)), b = p.inner(range(10, 4)), c = p.inner(range(20, 15));
  const auto ca = p.cell({a}), cb = p.cell({b}), cc = p.cell({c});
  p.cell({a, b, c});
  const auto r = p.run(5);
  CHECK(r.state[ca] == CellState::primary);
  CHECK(r.state[cb] == CellState::primary);
  CHECK(r.state[cc] == CellState::shown);
  CHECK(r.secondary == 0);
  CHECK(violations(p, r, 5).empty());
}

TEST_CASE("the same few people in two small cells are one small group", "[disclosure]") {
  // Two cells answered by the same 3 people have a union of 3: their sum may not be derivable,
  // though two cells of 3 different people each (6) could be.
  Problem p;
  const auto a = p.inner({0, 1, 2}), b = p.inner({0, 1, 2}), c = p.inner(range(10, 20));
  p.cell({a}), p.cell({b});
  const auto cc = p.cell({c});
  const auto parent = p.cell({a, b, c});
  const auto r = p.run(5);
  CHECK(r.state[parent] == CellState::shown);
  CHECK(r.state[cc] == CellState::secondary);
  CHECK(violations(p, r, 5).empty());
}

TEST_CASE("a parent below the threshold hides with its children, and cannot be rebuilt", "[disclosure]") {
  Problem p;
  const auto a = p.inner(range(0, 2)), b = p.inner(range(10, 2));
  const auto ca = p.cell({a}), cb = p.cell({b}), parent = p.cell({a, b});
  const auto r = p.run(5);
  CHECK(r.state[ca] == CellState::primary);
  CHECK(r.state[cb] == CellState::primary);
  CHECK(r.state[parent] == CellState::primary);
}

TEST_CASE("linked tables: a small cell behind both margins of a two-way table", "[disclosure]") {
  // Providers × customers with both margins shown (the satisfaction all-customers rows and the
  // units' pooled satisfaction): the only way to keep a (2 people) is to hide every inner cell
  // of the 2 × 2 block — margins are worth more than any single inner cell.
  Problem p;
  const auto a = p.inner(range(0, 2)), b = p.inner(range(10, 10)), c = p.inner(range(20, 10)),
             d = p.inner(range(30, 10));
  const auto ca = p.cell({a}), cb = p.cell({b}), cc = p.cell({c}), cd = p.cell({d});
  const auto r1 = p.cell({a, b}), r2 = p.cell({c, d}), k1 = p.cell({a, c}), k2 = p.cell({b, d});
  const auto r = p.run(5);
  CHECK(r.state[ca] == CellState::primary);
  for (auto m : {r1, r2, k1, k2}) CHECK(r.state[m] == CellState::shown);
  for (auto x : {cb, cc, cd}) CHECK(r.state[x] == CellState::secondary);
  CHECK(violations(p, r, 5).empty());
}

TEST_CASE("a unit tree: department minus its visible teams", "[disclosure]") {
  // A department's pooled satisfaction over its teams; one team of 2. The department total and
  // the visible teams would give the small team, so another team is hidden (not the department).
  Problem p;
  const auto t1 = p.inner(range(0, 2)), t2 = p.inner(range(10, 8)), t3 = p.inner(range(20, 12));
  const auto c1 = p.cell({t1}), c2 = p.cell({t2}), c3 = p.cell({t3});
  const auto dept = p.cell({t1, t2, t3});
  const auto r = p.run(5);
  CHECK(r.state[c1] == CellState::primary);
  CHECK(r.state[dept] == CellState::shown);
  CHECK(r.state[c3] == CellState::shown);
  CHECK(r.state[c2] == CellState::secondary);
  CHECK(violations(p, r, 5).empty());
}

TEST_CASE("threshold 1 publishes everything; the threshold must be positive", "[disclosure]") {
  Problem p;
  const auto a = p.inner({0}), b = p.inner({1});
  p.cell({a}), p.cell({b}), p.cell({a, b});
  const auto r = p.run(1);
  CHECK(r.primary == 0);
  CHECK(r.secondary == 0);
  CHECK_THROWS(p.run(0));
}

// Random linked tables: providers × customers in a random unit tree, several dimensions, some
// customers tiny, people shared between a team's cells. Published: every inner cell, each
// provider's all-customers row per dimension, each customer subtree's total over providers on
// one dimension (the units dataset), and some provider totals (appraisal). The guarantee must
// hold on every one.
TEST_CASE("random linked tables: the guarantee holds on every case", "[disclosure][property]") {
  std::mt19937_64 rng(20261202);
  auto below = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  int cases = 0, with_secondary = 0;
  for (int round = 0; round < 1500; ++round) {
    const int k = 3 + below(3);
    const int providers = 1 + below(3), customers = 1 + below(6), dims = 1 + below(2);
    std::vector<int> parent(static_cast<std::size_t>(customers), -1);
    for (int c = 1; c < customers; ++c) parent[static_cast<std::size_t>(c)] = below(2) ? below(c) : -1;
    // People per customer: many tiny teams.
    std::vector<People> team(static_cast<std::size_t>(customers));
    std::uint32_t next_person = 0;
    for (auto& t : team) {
      const int size = below(3) ? 1 + below(4) : 4 + below(10);
      for (int i = 0; i < size; ++i) t.push_back(next_person++);
    }
    Problem p;
    std::map<std::tuple<int, int, int>, std::uint32_t> cell_of;
    for (int d = 0; d < dims; ++d)
      for (int pr = 0; pr < providers; ++pr)
        for (int c = 0; c < customers; ++c) {
          if (below(4) == 0) continue;  // not every customer rates every provider
          People who;
          for (auto person : team[static_cast<std::size_t>(c)])
            if (below(5)) who.push_back(person);
          if (who.empty()) who.push_back(team[static_cast<std::size_t>(c)][0]);
          cell_of[{d, pr, c}] = p.inner(who);
        }
    std::set<std::vector<std::uint32_t>> seen;
    auto publish = [&](std::vector<std::uint32_t> s) {
      std::sort(s.begin(), s.end());
      if (!s.empty() && seen.insert(s).second) p.cell(s);
    };
    for (const auto& [key, id] : cell_of) publish({id});
    for (int d = 0; d < dims; ++d)
      for (int pr = 0; pr < providers; ++pr) {
        std::vector<std::uint32_t> s;
        for (int c = 0; c < customers; ++c)
          if (auto it = cell_of.find({d, pr, c}); it != cell_of.end()) s.push_back(it->second);
        publish(s);
      }
    auto in_subtree = [&](int c, int root) {
      for (int u = c; u != -1; u = parent[static_cast<std::size_t>(u)])
        if (u == root) return true;
      return false;
    };
    for (int root = 0; root < customers; ++root) {
      std::vector<std::uint32_t> s;
      for (const auto& [key, id] : cell_of)
        if (std::get<0>(key) == 0 && in_subtree(std::get<2>(key), root)) s.push_back(id);
      publish(s);
    }
    if (providers > 1) {
      std::vector<std::uint32_t> s;
      for (const auto& [key, id] : cell_of)
        if (std::get<0>(key) == 0 && std::get<1>(key) < 2) s.push_back(id);
      publish(s);
    }
    if (p.supports.empty()) continue;
    const auto r = p.run(k);
    ++cases;
    if (r.secondary > 0) ++with_secondary;
    const auto bad = violations(p, r, k);
    INFO("round " << round << ", k = " << k);
    for (const auto& b : bad) INFO(b);
    CHECK(bad.empty());
    CHECK(r.conservative == 0);
  }
  CHECK(cases > 1000);
  CHECK(with_secondary > cases / 10);  // the cases do exercise secondary suppression
}
