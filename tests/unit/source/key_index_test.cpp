// KeyIndex and IntIndex (plugin/source/key_index.hpp), the loader's hot-loop look-ups, against
// std::unordered_map as the reference: the same answer for every key, present or absent.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <unordered_map>

#include "source/key_index.hpp"

using namespace icm;
using namespace icm::detail;

namespace {

std::string random_key(std::mt19937_64& rng) {
  // Lengths 0..40 (both sides of the 8-byte word steps), a small alphabet so that keys share
  // prefixes and differ in one byte, and now and then a byte above 127 or a NUL.
  static const std::string alphabet = std::string("ab-_ 0\t") + '\0' + "\xe5\xa7";
  const std::size_t n = rng() % 41;
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
  return s;
}

}  // namespace

TEST_CASE("KeyIndex answers as a hash map of the same keys", "[key_index]") {
  std::mt19937_64 rng(7);
  KeyIndex index;
  std::unordered_map<std::string, std::uint32_t> reference;
  bool found = true;
  CHECK(index.find("anything", found) == kNoIndex);
  CHECK_FALSE(found);
  for (int i = 0; i < 20000; ++i) {
    const std::string key = random_key(rng);
    if (reference.count(key)) continue;
    const auto value = static_cast<std::uint32_t>(reference.size());
    reference.emplace(key, value);
    index.insert(key, value);
  }
  REQUIRE(reference.size() > 5000);
  for (const auto& [key, value] : reference) {
    REQUIRE(index.find(key, found) == value);
    REQUIRE(found);
    const std::string longer = key + "!";  // a key followed by one more byte
    REQUIRE(index.find(longer, found) == kNoIndex);
    REQUIRE_FALSE(found);
    REQUIRE(index.find(key.substr(0, key.size() / 2), found) == (reference.count(key.substr(0, key.size() / 2))
                                                                    ? reference.at(key.substr(0, key.size() / 2))
                                                                    : kNoIndex));
  }
  for (int i = 0; i < 20000; ++i) {
    const std::string key = random_key(rng) + "!";  // never inserted ('!' is not in the alphabet)
    REQUIRE(index.find(key, found) == kNoIndex);
    REQUIRE_FALSE(found);
  }
}

TEST_CASE("KeyIndex::get asks once per key and remembers absent answers", "[key_index]") {
  KeyIndex index;
  int asked = 0;
  auto lookup = [&](std::string_view s) {
    ++asked;
    return s == "unknown" ? kNoIndex : static_cast<std::uint32_t>(s.size());
  };
  for (int round = 0; round < 3; ++round) {
    CHECK(index.get("HR", lookup) == 2);
    CHECK(index.get("FIN-T3", lookup) == 6);
    CHECK(index.get("", lookup) == 0);
    CHECK(index.get("unknown", lookup) == kNoIndex);
    CHECK(index.get(std::string_view("HR\0", 3), lookup) == 3);  // a NUL is a byte like any other
  }
  CHECK(asked == 5);
  bool found = false;
  CHECK(index.find("unknown", found) == kNoIndex);
  CHECK(found);
}

TEST_CASE("IntIndex answers as a hash map of the same integers", "[key_index]") {
  std::mt19937_64 rng(11);
  IntIndex index;
  std::unordered_map<std::int64_t, std::uint32_t> reference;
  int asked = 0;
  for (int i = 0; i < 100000; ++i) {
    // Dense small ids, negatives, extremes and random 64-bit values.
    std::int64_t key = 0;
    switch (i % 4) {
      case 0: key = static_cast<std::int64_t>(rng() % 5000); break;
      case 1: key = -static_cast<std::int64_t>(rng() % 5000); break;
      case 2: key = static_cast<std::int64_t>(rng()); break;
      default: key = i % 8 == 3 ? INT64_MIN : INT64_MAX; break;
    }
    const auto it = reference.find(key);
    const std::uint32_t got = index.get(key, [&](std::int64_t) {
      ++asked;
      return static_cast<std::uint32_t>(reference.size());
    });
    if (it == reference.end()) {
      REQUIRE(got == reference.size());
      reference.emplace(key, got);
    } else {
      REQUIRE(got == it->second);
    }
  }
  CHECK(asked == static_cast<int>(reference.size()));
}
