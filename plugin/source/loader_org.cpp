// The organisation records: units (with the parent tree), employees and service relations.
//
// Units whose parent_id names no accepted unit are REJECTED ("unknown_parent"), and so are
// their descendants, rather than kept as roots: re-rooting would silently move a subtree's
// results out of its real parent's totals, while a rejection shows up in `icm check` with the
// missing key, which is what a DBA needs to fix the extract.
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "source/loader_records.hpp"
#include "source/record_reader.hpp"
#include "source/values.hpp"

namespace icm::detail {

namespace {

RecordAccount& account(LoadContext& ctx, Record r) { return ctx.snapshot.account(r); }

// Reads a date column: NULL -> kNullDay (ok unless required), malformed -> reject.
bool read_day(const Row& row, int k, bool required, Day& out) {
  if (row.null(k) || trim_view(row.text(k)).empty()) {
    out = kNullDay;
    return !required || row.reject("null_required", k, "a date is required");
  }
  if (!parse_date(row.text(k), out))
    return row.reject("bad_date", k, "'" + std::string(row.text(k)) + "' is not a YYYY-MM-DD date");
  return true;
}

bool read_active(const Row& row, int k, bool& out) {
  if (row.null(k)) return out = true, true;  // no flag: the unit exists, so it counts as active
  if (!parse_bool(row.text(k), out))
    return row.reject("bad_boolean", k, "'" + std::string(row.text(k)) + "' is not a yes/no value");
  return true;
}

struct UnitCandidate {
  std::string id, name, parent;
  UnitKind kind = UnitKind::department;
  bool active = true;
  std::uint64_t row = 0;
  bool ok = true;
};

// Records a rejection decided after the rows were read (tree checks), with the same
// accounting and example rules as Row::reject.
void reject_late(RecordAccount& acc, const UnitCandidate& u, const char* code, const std::string& reason) {
  ++acc.rejected;
  --acc.accepted;
  if (acc.rejected_by_reason[code]++ < 5) {
    RejectExample ex;
    ex.row = u.row;
    ex.column = "parent_id";
    ex.value = u.parent;
    ex.code = code;
    ex.reason = reason;
    acc.examples.push_back(std::move(ex));
  }
}

}  // namespace

void load_units(LoadContext& ctx, const ProfileQuery& q) {
  RecordAccount& acc = account(ctx, Record::unit);
  enum { kId, kName, kParent, kKind, kActive };
  RecordReader reader(ctx.connection, q, Record::unit, {"id", "name", "parent_id", "kind", "active"},
                      ctx.options, acc);
  std::vector<UnitCandidate> units;
  std::unordered_map<std::string, std::size_t> by_id;
  reader.for_each([&](const Row& row) {
    std::string_view id;
    if (!read_key(row, kId, id)) return false;
    UnitKind kind{};
    if (row.null(kKind) || !parse_kind(row.text(kKind), kind))
      return row.reject("bad_kind", kKind, "kind must be department, team or employee");
    bool active = true;
    if (!read_active(row, kActive, active)) return false;
    if (by_id.count(std::string(id))) return row.reject("duplicate_key", kId, "unit id appears twice");
    UnitCandidate u;
    u.id = std::string(id);
    u.name = std::string(trim_view(row.text(kName)));
    u.parent = row.null(kParent) ? std::string() : std::string(trim_view(row.text(kParent)));
    u.kind = kind;
    u.active = active;
    u.row = row.number();
    by_id.emplace(u.id, units.size());
    units.push_back(std::move(u));
    return true;
  });

  const std::size_t n = units.size();
  std::vector<std::size_t> parent(n, SIZE_MAX);
  for (std::size_t i = 0; i < n; ++i) {
    if (units[i].parent.empty()) continue;
    auto it = by_id.find(units[i].parent);
    if (it == by_id.end()) {
      units[i].ok = false;
      reject_late(acc, units[i], "unknown_parent", "parent '" + units[i].parent + "' is not a unit");
    } else {
      parent[i] = it->second;
    }
  }
  // Cycles: walk up from each unit; meeting a unit already on the current path closes a loop.
  std::vector<std::uint8_t> colour(n, 0);  // 0 new, 1 on path, 2 done
  for (std::size_t start = 0; start < n; ++start) {
    std::vector<std::size_t> path;
    std::size_t i = start;
    while (i != SIZE_MAX && colour[i] == 0 && units[i].ok) {
      colour[i] = 1;
      path.push_back(i);
      i = parent[i];
    }
    if (i != SIZE_MAX && colour[i] == 1) {
      bool in_cycle = false;
      for (std::size_t p : path) {
        if (p == i) in_cycle = true;
        if (in_cycle) {
          units[p].ok = false;
          reject_late(acc, units[p], "parent_cycle", "unit '" + units[p].id + "' is its own ancestor");
        }
      }
    }
    for (std::size_t p : path) colour[p] = 2;
  }
  // Descendants of rejected units have no parent left to hang from.
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < n; ++i)
      if (units[i].ok && parent[i] != SIZE_MAX && !units[parent[i]].ok) {
        units[i].ok = false;
        reject_late(acc, units[i], "unknown_parent", "parent '" + units[i].parent + "' was rejected");
        changed = true;
      }
  }

  UnitTable& t = ctx.snapshot.units;
  for (const UnitCandidate& u : units)
    if (u.ok) t.ids.intern(u.id);
  for (const UnitCandidate& u : units) {
    if (!u.ok) continue;
    t.name.push_back(u.name);
    t.parent.push_back(u.parent.empty() ? kNoIndex : t.ids.find(u.parent));
    t.kind.push_back(u.kind);
    t.active.push_back(u.active);
  }
}

