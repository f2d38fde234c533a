// Loads a snapshot from an HR database through a profile (DESIGN §3): records in dependency
// order, every row accepted or rejected with a reason. Throws on any source failure; a
// snapshot is only returned whole.
#pragma once

#include "core/model/settings.hpp"
#include "core/model/snapshot.hpp"
#include "source/profile.hpp"
#include "source/session.hpp"

namespace icm {

// options.connection: ODBC connection string or DSN name; options.profile_dir: the profile;
// options.period: "" = every period, else only rows of that period (see profiles/sample/README.md).
// settings.as_of sets Snapshot::as_of; when empty the latest date in the data is used.
// Runs on a worker thread under the query timeout (options.query_timeout_seconds, else
// settings.query_timeout_seconds; load_watch.hpp): throws Error(source) when the database
// sends nothing for that long.
Snapshot load_snapshot(const SessionOptions& options, const Settings& settings);

// The load itself, on the calling thread and without a timeout, from a profile already read
// (tests hand it queries that never passed the profile gate, to prove what the databases
// refuse on their own).
Snapshot load_profile(const Profile& profile, const SessionOptions& options, const Settings& settings);

// The query timeout in effect: the option when set (>= 0), else the settings'.
int query_timeout_of(const SessionOptions& options, const Settings& settings);

}  // namespace icm
