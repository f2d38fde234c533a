#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/model/settings.hpp"

using icm::IniFile;
using icm::Settings;

namespace {

Settings parse(const std::string& text) { return Settings::from_ini(IniFile::parse(text, "settings.ini")); }

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const icm::Error& e) {
    CHECK(e.code() == icm::ErrorCode::data);
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("an empty settings file gives the seed documents' defaults", "[settings]") {
  Settings s = parse("");
  CHECK(s.min_group_size == 5);
  CHECK(s.top_box == 2);
  REQUIRE(s.criteria.size() == 5);  // seeds 第七条: five appraisal contents
  CHECK(s.criteria[0].name == "customer_satisfaction");
  CHECK(s.criteria[0].label_zh == "客户满意度");
  double total = 0;
  for (const auto& c : s.criteria) total += c.weight;
  CHECK(total == Approx(100));
  CHECK(s.tier.inputs == std::vector<std::string>{"contribution", "years", "importance"});
  CHECK(s.grade.inputs == std::vector<std::string>{"satisfaction", "impact"});
  CHECK(s.bands.front().recommendation_zh == "奖励");
}

TEST_CASE("settings override defaults and keep comments out of values", "[settings]") {
  Settings s = parse(
      "; comment\n"
      "[confidentiality]\nmin_group_size = 7   ; stricter\n"
      "[inputs]\nimportance = setting\n"
      "[setting.importance]\nD01 = 5\nD02 = 2\n"
      "[tier]\nmethod = quantiles\ninputs = contribution, importance\nweights = 2, 1\nquantiles = 0.2, 0.5\n"
      "[appraisal]\nbanding = forced\ntie_policy = split_by_key\n"
      "[complaints]\nack_sla_hours = 8\n");
  CHECK(s.min_group_size == 7);
  CHECK(s.inputs.at("importance").kind == icm::InputSource::Kind::setting);
  CHECK(s.unit_settings.at("importance").at("D01") == 5);
  CHECK(s.tier.method == icm::LevelRule::Method::quantiles);
  CHECK(s.tier.weights == std::vector<double>{2, 1});
  CHECK(s.banding == Settings::Banding::forced);
  CHECK(s.tie_policy == Settings::TiePolicy::split_by_key);
  CHECK(s.ack_sla_hours == 8);
}

TEST_CASE("settings errors name the file, the line and what is wrong", "[settings]") {
  CHECK(error_of("[confidentiality]\nmin_group_size = 2\n") ==
        "settings.ini:2: min_group_size 2 is below the floor of 3");
  CHECK(error_of("[survey]\ntop_box = two\n") == "settings.ini:2: top_box must be a number, got 'two'");
  CHECK(error_of("[survey]\n\ntopbox = 2\n") == "settings.ini:3: unknown setting 'topbox' in [survey]");
  CHECK(error_of("[surveys]\n") == "settings.ini:1: unknown section [surveys]");
  CHECK(error_of("[tier]\ninputs = contribution, years\n") ==
        "settings.ini:1: [tier] thresholds need level1_min and level2_min with one value per input (2)");
  CHECK(error_of("[grade]\ninputs = happiness\n") ==
        "settings.ini:2: [grade] uses input 'happiness', which [inputs] does not define");
  CHECK(error_of("min_group_size = 5\n") == "settings.ini:1: key outside any [section]: min_group_size = 5");
  CHECK(error_of("[inputs]\nimpact = magic\n") ==
        "settings.ini:2: input source must be kpi:<metric>, setting, relations or survey; got 'magic'");
  CHECK(error_of("[appraisal]\nbanding = forced\n[band.excellent]\nquota = 0.5\n") ==
        "settings.ini:2: forced distribution needs band quotas summing to 1");
  CHECK(error_of("[period]\nas_of = 2025-13-01\n") == "settings.ini:2: as_of must be a date YYYY-MM-DD; got '2025-13-01'");
  CHECK(error_of("[survey]\ntop_box = 1\ntop_box = 2\n") == "settings.ini:3: key 'top_box' appears twice in [survey]");
}

TEST_CASE("a missing settings file means defaults", "[settings]") {
  Settings s = Settings::load("/nonexistent/settings.ini");
  CHECK(s.min_group_size == 5);
}

TEST_CASE("[source] query_timeout: seconds without an answer before a load gives up", "[settings]") {
  CHECK(parse("").query_timeout_seconds == 300);
  CHECK(parse("[source]\nquery_timeout = 20\n").query_timeout_seconds == 20);
  CHECK(parse("[source]\nquery_timeout = 0   ; wait forever\n").query_timeout_seconds == 0);
  CHECK(error_of("[source]\nquery_timeout = -5\n") == "settings.ini:2: query_timeout must be 0 (no limit) to 86400 seconds");
  CHECK(error_of("[source]\nquery_timeout = 90000\n") == "settings.ini:2: query_timeout must be 0 (no limit) to 86400 seconds");
  CHECK(error_of("[source]\nquery_timeout = soon\n") == "settings.ini:2: query_timeout must be a number, got 'soon'");
}

TEST_CASE("[confidentiality] publish and [period] end.LABEL: when a period is published", "[settings]") {
  CHECK(parse("").publish == Settings::Publish::closed_periods);
  CHECK(parse("").closed_after_days == 0);
  CHECK(parse("[confidentiality]\npublish = live\n").publish == Settings::Publish::live);
  CHECK(parse("[confidentiality]\nclosed_after_days = 14\n").closed_after_days == 14);
  CHECK(error_of("[confidentiality]\npublish = sometimes\n") ==
        "settings.ini:2: publish must be closed_periods or live; got 'sometimes'");
  CHECK(error_of("[confidentiality]\nclosed_after_days = 400\n") == "settings.ini:2: closed_after_days must be 0 to 366");
  const Settings s = parse("[period]\nend.Wave 3 = 2025-05-20\n");
  CHECK(s.period_end.at("Wave 3") == "2025-05-20");
  CHECK(error_of("[period]\nend.Wave 3 = May\n") ==
        "settings.ini:2: end.Wave 3 must name a period and give its last day as YYYY-MM-DD; got 'May'");
  CHECK(error_of("[period]\nfinish = 2025-05-20\n") == "settings.ini:2: unknown setting 'finish' in [period]");
}
