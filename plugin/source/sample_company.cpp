// Builds the sample company. Sizes follow the brief: ~8 departments, teams of varied size
// (about a quarter below the anonymity threshold of 5, so suppression has something to do),
// relations starting over several years so years of cooperation differ.
#include "source/sample_company.hpp"

#include <algorithm>

namespace icm::detail {

namespace {

struct DepartmentName {
  const char* zh;
  const char* en;
  const char* code;
};

constexpr DepartmentName kDepartments[] = {
    {"人力资源部", "Human Resources", "HR"}, {"财务部", "Finance", "FIN"},
    {"信息技术部", "Information Technology", "IT"}, {"采购部", "Procurement", "PUR"},
    {"生产部", "Production", "PRD"},        {"质量部", "Quality", "QA"},
    {"物流部", "Logistics", "LOG"},         {"销售部", "Sales", "SAL"},
    {"市场部", "Marketing", "MKT"},         {"研发部", "Research and Development", "RND"},
    {"法务部", "Legal", "LEG"},             {"行政部", "Administration", "ADM"},
};

constexpr const char* kTeamZh[] = {"一组", "二组", "三组", "四组", "五组", "六组"};
constexpr const char* kLastNames[] = {"Wang", "Li",  "Zhang", "Liu", "Chen", "Yang", "Zhao",
                                      "Huang", "Zhou", "Wu", "Xu", "Sun", "Ma", "Zhu"};
constexpr const char* kFirstNames[] = {"Wei", "Fang", "Na",  "Min", "Jing", "Lei", "Qiang", "Jun",
                                       "Yan", "Tao",  "Hui", "Ping", "Xin", "Yu", "Hao",  "Ling"};

}  // namespace

SampleCompany build_company(const SampleOptions& options, SampleRandom& random) {
  SampleCompany c;
  const int departments = std::clamp(options.departments, 1, 12);
  c.units.push_back(SampleUnit{"HQ", "公司总部 Headquarters", "", 0, true, -1});
  for (int d = 0; d < departments; ++d) {
    const DepartmentName& name = kDepartments[d];
    c.departments.push_back(c.units.size());
    c.units.push_back(SampleUnit{name.code, std::string(name.zh) + " " + name.en, "HQ", 1, true, d});
    c.quality.push_back(2.9 + 1.5 * random.uniform());
    std::vector<double> offsets;
    for (int k = 0; k < 4; ++k) offsets.push_back(0.8 * (random.uniform() - 0.5));
    c.dimension_offset.push_back(offsets);
    c.trend.push_back(0.12 * (random.uniform() - 0.4));
    c.importance.push_back(random.between(1, 5));
    c.impact.push_back(random.between(1, 5));
  }
  // Teams and their people. Hire dates spread over 2010 … the sample year.
  const Day first_hire = days_from_civil(2010, 1, 1);
  const Day last_hire = days_from_civil(options.year, 6, 30);
  std::int64_t emp_no = 10001;
  for (int d = 0; d < departments; ++d) {
    const int teams = random.between(2, 5);
    for (int t = 0; t < teams; ++t) {
      SampleUnit team;
      team.id = std::string(kDepartments[d].code) + "-T" + std::to_string(t + 1);
      team.name = std::string(kDepartments[d].zh) + kTeamZh[t] + " " + kDepartments[d].en + " Team " +
                  std::to_string(t + 1);
      team.parent = kDepartments[d].code;
      team.level = 2;
      team.active = !(d == 0 && t == teams - 1);  // one disbanded team keeps its history
      team.department = d;
      const std::size_t unit = c.units.size();
      c.units.push_back(team);
      const int people = random.chance(0.25) ? random.between(2, 4) : random.between(6, 22);
      for (int p = 0; p < people; ++p) {
        SampleEmployee e;
        e.emp_no = emp_no++;
        e.last_name = kLastNames[random.below(std::size(kLastNames))];
        e.first_name = kFirstNames[random.below(std::size(kFirstNames))];
        e.unit = unit;
        e.hired = first_hire + static_cast<Day>(random.below(static_cast<std::uint64_t>(last_hire - first_hire)));
        e.active = team.active && !random.chance(0.04);
        e.leniency = 0.35 * random.normal();
        c.employees.push_back(e);
      }
    }
  }
  // Who serves whom: every department serves 2–5 others, since a date in 2016 … the year before.
  c.providers_of.assign(static_cast<std::size_t>(departments), {});
  const Day first_since = days_from_civil(2016, 1, 1);
  const Day last_since = days_from_civil(options.year - 1, 12, 31);
  for (int p = 0; p < departments; ++p) {
    std::vector<int> others;
    for (int q = 0; q < departments; ++q)
      if (q != p) others.push_back(q);
    const int serves = std::min<int>(static_cast<int>(others.size()), random.between(2, 5));
    for (int k = 0; k < serves; ++k) {  // partial Fisher–Yates: distinct customers
      const std::size_t j = static_cast<std::size_t>(k) + random.below(others.size() - static_cast<std::size_t>(k));
      std::swap(others[static_cast<std::size_t>(k)], others[j]);
      const int customer = others[static_cast<std::size_t>(k)];
      c.relations.push_back(SampleRelation{
          p, customer,
          first_since + static_cast<Day>(random.below(static_cast<std::uint64_t>(last_since - first_since)))});
      c.providers_of[static_cast<std::size_t>(customer)].push_back(p);
    }
  }
  return c;
}

}  // namespace icm::detail
