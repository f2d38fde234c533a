#include "core/datasets/datasets.hpp"

#include <algorithm>

#include "core/privacy/publication.hpp"
#include "core/error.hpp"

namespace icm {

std::shared_ptr<const Publication> publication_for(const BuildContext& ctx) {
  return ctx.publication ? ctx.publication : Publication::protect(ctx.snapshot, ctx.settings);
}

const std::vector<std::string>& dataset_names() {
  static const std::vector<std::string> names = {"units",      "satisfaction", "service_matrix",
                                                 "appraisal",  "complaints",   "data_quality"};
  return names;
}

Table build_dataset(const std::string& name, const BuildContext& ctx) {
  if (name == "units") return build_units(ctx);
  if (name == "satisfaction") return build_satisfaction(ctx);
  if (name == "service_matrix") return build_service_matrix(ctx);
  if (name == "appraisal") return build_appraisal(ctx);
  if (name == "complaints") return build_complaints(ctx);
  if (name == "data_quality") return build_data_quality(ctx);
  std::string known;
  for (const auto& n : dataset_names()) known += (known.empty() ? "" : ", ") + n;
  throw Error(ErrorCode::not_found, "no dataset named '" + name + "' (datasets: " + known + ")");
}

const char* record_label_zh(Record r) {
  switch (r) {
    case Record::unit: return "组织单元";
    case Record::relation: return "服务关系";
    case Record::employee: return "员工";
    case Record::survey_response: return "满意度答卷";
    case Record::complaint: return "投诉";
    case Record::follow_up: return "回访";
    case Record::review: return "考核评分";
    case Record::kpi: return "绩效指标";
  }
  return "";
}

// One row per record and reject reason (plus a row with reason NULL carrying the totals), so
// read = accepted + rejected can be checked in SQL and every rejected row is accounted for.
Table build_data_quality(const BuildContext& ctx) {
  Table t("data_quality");
  t.add_column("record", ColumnType::text, "Record", "数据记录");
  t.add_column("record_label", ColumnType::text, "Record (label)", "记录名称");
  t.add_column("present", ColumnType::boolean, "Present in profile", "已配置");
  t.add_column("reason", ColumnType::text, "Reject reason", "拒绝原因");
  t.add_column("rows_read", ColumnType::integer, "Rows read", "读取行数");
  t.add_column("accepted", ColumnType::integer, "Accepted", "接受行数");
  t.add_column("rejected", ColumnType::integer, "Rejected", "拒绝行数");
  t.add_column("example_row", ColumnType::integer, "Example row", "示例行号");
  t.add_column("example_column", ColumnType::text, "Example column", "示例列");
  t.add_column("example_value", ColumnType::text, "Example value", "示例值");
  t.add_column("example_message", ColumnType::text, "Example message", "示例说明");
  for (int i = 0; i < kRecordCount; ++i) {
    const auto r = static_cast<Record>(i);
    const RecordAccount& a = ctx.snapshot.account(r);
    const std::string label = ctx.lang == Lang::zh ? record_label_zh(r) : record_name(r);
    t.append().text(record_name(r)).text(label).boolean(a.present).null()
        .integer(static_cast<std::int64_t>(a.read)).integer(static_cast<std::int64_t>(a.accepted))
        .integer(static_cast<std::int64_t>(a.rejected)).null().null().null().null();
    std::vector<std::pair<std::string, std::uint64_t>> reasons(a.rejected_by_reason.begin(),
                                                               a.rejected_by_reason.end());
    std::sort(reasons.begin(), reasons.end());
    for (const auto& [reason, count] : reasons) {
      auto ex = std::find_if(a.examples.begin(), a.examples.end(),
                             [&](const RejectExample& e) { return e.code == reason; });
      auto w = t.append();
      w.text(record_name(r)).text(label).boolean(a.present).text(reason).null().null()
          .integer(static_cast<std::int64_t>(count));
      if (ex != a.examples.end())
        w.integer(static_cast<std::int64_t>(ex->row)).text(ex->column).text(ex->value).text(ex->reason);
      else
        w.null().null().null().null();
    }
  }
  return t;
}

}  // namespace icm
