#include <catch2/catch.hpp>

#include <vector>

#include "core/confidentiality.hpp"
#include "core/error.hpp"

using icm::suppress_group;
using V = std::vector<std::uint64_t>;
using H = std::vector<std::uint8_t>;

// Worked by hand from DESIGN §3.3 / METHODS.md (Viva Glint's complementary suppression).

TEST_CASE("minimum group size has a floor of 3", "[confidentiality]") {
  CHECK(icm::effective_min_group_size(5) == 5);
  CHECK(icm::effective_min_group_size(10) == 10);
  CHECK(icm::effective_min_group_size(3) == 3);
  CHECK(icm::effective_min_group_size(2) == 3);
  CHECK(icm::effective_min_group_size(0) == 3);
  icm::Settings s;
  CHECK(icm::effective_min_group_size(s) == 5);  // the default
}

TEST_CASE("all children at or above threshold stay visible", "[confidentiality]") {
  auto r = suppress_group(20, V{5, 7, 8}, 5);
  CHECK_FALSE(r.parent_hidden);
  CHECK(r.child_hidden == H{0, 0, 0});
}

TEST_CASE("a single hidden child forces the next-smallest sibling hidden", "[confidentiality]") {
  // 2 < 5 is hidden; alone it could be recovered as 21 − 6 − 6 − 7, so the smallest visible (6,
  // the first of the tie) is hidden too: hidden total 8 ≥ 5 and two hidden -> stop.
  auto r = suppress_group(21, V{6, 2, 7, 6}, 5);
  CHECK(r.child_hidden == H{1, 1, 0, 0});
}

TEST_CASE("hidden siblings that together stay below threshold pull in more", "[confidentiality]") {
  // 1 and 1 are hidden (total 2 < 5), next smallest 2 is below too (primary) -> 1+1+2 = 4 < 5,
  // so 6 is hidden as well: total 10; 9 stays visible.
  auto r = suppress_group(19, V{1, 9, 1, 2, 6}, 5);
  CHECK(r.child_hidden == H{1, 0, 1, 1, 1});
  // Two hidden children that together reach the threshold are enough: 3 + 4 = 7 ≥ 5.
  auto s = suppress_group(22, V{3, 4, 15}, 5);
  CHECK(s.child_hidden == H{1, 1, 0});
}

TEST_CASE("the last hidden sibling case hides everything", "[confidentiality]") {
  // Two children: one below threshold forces the other hidden; nothing is left to show.
  auto r = suppress_group(12, V{2, 10}, 5);
  CHECK(r.child_hidden == H{1, 1});
  // Only child below threshold while the parent (from other data) is shown.
  auto s = suppress_group(6, V{4}, 5);
  CHECK(s.child_hidden == H{1});
}

TEST_CASE("a parent below threshold hides all its children", "[confidentiality]") {
  auto r = suppress_group(4, V{2, 2}, 5);
  CHECK(r.parent_hidden);
  CHECK(r.child_hidden == H{1, 1});
  auto empty = suppress_group(7, V{}, 5);
  CHECK_FALSE(empty.parent_hidden);
  CHECK(empty.child_hidden.empty());
  CHECK_THROWS_AS(suppress_group(7, V{1}, 0), icm::Error);
}
