// Look-up tables for the loader's hot loop (10^7 survey responses): short text keys, and integer
// keys, to a dictionary index. Open addressing in one flat array, a cheap hash over 8-byte words,
// key bytes kept in one arena: a hit costs a hash, one probe and one compare, with no node to chase
// and no division. The Dictionary stays the owner of the strings and their order; these only
// remember answers it gave.
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/snapshot.hpp"

namespace icm::detail {

// The flat table both share: power-of-two slots, linear probing, at most half full. A Slot
// says whether it is in use (used()) and which hash placed it (hash()).
template <class Slot>
class ProbeTable {
 public:
  bool empty() const { return slots_.empty(); }
  std::size_t first(std::uint64_t hash) const { return hash & mask_; }
  std::size_t next(std::size_t i) const { return (i + 1) & mask_; }
  const Slot& operator[](std::size_t i) const { return slots_[i]; }
  // Adds a slot whose key is not in the table yet.
  void add(const Slot& slot) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    place(slot);
    ++count_;
  }

 private:
  void place(const Slot& slot) {
    std::size_t i = first(slot.hash());
    while (slots_[i].used()) i = next(i);
    slots_[i] = slot;
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old)
      if (s.used()) place(s);
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0, count_ = 0;
};

// Text key -> index. Exact byte comparison, as Dictionary::find.
class KeyIndex {
 public:
  // The remembered index of key (kNoIndex when absent or remembered as absent); `found` says
  // which.
  std::uint32_t find(std::string_view key, bool& found) const {
    found = false;
    if (table_.empty()) return kNoIndex;
    const std::uint64_t h = hash(key);
    for (std::size_t i = table_.first(h);; i = table_.next(i)) {
      const Slot& s = table_[i];
      if (!s.used()) return kNoIndex;
      if (s.key_hash == h && s.length == key.size() &&
          std::memcmp(arena_.data() + s.offset, key.data(), key.size()) == 0) {
        found = true;
        return s.index;
      }
    }
  }
  // Remembers key -> index (key not present yet).
  void insert(std::string_view key, std::uint32_t index) {
    if (arena_.size() + key.size() >= kEmpty) throw std::length_error("key index: more than 4 GB of keys");
    table_.add(Slot{hash(key), index, static_cast<std::uint32_t>(key.size()), static_cast<std::uint32_t>(arena_.size())});
    arena_.append(key);
  }
  // The index of key, asking lookup(key) the first time and remembering its answer (kNoIndex
  // answers too).
  template <class Fn>
  std::uint32_t get(std::string_view key, Fn&& lookup) {
    bool found = false;
    const std::uint32_t known = find(key, found);
    if (found) return known;
    const std::uint32_t index = lookup(key);
    insert(key, index);
    return index;
  }

  static std::uint64_t hash(std::string_view key) {
    // 8 bytes at a time (fixed-size memcpy compiles to one load), then the tail, then a
    // splitmix64 finaliser so the low bits used for the slot depend on every byte.
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ key.size();
    const char* p = key.data();
    std::size_t n = key.size();
    for (; n >= 8; p += 8, n -= 8) {
      std::uint64_t w = 0;
      std::memcpy(&w, p, 8);
      h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
      h ^= h >> 29;
    }
    // The last 0-7 bytes in at most two loads (overlapping when n < 8): the length is already
    // in h, and equal keys always give equal words.
    std::uint64_t tail = 0;
    if (n >= 4) {
      std::uint32_t a = 0, b = 0;
      std::memcpy(&a, p, 4);
      std::memcpy(&b, p + n - 4, 4);
      tail = static_cast<std::uint64_t>(a) << 32 | b;
    } else if (n > 0) {
      auto byte = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])); };
      tail = byte(0) << 16 | byte(n >> 1) << 8 | byte(n - 1);
    }
    h = (h ^ tail) * 0x94d049bb133111ebULL;
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 32);
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xffffffffu;  // length of an empty slot
  struct Slot {
    std::uint64_t key_hash = 0;
    std::uint32_t index = kNoIndex, length = kEmpty, offset = 0;
    bool used() const { return length != kEmpty; }
    std::uint64_t hash() const { return key_hash; }
  };
  ProbeTable<Slot> table_;
  std::string arena_;  // key bytes, at Slot::offset
};

// Every key of a dictionary, for look-ups that must not add any (the units a record refers to).
inline KeyIndex index_of(const Dictionary& d) {
  KeyIndex index;
  for (std::uint32_t i = 0; i < d.size(); ++i) index.insert(d.at(i), i);
  return index;
}

// Integer key -> index, same scheme.
class IntIndex {
 public:
  template <class Fn>
  std::uint32_t get(std::int64_t key, Fn&& lookup) {
    if (!table_.empty())
      for (std::size_t i = table_.first(hash(key));; i = table_.next(i)) {
        const Slot& s = table_[i];
        if (!s.used()) break;
        if (s.key == key) return s.index;
      }
    const std::uint32_t index = lookup(key);
    table_.add(Slot{key, index, true});
    return index;
  }

 private:
  static std::uint64_t hash(std::int64_t key) {  // splitmix64 finaliser
    std::uint64_t x = static_cast<std::uint64_t>(key);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }
  struct Slot {
    std::int64_t key = 0;
    std::uint32_t index = 0;
    bool in_use = false;
    bool used() const { return in_use; }
    std::uint64_t hash() const { return IntIndex::hash(key); }
  };
  ProbeTable<Slot> table_;
};

}  // namespace icm::detail
