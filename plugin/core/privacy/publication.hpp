// The protected publication of one snapshot generation (DESIGN §3.3, docs/methods.md).
//
// Every dataset cell that shows an opinion of people is modelled here, once, as a sum of finest
// groups, and all of them are protected together by disclosure::protect():
//  - survey answers: inner cells are provider × customer × period × dimension (the satisfaction
//    rows). Published over them: the satisfaction rows and each provider's "all customers" rows;
//    the service matrix (the overall dimension's rows, or every dimension pooled when no answer
//    has it); each unit's satisfaction as a customer in the `units` dataset (its sub-tree of
//    customers, all providers, overall dimension, the unit's latest period); each appraisal
//    subject's satisfaction as a provider (its sub-tree of providers, all customers, overall
//    dimension, the review's period);
//  - follow-up visits (回访): inner cells are the against-unit × quarter of the complaint, with one
//    respondent per follow-up score; published over them: each unit's follow-up satisfaction
//    and the all-units row of each quarter.
// Both unit trees (roots included) and every period are in the one model, so no combination of
// datasets, periods or faces can subtract a hidden group out. A face that shows a period shows
// rows of this publication; it never protects again.
//
// A dataset added later that shows an opinion must add its cells here: builders only look up
// the state of cells this model knows (and throw Error(internal) for a cell it does not).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/privacy/suppression.hpp"
#include "core/engines/grading.hpp"
#include "core/model/settings.hpp"
#include "core/model/snapshot.hpp"
#include "core/stats/response_groups.hpp"

namespace icm {

// The last day of the period a label names (YYYY, YYYY-Hn, YYYY-Qn or YYYYQn, YYYY-MM,
// YYYY-MM-DD), or Settings::period_end's date for it; kNullDay when neither says.
Day period_last_day(const std::string& label, const Settings& settings);

class Publication {
 public:
  // Information loss and size of the protection, for `icm check` and the benchmark.
  struct Summary {
    std::size_t cells = 0;      // distinct published cells (identical ones counted once)
    std::size_t primary = 0, secondary = 0, conservative = 0;
    std::uint64_t answers = 0;  // survey answers and follow-up scores in the model
    std::uint64_t answers_hidden = 0;          // of them, in inner cells not shown
    std::uint64_t answers_hidden_primary = 0;  // ... by primary suppression alone
    // Periods not published yet (Settings::publish), each with why: "open until YYYY-MM-DD" or
    // "its end is unknown"; and the survey answers and follow-up scores they hold.
    std::vector<std::pair<std::string, std::string>> withheld;
    std::uint64_t answers_withheld = 0;
  };

  // One published cell of the model, with what it means (for tests and audits).
  struct CellInfo {
    std::string kind;  // "satisfaction", "service_matrix", "units", "appraisal", "follow_up"
    std::string key;   // the row it is in, e.g. "FIN|HR-T1|2025-Q4|overall"
    std::uint32_t cell = 0;  // index into cells()
  };

  struct MatrixCell {
    std::uint32_t provider, customer;  // unit rows
    std::uint16_t period;
    std::vector<std::uint32_t> groups;  // the groups() it pools (one when the overall dimension exists)
    std::uint64_t respondents = 0, n = 0;
    bool hidden = false;
  };

  static std::shared_ptr<const Publication> protect(const Snapshot& snapshot, const Settings& settings);

  // Survey inner cells (by dimension, with members) and their all-customers parents. Groups of a
  // withheld period (not published yet) are in groups() but in no dataset.
  const stats::ResponseGroups& groups() const { return groups_; }
  bool withheld(std::uint16_t period) const { return period < withheld_.size() && withheld_[period]; }
  // A period label that no dataset shows yet, with why; "" when it is published (or unknown).
  std::string withheld_reason(const std::string& label) const;
  bool group_hidden(std::uint32_t group) const { return hidden(group_cell_.at(group)); }
  bool parent_hidden(std::uint32_t parent) const { return hidden(parent_cell_.at(parent)); }
  const std::vector<MatrixCell>& service_matrix() const { return matrix_; }

  // Satisfaction as a customer in each unit's latest period (the units dataset), one per unit.
  const std::vector<UnitSatisfaction>& customer_satisfaction() const { return as_customer_; }
  // Satisfaction of a unit as a provider in a period (appraisal). Error(internal) when the
  // model has no such cell: only review subjects × their periods are modelled.
  UnitSatisfaction provider_satisfaction(std::uint32_t unit, std::uint16_t period) const;

  // Follow-up satisfaction of complaints against `unit` (kNoIndex: all units) opened in
  // `quarter` (complaints.hpp quarter_key). False when the cell has no scores at all.
  bool follow_up_hidden(std::uint32_t unit, std::int64_t quarter) const;

  const Summary& summary() const { return summary_; }

  // The model itself: inner cells, published cells and their states, and what each cell is.
  const std::vector<disclosure::InnerCell>& inner() const { return inner_; }
  const std::vector<disclosure::PublishedCell>& cells() const { return cells_; }
  disclosure::CellState state(std::uint32_t cell) const { return protection_.state.at(cell); }
  const std::vector<CellInfo>& cell_info() const { return info_; }

 private:
  bool hidden(std::uint32_t cell) const { return protection_.state[cell] != disclosure::CellState::shown; }

  stats::ResponseGroups groups_;
  std::vector<disclosure::InnerCell> inner_;
  std::vector<disclosure::PublishedCell> cells_;
  disclosure::Protection protection_;
  std::vector<CellInfo> info_;
  std::vector<std::uint32_t> group_cell_, parent_cell_;
  std::vector<std::uint8_t> withheld_;  // per period
  std::vector<MatrixCell> matrix_;
  std::vector<UnitSatisfaction> as_customer_;
  std::map<std::pair<std::uint32_t, std::uint16_t>, UnitSatisfaction> as_provider_;
  std::map<std::pair<std::uint32_t, std::int64_t>, std::uint32_t> follow_up_cell_;
  std::set<std::int64_t> open_quarters_;  // follow-up quarters not published yet
  Summary summary_;
  friend class PublicationBuilder;
};

}  // namespace icm
