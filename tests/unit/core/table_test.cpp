#include <catch2/catch.hpp>

#include <cmath>

#include "core/datasets/datasets.hpp"
#include "core/error.hpp"
#include "core/datasets/table.hpp"

TEST_CASE("a table stores typed cells and NULLs", "[table]") {
  icm::Table t("demo");
  t.add_column("id", icm::ColumnType::text, "Id", "编号");
  t.add_column("n", icm::ColumnType::integer, "N", "人数");
  t.add_column("mean", icm::ColumnType::real, "Mean", "均值");
  t.add_column("suppressed", icm::ColumnType::boolean, "Suppressed", "已隐藏");
  t.append().text("a").integer(7).real(4.25).boolean(false);
  t.append().text("b").null().real(std::nan("")).boolean(true);
  REQUIRE(t.rows() == 2);
  CHECK(t.cell_text(0, 0) == "a");
  CHECK(t.cell_text(1, 0) == "7");
  CHECK(t.cell_text(2, 0) == "4.25");
  CHECK(t.is_null(1, 1));
  CHECK(t.is_null(2, 1));  // NaN is stored as NULL
  CHECK(t.cell_text(3, 1) == "1");
  CHECK(t.find("mean") == 2);
  CHECK(t.find("nope") == -1);
}

TEST_CASE("a table refuses values of the wrong type and duplicate columns", "[table]") {
  icm::Table t("demo");
  t.add_column("id", icm::ColumnType::text, "Id", "编号");
  CHECK_THROWS_AS(t.add_column("id", icm::ColumnType::integer, "", ""), icm::Error);
  CHECK_THROWS_AS(t.append().integer(1), icm::Error);
}

TEST_CASE("data_quality accounts for every row by reason", "[datasets]") {
  icm::Snapshot snap;
  auto& acc = snap.account(icm::Record::survey_response);
  acc.present = true;
  acc.read = 10;
  acc.accepted = 7;
  acc.rejected = 3;
  acc.rejected_by_reason = {{"score_out_of_range", 2}, {"unknown_unit", 1}};
  acc.examples.push_back({4, "score", "9", "score_out_of_range", "score 9 outside scale [1, 5]"});
  icm::Settings settings = icm::Settings::defaults();
  icm::Table t = icm::build_data_quality({snap, settings, icm::Lang::en});
  // 8 record total rows + 2 reason rows.
  REQUIRE(t.rows() == 10);
  std::int64_t rejected_by_reason = 0;
  const int reason = t.find("reason"), rejected = t.find("rejected"), record = t.find("record");
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (t.column(record).texts[r] == "survey_response" && !t.is_null(reason, r))
      rejected_by_reason += t.column(rejected).ints[r];
  CHECK(rejected_by_reason == 3);
  bool example_found = false;
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (t.cell_text(reason, r) == "score_out_of_range")
      example_found = t.cell_text(t.find("example_row"), r) == "4" && t.cell_text(t.find("example_value"), r) == "9";
  CHECK(example_found);
}
