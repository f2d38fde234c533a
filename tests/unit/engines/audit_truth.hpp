// For tests that hold the truth: what every face would show of a snapshot, and a check of it that
// uses the auditor's view of the published tables together with the snapshot's own answers.
//
// breaches() fails a publication when the auditor (seeing only the tables) finds anything, or
// when some nonzero combination of hidden groups that the shown cells determine lives on groups
// answered by fewer than k people in all — counted here from the snapshot's rows, not from
// anything icm computed. Ranks are taken modulo 2^61 − 1 by code of its own.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/engines/complaints.hpp"
#include "core/datasets/datasets.hpp"
#include "core/privacy/audit.hpp"
#include "core/privacy/publication.hpp"

namespace icm_test {

using People = std::vector<std::uint32_t>;

// Every dataset an opinion appears in, as the faces show them.
inline std::map<std::string, icm::Table> published(const icm::Snapshot& s, const icm::Settings& st) {
  const icm::BuildContext ctx{s, st, icm::Lang::en, icm::Publication::protect(s, st)};
  std::map<std::string, icm::Table> out;
  for (const char* name : {"units", "satisfaction", "service_matrix", "appraisal", "complaints"})
    out.emplace(name, icm::build_dataset(name, ctx));
  return out;
}

// The respondents of each finest group, by the auditor's keys, straight from the rows.
inline std::map<std::string, People> truth(const icm::Snapshot& s) {
  std::map<std::string, std::set<std::uint32_t>> sets;
  const auto& r = s.responses;
  for (std::size_t i = 0; i < r.size(); ++i)
    sets[s.units.ids.at(r.provider[i]) + "|" + s.units.ids.at(r.customer[i]) + "|" + s.periods.at(r.period[i]) +
         "|" + r.dimensions.at(r.dimension[i])]
        .insert(r.respondent[i]);
  for (std::size_t f = 0; f < s.follow_ups.size(); ++f) {
    const auto k = s.follow_ups.complaint[f];
    if (k >= s.complaints.size() || s.complaints.opened_at[k] == icm::kNullInstant ||
        std::isnan(icm::follow_up_index(s.follow_ups.score[f], s.follow_ups.scale[f])))
      continue;
    // One person per follow-up score, numbered apart from survey respondents.
    sets[s.units.ids.at(s.complaints.against_unit[k]) + "|" + icm::quarter_label(s.complaints.opened_at[k])]
        .insert(0x80000000u + static_cast<std::uint32_t>(f));
  }
  std::map<std::string, People> out;
  for (auto& [key, set] : sets) out[key] = People(set.begin(), set.end());
  return out;
}

namespace detail {

constexpr std::uint64_t kP = icm::audit::kPrime;
inline std::uint64_t mulmod(std::uint64_t a, std::uint64_t b) {
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(a) * b) % kP);
}
inline std::uint64_t invmod(std::uint64_t a) {
  std::uint64_t r = 1;
  for (std::uint64_t e = kP - 2; e; e >>= 1, a = mulmod(a, a))
    if (e & 1) r = mulmod(r, a);
  return r;
}
inline std::size_t rank(std::vector<std::vector<std::uint64_t>> m) {
  std::size_t rk = 0;
  const std::size_t cols = m.empty() ? 0 : m[0].size();
  for (std::size_t c = 0; c < cols && rk < m.size(); ++c) {
    std::size_t p = rk;
    while (p < m.size() && m[p][c] == 0) ++p;
    if (p == m.size()) continue;
    std::swap(m[p], m[rk]);
    const std::uint64_t inv = invmod(m[rk][c]);
    for (std::size_t r = rk + 1; r < m.size(); ++r) {
      if (m[r][c] == 0) continue;
      const std::uint64_t f = mulmod(m[r][c], inv);
      for (std::size_t k = c; k < cols; ++k) m[r][k] = (m[r][k] + kP - mulmod(f, m[rk][k])) % kP;
    }
    ++rk;
  }
  return rk;
}

}  // namespace detail

// Empty when the publication keeps its promise; otherwise what is wrong, as text.
inline std::vector<std::string> breaches(const std::map<std::string, icm::Table>& tables,
                                         const std::map<std::string, People>& people, int k,
                                         double width = icm::audit::Options{}.width) {
  std::vector<std::string> bad;
  icm::audit::Options o;
  o.min_group_size = k;
  o.width = width;
  const auto report = icm::audit::audit(tables, o);
  for (const auto& f : report.findings) {
    // A narrow interval matters for a group below the threshold; one of k or more people hidden
    // to protect another is bounded like any shown group of k would be exact.
    // And one against an end of the scale comes from a determined union (of k or more people:
    // checked below) answering at or near that end — the threshold's own limit, not promised.
    if (f.kind == "interval") {
      auto it = people.find(f.key);
      if (it != people.end() && it->second.size() >= static_cast<std::size_t>(k)) continue;
      if (f.low <= 1e-6 || f.high >= 100 - 1e-6) continue;
    }
    bad.push_back("auditor: " + f.kind + " " + f.dataset + " " + f.key +
                  (f.kind == "interval" ? " in [" + std::to_string(f.low) + ", " + std::to_string(f.high) + "]" : ""));
  }
  for (const auto& space : icm::audit::determined(tables, o)) {
    if (space.basis.empty()) continue;
    std::vector<const People*> who;
    for (const auto& key : space.groups) {
      auto it = people.find(key);
      if (it == people.end()) {
        bad.push_back("no such group in the snapshot: " + key);
        return bad;
      }
      who.push_back(&it->second);
    }
    // Maximal unions of fewer than k people formed by the small groups' respondents.
    std::vector<People> bases;
    for (const People* p : who)
      if (p->size() < static_cast<std::size_t>(k)) bases.push_back(*p);
    std::sort(bases.begin(), bases.end());
    bases.erase(std::unique(bases.begin(), bases.end()), bases.end());
    std::set<People> seen(bases.begin(), bases.end());
    std::vector<People> queue(bases.begin(), bases.end()), maximal;
    for (std::size_t i = 0; i < queue.size(); ++i) {
      bool grows = false;
      for (const auto& b : bases) {
        People u;
        std::set_union(queue[i].begin(), queue[i].end(), b.begin(), b.end(), std::back_inserter(u));
        if (u.size() >= static_cast<std::size_t>(k) || u.size() == queue[i].size()) continue;
        grows = true;
        if (seen.insert(u).second) queue.push_back(u);
      }
      if (queue.size() > 200000) {
        bad.push_back("too many small unions to check in one block");
        return bad;
      }
      if (!grows) maximal.push_back(queue[i]);
    }
    const std::size_t d = space.basis.size();
    for (const auto& p : maximal) {
      std::vector<std::size_t> outside;
      std::vector<std::string> inside;
      for (std::size_t v = 0; v < who.size(); ++v) {
        if (std::includes(p.begin(), p.end(), who[v]->begin(), who[v]->end())) inside.push_back(space.groups[v]);
        else outside.push_back(v);
      }
      if (inside.empty()) continue;
      std::vector<std::vector<std::uint64_t>> m(d, std::vector<std::uint64_t>(outside.size()));
      for (std::size_t r = 0; r < d; ++r)
        for (std::size_t c = 0; c < outside.size(); ++c) m[r][c] = space.basis[r][outside[c]];
      if (detail::rank(m) < d) {
        std::string s = "determined combination on " + std::to_string(p.size()) + " people:";
        for (const auto& g : inside) s += " " + g;
        bad.push_back(s);
      }
    }
  }
  return bad;
}

inline std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += "\n  " + l;
  return s;
}

}  // namespace icm_test
