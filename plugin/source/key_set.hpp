// Duplicate detection for keys of big records (10^7 survey responses): integer keys go into a
// bitmap or an open-addressing set (no node allocation per key), other keys into a string set.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "source/values.hpp"

namespace icm::detail {

class KeySet {
 public:
  // True when `key` was not seen before (and remembers it).
  bool insert(std::string_view key) {
    std::int64_t v = 0;
    // Only canonical decimal text takes the integer path, so "7" and "07" stay distinct keys.
    if (key.size() < 19 && !key.empty() && key[0] >= '0' && key[0] <= '9' && (key[0] != '0' || key.size() == 1) &&
        parse_int64(key, v) &&
        v >= 0)
      return insert_int(static_cast<std::uint64_t>(v));
    return strings_.emplace(key).second;
  }
  // The same for a key that arrived as an integer (its text is its decimal form).
  bool insert(std::int64_t v) {
    if (v >= 0 && v < kCanonicalLimit) return insert_int(static_cast<std::uint64_t>(v));
    return strings_.emplace(std::to_string(v)).second;
  }

 private:
  bool insert_int(std::uint64_t v) {
    // Survey ids are mostly dense sequence numbers: a bitmap indexed by id is a few MB for
    // 10^7 rows and touches one cache line per key. Larger ids go to the hash table.
    if (v < kBitmapLimit) {
      const std::size_t word = static_cast<std::size_t>(v >> 6);
      if (word >= bits_.size()) bits_.resize(std::max<std::size_t>(word + 1, bits_.size() * 3 / 2), 0);
      const std::uint64_t mask = 1ULL << (v & 63);
      if (bits_[word] & mask) return false;
      bits_[word] |= mask;
      return true;
    }
    if ((count_ + 1) * 2 > slots_.size()) grow();
    const std::uint64_t stored = v + 1;  // 0 marks an empty slot
    std::size_t i = hash(v) & (slots_.size() - 1);
    while (slots_[i] != 0) {
      if (slots_[i] == stored) return false;
      i = (i + 1) & (slots_.size() - 1);
    }
    slots_[i] = stored;
    ++count_;
    return true;
  }
  static constexpr std::uint64_t kBitmapLimit = 1ULL << 28;  // 32 MB of bitmap at most
  // Integers below this have fewer than 19 digits: the text path above takes them as integers.
  static constexpr std::int64_t kCanonicalLimit = 1000000000000000000LL;
  static std::uint64_t hash(std::uint64_t x) {  // splitmix64 finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }
  void grow() {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    count_ = 0;
    for (std::uint64_t s : old)
      if (s != 0) insert_int(s - 1);
  }
  std::vector<std::uint64_t> bits_;
  std::vector<std::uint64_t> slots_;
  std::size_t count_ = 0;
  std::unordered_set<std::string> strings_;
};

}  // namespace icm::detail
