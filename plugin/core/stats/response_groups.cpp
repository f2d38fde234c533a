#include "core/stats/response_groups.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "core/error.hpp"

namespace icm::stats {

namespace {

constexpr std::uint64_t kDirectTableLimit = std::uint64_t{1} << 24;

// Dense index of the values that occur in a column, in first-seen order.
struct DenseMap {
  std::vector<std::uint32_t> of;  // value -> dense index or kNoIndex
  std::vector<std::uint32_t> values;
  void build(const std::vector<std::uint32_t>& column) {
    for (std::uint32_t v : column) {
      if (v >= of.size()) of.resize(static_cast<std::size_t>(v) + 1, kNoIndex);
      if (of[v] == kNoIndex) {
        of[v] = static_cast<std::uint32_t>(values.size());
        values.push_back(v);
      }
    }
  }
};

// Maps group keys to block numbers: a direct table for small key spaces, a hash map otherwise.
class KeyIndex {
 public:
  explicit KeyIndex(std::uint64_t key_space) {
    if (key_space <= kDirectTableLimit) table_.assign(static_cast<std::size_t>(key_space), kNoIndex);
  }
  // The block of `key`, or kNoIndex when it has none yet.
  std::uint32_t find(std::uint64_t key) {
    if (!table_.empty()) return table_[key];
    auto it = map_.find(key);
    return it == map_.end() ? kNoIndex : it->second;
  }
  void insert(std::uint64_t key, std::uint32_t block) {
    if (!table_.empty()) table_[key] = block;
    else map_.emplace(key, block);
  }

