// Loads a snapshot from an HR database through a profile (DESIGN §3): records in dependency
// order, every row accepted or rejected with a reason. Throws on any source failure; a
// snapshot is only returned whole.
#pragma once

#include "core/settings.hpp"
#include "core/snapshot.hpp"
#include "source/session.hpp"

namespace icm {

// options.connection: ODBC connection string or DSN name; options.profile_dir: the profile;
// options.period: "" = every period, else only rows of that period (see profiles/sample/README.md).
// settings.as_of sets Snapshot::as_of; when empty the latest date in the data is used.
Snapshot load_snapshot(const SessionOptions& options, const Settings& settings);

}  // namespace icm
