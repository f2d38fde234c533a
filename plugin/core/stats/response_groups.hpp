// One-pass aggregation of survey responses into per-group score histograms (DESIGN §3.2), the
// engine under the satisfaction and service_matrix datasets. Built for 10^7 rows:
//  - provider and customer are first remapped to dense indices of the units that occur, so the
//    group key ((provider·C + customer)·P + period)·D + dimension is small enough to address a
//    table directly (a hash map is the fallback only for key spaces above 16 M);
//  - histogram bins of all scales sit side by side in one flat uint32 array, block per group;
//  - distinct respondents are counted with per-group "last respondent seen" markers while
//    visiting rows grouped by respondent: in storage order when the loader already wrote each
//    respondent's rows together, else in the order of a counting sort by respondent.
// No allocation happens per row, only per new group.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/model/snapshot.hpp"
#include "core/stats/histogram.hpp"

namespace icm::stats {

struct GroupingSpec {
  bool by_dimension = true;              // false: all kept dimensions form one group
  std::uint32_t only_dimension = kNoIndex;  // keep only this dimension; kNoIndex keeps all
  bool with_members = false;             // also keep each group's distinct respondents (members())
};

class ResponseGroups {
 public:
  static constexpr std::uint8_t kAllDimensions = 0xFF;  // dimension of groups when !by_dimension

  struct Group {
    std::uint32_t provider, customer;  // unit rows
    std::uint16_t period;
    std::uint8_t dimension;            // kAllDimensions when not grouped by dimension
    std::uint32_t parent;              // index into parents()
    std::uint32_t respondents = 0;     // distinct
    std::uint64_t n = 0;               // responses
  };
  // The provider × period × dimension "all customers" group above each Group.
  struct Parent {
    std::uint32_t provider;
    std::uint16_t period;
    std::uint8_t dimension;
    std::uint32_t respondents = 0;
    std::uint64_t n = 0;
  };

  static ResponseGroups aggregate(const ResponseTable& responses, const GroupingSpec& spec);

  const std::vector<Group>& groups() const { return groups_; }
  const std::vector<Parent>& parents() const { return parents_; }
  // Histograms of a group / parent, one per scale of ResponseTable::scales (empty ones included).
  std::vector<ScoreHistogram> histograms(std::uint32_t group) const;
  std::vector<ScoreHistogram> parent_histograms(std::uint32_t parent) const;

  // With GroupingSpec::with_members: the distinct respondents of a group (indices into
  // ResponseTable::respondents, ascending). Empty otherwise.
  std::span<const std::uint32_t> members(std::uint32_t group) const;
  // Bins of several groups added up: accumulate() into a zeroed vector of bin_width() counts,
  // then unpack them as one histogram per scale.
  std::size_t bin_width() const { return width_; }
  void accumulate(std::uint32_t group, std::vector<std::uint64_t>& bins) const;
  std::vector<ScoreHistogram> histograms_of(const std::vector<std::uint64_t>& bins) const;

 private:
  std::vector<ScoreHistogram> unpack(const std::vector<std::uint32_t>& bins, std::uint32_t block) const;
  std::vector<Group> groups_;
  std::vector<Parent> parents_;
  std::vector<Scale> scales_;
  std::vector<std::size_t> scale_offset_;  // first bin of each scale inside a block
  std::size_t width_ = 0;                  // bins per block
  std::vector<std::uint32_t> bins_, parent_bins_;
  std::vector<std::uint32_t> member_start_, members_;  // CSR: group g's are [start[g], start[g+1])
};

}  // namespace icm::stats