 private:
  std::vector<std::uint32_t> table_;
  std::unordered_map<std::uint64_t, std::uint32_t> map_;
};

// True when every respondent's rows are contiguous, so markers work in storage order.
bool grouped_by_respondent(const std::vector<std::uint32_t>& respondent, std::size_t respondents) {
  std::vector<std::uint8_t> seen(respondents, 0);
  std::uint32_t prev = kNoIndex;
  for (std::uint32_t r : respondent) {
    if (r == prev) continue;
    if (seen[r]) return false;
    seen[r] = 1;
    prev = r;
  }
  return true;
}

// Row numbers ordered by respondent (stable counting sort).
std::vector<std::uint32_t> order_by_respondent(const std::vector<std::uint32_t>& respondent,
                                               std::size_t respondents) {
  std::vector<std::uint32_t> start(respondents + 1, 0);
  for (std::uint32_t r : respondent) ++start[r + 1];
  for (std::size_t r = 0; r < respondents; ++r) start[r + 1] += start[r];
  std::vector<std::uint32_t> order(respondent.size());
  for (std::size_t i = 0; i < respondent.size(); ++i) order[start[respondent[i]]++] = static_cast<std::uint32_t>(i);
  return order;
}

}  // namespace

ResponseGroups ResponseGroups::aggregate(const ResponseTable& rt, const GroupingSpec& spec) {
  const std::size_t rows = rt.size();
  ICM_REQUIRE(rows < kNoIndex, "more than 2^32 - 1 responses in one snapshot");
  ResponseGroups out;
  out.scales_ = rt.scales;
  for (const Scale& s : rt.scales) {
    ICM_REQUIRE(s.max > s.min, "score scale needs max > min");
    out.scale_offset_.push_back(out.width_);
    out.width_ += static_cast<std::size_t>(s.max - s.min + 1);
  }

  DenseMap providers, customers;
  providers.build(rt.provider);
  customers.build(rt.customer);
  std::uint32_t periods = 0, dimensions = 1, respondents = 0;
  for (std::uint16_t p : rt.period) periods = std::max<std::uint32_t>(periods, p + 1u);
  if (spec.by_dimension)
    for (std::uint8_t d : rt.dimension) dimensions = std::max<std::uint32_t>(dimensions, d + 1u);
  for (std::uint32_t r : rt.respondent) respondents = std::max(respondents, r + 1);

  const std::uint64_t customer_count = customers.values.size();
  KeyIndex blocks(providers.values.size() * customer_count * periods * dimensions);
  std::unordered_map<std::uint64_t, std::uint32_t> parent_of_key;
  std::vector<std::uint32_t> block_of_row(rows, kNoIndex);
  // Groups rarely exceed rows/8; reserving avoids most regrowth copies of the bins.
  out.groups_.reserve(rows / 8 + 16);
  out.bins_.reserve((rows / 8 + 16) * out.width_);

  for (std::size_t i = 0; i < rows; ++i) {
    const std::uint8_t dim = rt.dimension[i];
    if (spec.only_dimension != kNoIndex && dim != spec.only_dimension) continue;
    const std::uint8_t dkey = spec.by_dimension ? dim : std::uint8_t{0};
    const std::uint64_t p = providers.of[rt.provider[i]];
    const std::uint64_t pair = p * customer_count + customers.of[rt.customer[i]];
    const std::uint64_t key = (pair * periods + rt.period[i]) * dimensions + dkey;
    std::uint32_t b = blocks.find(key);
    if (b == kNoIndex) {
      b = static_cast<std::uint32_t>(out.groups_.size());
      blocks.insert(key, b);
      const std::uint8_t shown_dim = spec.by_dimension ? dim : kAllDimensions;
      const std::uint64_t parent_key = (p * periods + rt.period[i]) * dimensions + dkey;
      auto [it, fresh] = parent_of_key.emplace(parent_key, static_cast<std::uint32_t>(out.parents_.size()));
      if (fresh) out.parents_.push_back(Parent{rt.provider[i], rt.period[i], shown_dim});
      out.groups_.push_back(Group{rt.provider[i], rt.customer[i], rt.period[i], shown_dim, it->second});
      out.bins_.resize(out.bins_.size() + out.width_, 0);
    }
    const std::uint8_t s = rt.scale[i];
    const Scale& scale = rt.scales[s];
    const int v = rt.score[i] - scale.min;
    if (v < 0 || v > scale.max - scale.min)
      throw Error(ErrorCode::data, "response score outside its scale in the snapshot");
    out.bins_[b * out.width_ + out.scale_offset_[s] + static_cast<std::size_t>(v)] += rt.weight_of(i);
    block_of_row[i] = b;
  }

  // Distinct respondents, per group and per parent.
  std::vector<std::uint32_t> last(out.groups_.size(), kNoIndex), parent_last(out.parents_.size(), kNoIndex);
  std::vector<std::uint64_t> pairs;  // (group << 32 | respondent), first sighting of each
  auto visit = [&](std::size_t i) {
    const std::uint32_t b = block_of_row[i];
    if (b == kNoIndex) return;
    const std::uint32_t r = rt.respondent[i];
    Group& g = out.groups_[b];
    g.n += rt.weight_of(i);
    if (last[b] != r) {
      last[b] = r;
      ++g.respondents;
      if (spec.with_members) pairs.push_back((static_cast<std::uint64_t>(b) << 32) | r);
    }
    if (parent_last[g.parent] != r) { parent_last[g.parent] = r; ++out.parents_[g.parent].respondents; }
  };
  if (grouped_by_respondent(rt.respondent, respondents)) {
    for (std::size_t i = 0; i < rows; ++i) visit(i);
  } else {
    for (std::uint32_t i : order_by_respondent(rt.respondent, respondents)) visit(i);
  }
  if (spec.with_members) {
    // Counting sort by group; within a group respondents arrive in visiting order, so sort each.
    out.member_start_.assign(out.groups_.size() + 1, 0);
    for (std::uint64_t pr : pairs) ++out.member_start_[(pr >> 32) + 1];
    for (std::size_t g = 0; g < out.groups_.size(); ++g) out.member_start_[g + 1] += out.member_start_[g];
    out.members_.resize(pairs.size());
    std::vector<std::uint32_t> next(out.member_start_.begin(), out.member_start_.end() - 1);
    for (std::uint64_t pr : pairs) out.members_[next[pr >> 32]++] = static_cast<std::uint32_t>(pr);
    for (std::size_t g = 0; g < out.groups_.size(); ++g)
      std::sort(out.members_.begin() + out.member_start_[g], out.members_.begin() + out.member_start_[g + 1]);
  }

  out.parent_bins_.assign(out.parents_.size() * out.width_, 0);
  for (std::size_t b = 0; b < out.groups_.size(); ++b) {
    const Group& g = out.groups_[b];
    out.parents_[g.parent].n += g.n;
    for (std::size_t k = 0; k < out.width_; ++k)
      out.parent_bins_[g.parent * out.width_ + k] += out.bins_[b * out.width_ + k];
  }
  return out;
}

std::vector<ScoreHistogram> ResponseGroups::unpack(const std::vector<std::uint32_t>& bins,
                                                   std::uint32_t block) const {
  std::vector<ScoreHistogram> out;
  out.reserve(scales_.size());
  for (std::size_t s = 0; s < scales_.size(); ++s) {
    ScoreHistogram h(scales_[s].min, scales_[s].max);
    const std::size_t base = block * width_ + scale_offset_[s];
    for (int v = 0; v <= scales_[s].max - scales_[s].min; ++v)
      if (auto c = bins[base + static_cast<std::size_t>(v)]) h.add(scales_[s].min + v, c);
    out.push_back(std::move(h));
  }
  return out;
}

std::span<const std::uint32_t> ResponseGroups::members(std::uint32_t group) const {
  if (member_start_.empty()) return {};
  return {members_.data() + member_start_[group], member_start_[group + 1] - member_start_[group]};
}

void ResponseGroups::accumulate(std::uint32_t group, std::vector<std::uint64_t>& bins) const {
  const std::uint32_t* block = bins_.data() + static_cast<std::size_t>(group) * width_;
  for (std::size_t k = 0; k < width_; ++k) bins[k] += block[k];
}

std::vector<ScoreHistogram> ResponseGroups::histograms_of(const std::vector<std::uint64_t>& bins) const {
  std::vector<ScoreHistogram> out;
  out.reserve(scales_.size());
  for (std::size_t s = 0; s < scales_.size(); ++s) {
    ScoreHistogram h(scales_[s].min, scales_[s].max);
    for (int v = 0; v <= scales_[s].max - scales_[s].min; ++v)
      if (auto c = bins[scale_offset_[s] + static_cast<std::size_t>(v)]) h.add(scales_[s].min + v, c);
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<ScoreHistogram> ResponseGroups::histograms(std::uint32_t group) const {
  return unpack(bins_, group);
}

std::vector<ScoreHistogram> ResponseGroups::parent_histograms(std::uint32_t parent) const {
  return unpack(parent_bins_, parent);
}

}  // namespace icm::stats
