// Datasets (DESIGN §5): the tables every face shows, built from a snapshot and settings.
// Confidentiality is applied here, inside each builder, so no face can show a group below the
// threshold: a suppressed row keeps its keys and `n` as NULL, flags `suppressed`, and has every
// statistic NULL. "No data" is a row that is absent (or a NULL with suppressed = false).
#pragma once

#include <string>
#include <vector>

#include "core/settings.hpp"
#include "core/snapshot.hpp"
#include "core/table.hpp"

namespace icm {

enum class Lang { en, zh };

struct BuildContext {
  const Snapshot& snapshot;
  const Settings& settings;
  Lang lang = Lang::en;  // language of label values (tier names, bands, recommendations)
};

Table build_units(const BuildContext&);           // units with tier and grade
Table build_satisfaction(const BuildContext&);    // provider × customer × period × dimension
Table build_service_matrix(const BuildContext&);  // provider × customer heat map (overall)
Table build_appraisal(const BuildContext&);       // subject × period scorecards
Table build_complaints(const BuildContext&);      // complaint KPIs per unit × period
Table build_data_quality(const BuildContext&);    // accepted / rejected accounting

// Names in a stable order, and a builder by name (throws Error(not_found) for others).
const std::vector<std::string>& dataset_names();
Table build_dataset(const std::string& name, const BuildContext&);

}  // namespace icm
