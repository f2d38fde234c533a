// Secondary cell suppression over linked tables (docs/methods.md, "Confidentiality").
//
// The model: every statistic icm publishes is a function of the sum of some finest groups
// ("inner cells": provider × customer × period × dimension for surveys, unit × quarter for
// follow-up visits). A published cell is that set of inner cells (its support). Showing a cell
// is taken to show the sum of every linear statistic of its support — answers, score sum, sum of
// squares, box counts — because a mean printed at full precision gives away its n and its sum.
// An attacker who sees every shown cell of every dataset can therefore compute exactly the sum
// over any set of inner cells whose indicator is a linear combination of shown supports.
//
// The guarantee protect() gives, for threshold k:
//  - a cell with 1 .. k−1 distinct respondents is never shown (primary suppression);
//  - no nonzero linear combination of shown cells is supported only on inner cells whose
//    respondents together number fewer than k. In particular no hidden cell below k, and no union
//    of hidden cells with fewer than k respondents, can be recovered by adding and subtracting
//    what is shown;
//  - no suppressed cell (primary or secondary) is a linear combination of shown cells.
//
// The method is Gaussian-elimination secondary suppression in the manner of Statistics Norway's
// GaussSuppression (Langsrud): candidates are taken one by one, most informative first (most
// respondents, then most answers), each is added to the span of the shown cells if that keeps
// the guarantee, and is suppressed (secondary) otherwise. Cells with few answers are therefore
// the ones given up. The span is kept in reduced row-echelon form with exact integer arithmetic;
// a shown inner cell removes its coordinate (its value is known), so the rows only ever involve
// cells not shown. Rows whose remaining cells are all below the threshold are the only ones
// that can break the guarantee, and adding one is checked exactly against every set of fewer
// than k respondents those cells involve.
#pragma once

#include <cstdint>
#include <vector>

namespace icm::disclosure {

struct InnerCell {
  std::uint64_t respondents = 0;      // distinct
  std::uint64_t answers = 0;          // n
  // The distinct respondents themselves (any ids, sorted): required when respondents is below
  // the threshold, so that unions of small cells are counted exactly; may be empty otherwise.
  std::vector<std::uint32_t> people;
};

struct PublishedCell {
  std::vector<std::uint32_t> support;  // inner cells it sums: sorted, distinct, non-empty
  std::uint64_t respondents = 0;       // distinct respondents of the whole support
  std::uint64_t answers = 0;           // n of the whole support
};

enum class CellState : std::uint8_t { shown = 0, primary = 1, secondary = 2 };

struct Protection {
  std::vector<CellState> state;  // one per published cell, in input order
  std::size_t primary = 0, secondary = 0;
  // Checks that ran past their work budget and suppressed the candidate to stay safe.
  std::size_t conservative = 0;
};

// Cells with identical supports must be passed once (the caller maps duplicates to one cell):
// otherwise a copy would be treated as a second, independent cell.
// `threshold` is the minimum group size (≥ 1). Deterministic: depends only on the inputs and
// their order (ties in priority go to the earlier cell).
Protection protect(const std::vector<InnerCell>& inner, const std::vector<PublishedCell>& cells,
                   int threshold);

}  // namespace icm::disclosure
