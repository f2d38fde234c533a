// Datasets (DESIGN §5): the tables every face shows, built from a snapshot and settings.
// Confidentiality is decided once per snapshot by the Publication (disclosure/publication.hpp),
// jointly for every dataset; each builder only looks up its cells' states, so no face can show
// a group below the threshold or one that could be subtracted out of what is shown. A
// suppressed row keeps its keys, flags `suppressed`, and has its counts and statistics NULL.
// "No data" is a row that is absent (or a NULL with suppressed = false).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/lang.hpp"
#include "core/model/settings.hpp"
#include "core/model/snapshot.hpp"
#include "core/datasets/table.hpp"

namespace icm {

class Publication;

struct BuildContext {
  const Snapshot& snapshot;
  const Settings& settings;
  Lang lang = Lang::en;  // language of label values (tier names, bands, recommendations)
  // The protected publication of `snapshot` under `settings`; when empty, each builder protects
  // the snapshot itself (tests, one-off builds). A session builds it once per generation.
  std::shared_ptr<const Publication> publication = {};
};

// ctx.publication, or a new one for ctx's snapshot and settings.
std::shared_ptr<const Publication> publication_for(const BuildContext& ctx);

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