void load_employees(LoadContext& ctx, const ProfileQuery& q) {
  enum { kId, kUnit, kHire, kActive };
  RecordReader reader(ctx.connection, q, Record::employee, {"id", "unit_id", "hire_date", "active"},
                      ctx.options, account(ctx, Record::employee));
  EmployeeTable& t = ctx.snapshot.employees;
  const Dictionary& units = ctx.snapshot.units.ids;
  reader.for_each([&](const Row& row) {
    std::string_view id, unit;
    if (!read_key(row, kId, id) || !read_key(row, kUnit, unit)) return false;
    const std::uint32_t u = units.find(unit);
    if (u == kNoIndex) return row.reject("unknown_unit", kUnit, "unit '" + std::string(unit) + "' is not a unit");
    Day hire = kNullDay;
    bool active = true;
    if (!read_day(row, kHire, false, hire) || !read_active(row, kActive, active)) return false;
    if (t.ids.find(id) != kNoIndex) return row.reject("duplicate_key", kId, "employee id appears twice");
    t.ids.intern(id);
    t.unit.push_back(u);
    t.hire_date.push_back(hire);
    t.active.push_back(active);
    ctx.saw(hire);
    return true;
  });
}

void load_relations(LoadContext& ctx, const ProfileQuery& q) {
  enum { kProvider, kCustomer, kSince };
  RecordReader reader(ctx.connection, q, Record::relation, {"provider_id", "customer_id", "since"},
                      ctx.options, account(ctx, Record::relation));
  RelationTable& t = ctx.snapshot.relations;
  const Dictionary& units = ctx.snapshot.units.ids;
  std::unordered_set<std::uint64_t> pairs;
  reader.for_each([&](const Row& row) {
    std::string_view provider, customer;
    if (!read_key(row, kProvider, provider) || !read_key(row, kCustomer, customer)) return false;
    const std::uint32_t p = units.find(provider), c = units.find(customer);
    if (p == kNoIndex) return row.reject("unknown_unit", kProvider, "unit '" + std::string(provider) + "' is not a unit");
    if (c == kNoIndex) return row.reject("unknown_unit", kCustomer, "unit '" + std::string(customer) + "' is not a unit");
    Day since = kNullDay;
    if (!read_day(row, kSince, true, since)) return false;
    if (!pairs.insert((static_cast<std::uint64_t>(p) << 32) | c).second)
      return row.reject("duplicate_key", kCustomer, "provider/customer pair appears twice");
    t.provider.push_back(p);
    t.customer.push_back(c);
    t.since.push_back(since);
    ctx.saw(since);
    return true;
  });
}

}  // namespace icm::detail
