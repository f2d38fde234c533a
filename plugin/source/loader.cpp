// Orchestrates a load: connect read-only, read each record the profile fills in dependency
// order (keys before the rows that refer to them), then fix as_of. The snapshot is built in a
// local and only returned once complete, so a failure never leaves a half-loaded one behind.
#include "source/loader.hpp"

#include "core/error.hpp"
#include "source/loader_records.hpp"

namespace icm {

Snapshot load_snapshot(const SessionOptions& options, const Settings& settings) {
  const Profile profile = Profile::load(options.profile_dir);
  Day as_of = kNullDay;
  if (!settings.as_of.empty() && !parse_date(settings.as_of, as_of))
    throw Error(ErrorCode::data, "settings: as_of '" + settings.as_of + "' is not a YYYY-MM-DD date");

  odbc::Environment env;
  odbc::Connection connection(env, options.connection, options.login_timeout_seconds);
  Snapshot snapshot;
  detail::LoadContext ctx{connection, profile, options, snapshot};

  using Loader = void (*)(detail::LoadContext&, const ProfileQuery&);
  static const std::pair<Record, Loader> kOrder[] = {
      {Record::unit, detail::load_units},           {Record::employee, detail::load_employees},
      {Record::relation, detail::load_relations},   {Record::survey_response, detail::load_responses},
      {Record::complaint, detail::load_complaints}, {Record::follow_up, detail::load_follow_ups},
      {Record::review, detail::load_reviews},       {Record::kpi, detail::load_kpis},
  };
  for (const auto& [record, load] : kOrder)
    if (const auto& q = profile.query(record)) {
      if (record == Record::survey_response && (options.pushdown || settings.pushdown)) detail::load_responses_pushdown(ctx, *q);
      else load(ctx, *q);
    }

  snapshot.as_of = as_of != kNullDay ? as_of : ctx.latest;
  return snapshot;
}

}  // namespace icm
