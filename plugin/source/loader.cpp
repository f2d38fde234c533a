// Orchestrates a load: connect read-only, read each record the profile fills in dependency
// order (keys before the rows that refer to them), then fix as_of. The snapshot is built in a
// local and only returned once complete, so a failure never leaves a half-loaded one behind.
// The whole load runs under the query timeout of load_watch.hpp.
#include "source/loader.hpp"

#include "core/error.hpp"
#include "source/load_watch.hpp"
#include "source/loader_records.hpp"
#include "source/read_only.hpp"

namespace icm {

int query_timeout_of(const SessionOptions& options, const Settings& settings) {
  return options.query_timeout_seconds >= 0 ? options.query_timeout_seconds : settings.query_timeout_seconds;
}

Snapshot load_profile(const Profile& profile, const SessionOptions& options, const Settings& settings) {
  Day as_of = kNullDay;
  if (!settings.as_of.empty() && !parse_date(settings.as_of, as_of))
    throw Error(ErrorCode::data, "settings: as_of '" + settings.as_of + "' is not a YYYY-MM-DD date");

  odbc::Environment env;
  odbc::Connection connection(env, options.connection, options.login_timeout_seconds,
                              query_timeout_of(options, settings));
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

Snapshot load_snapshot(const SessionOptions& options, const Settings& settings) {
  WatchOptions watch{query_timeout_of(options, settings), odbc::describe_source(options.connection), "the load"};
  // The worker's own copies: after a timeout it may outlive this call (load_watch.hpp).
  SessionOptions own = options;
  own.progress = nullptr;
  return run_watched<Snapshot>(watch, options.progress, [own, settings](const ProgressFn& progress) {
    SessionOptions o = own;
    o.progress = progress;
    return load_profile(Profile::load(o.profile_dir), o, settings);
  });
}

}  // namespace icm
