// icm: the operator's command-line tool. Commands: sample, check, tables, datasets, audit.
// Exit codes (docs/cli.md): 0 success, 1 failure (source, profile, data, I/O), 2 usage error,
// 3 `icm check` found rejected rows / `icm audit` found recoverable groups.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/privacy/confidentiality.hpp"
#include "core/privacy/audit.hpp"
#include "core/privacy/publication.hpp"
#include "core/error.hpp"
#include "output.hpp"
#include "source/sample.hpp"
#include "source/session.hpp"
#include "source/write_access.hpp"

#ifndef ICM_SOURCE_PROFILE_DIR
#define ICM_SOURCE_PROFILE_DIR ""
#endif
#ifndef ICM_INSTALLED_PROFILE_DIR
#define ICM_INSTALLED_PROFILE_DIR ""
#endif
#ifndef ICM_VERSION_TEXT
#define ICM_VERSION_TEXT "0.0.0"
#endif

namespace fs = std::filesystem;
using icm::Lang;

namespace {

constexpr int kExitOk = 0, kExitFailure = 1, kExitUsage = 2, kExitRejected = 3;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Lang default_lang() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v && *v) return std::strncmp(v, "zh", 2) == 0 ? Lang::zh : Lang::en;
  }
  return Lang::en;
}

const char* kHelpEn = R"(icm - Internal Customer Metrics

Computes internal-customer tiers and grades, satisfaction, appraisal and complaint
metrics from an HR database read over ODBC.

Usage:
  icm sample [--out FILE] [--responses N] [--seed N]
      Write the synthetic sample HR database (SQLite). Default: icm-sample.db,
      20000 survey responses, seed 42.
  icm check   SOURCE [--profile DIR] [--period P]
      Load the source and report, per record, rows read / accepted / rejected,
      with the reasons and example rows. Exits 3 when any row was rejected.
  icm tables  SOURCE [DATASET ...] [--profile DIR] [--period P]
              [--format table|csv|json] [--lang en|zh] [--min-group-size N]
      Print datasets (default: all). CSV needs exactly one dataset.
  icm datasets [--describe]
      List the datasets (with --describe: their columns, types and labels).
  icm audit   SOURCE [--profile DIR] [--min-group-size N] [--width W]
  icm audit   --tables DIR [--min-group-size N] [--overall-dimension D]
              [--width W]
      Attack what icm publishes, seeing only the published datasets (of SOURCE,
      or CSV files DIR/<dataset>.csv written by `icm tables --format csv`):
      report every hidden group that adding and subtracting shown cells
      recovers; with --width, also every hidden group whose mean index they
      bound to within W index points. Exits 3 when it finds any.
  icm --version | --help

SOURCE is one of:
  --db FILE            a SQLite HR database, read through the sqliteodbc driver
  --source CONN        an ODBC connection string ("DSN=hr;UID=…" or "DRIVER=…;…")
  --login-timeout N    give up connecting after N seconds (default 30)
  --query-timeout N    give up when the database sends nothing for N seconds
                       while loading (default 300, or settings.ini [source]
                       query_timeout; 0 = wait forever)
  --pushdown           let the database summarise the survey responses instead
                       of sending every row (same results; see docs/pushdown.md)

The profile (one .sql per record + settings.ini) defaults to the sample profile.
Groups with fewer respondents than the minimum group size (default 5, floor 3)
are hidden in every dataset and shown as '*'.

Exit codes: 0 ok, 1 failure (source, profile, data, I/O), 2 usage error,
3 check found rejected rows, or audit found recoverable groups.
)";

const char* kHelpZh = R"(icm - 内部客户指标

从经 ODBC 读取的人事数据库计算内部客户分类（一级/二级/三级）与分级（A/B/C）、
满意度、考核与投诉指标。

用法：
  icm sample [--out 文件] [--responses 数量] [--seed 种子]
      生成示例人事数据库（SQLite）。默认：icm-sample.db，20000 条答卷，种子 42。
  icm check   数据源 [--profile 目录] [--period 期间]
      加载数据源，按记录报告读取/接受/拒绝的行数、原因和示例行。有被拒绝的行时退出码为 3。
  icm tables  数据源 [数据集 ...] [--profile 目录] [--period 期间]
              [--format table|csv|json] [--lang en|zh] [--min-group-size N]
      输出数据集（默认全部）。CSV 格式一次只能输出一个数据集。
  icm datasets [--describe]
      列出数据集（加 --describe：列名、类型与中英文标签）。
  icm audit   数据源 [--profile 目录] [--min-group-size N] [--width W]
  icm audit   --tables 目录 [--min-group-size N] [--overall-dimension 维度]
              [--width W]
      以攻击者视角审计 icm 发布的内容：只读取已发布的数据集（数据源的，或由
      `icm tables --format csv` 写出的 目录/<数据集>.csv），报告通过对可见单元格
      加减即可还原的每个隐藏分组；加 --width 时，还报告平均指数可被限定在
      W 个指数点以内的隐藏分组。发现任何此类分组时退出码为 3。
  icm --version | --help

数据源：
  --db 文件            SQLite 人事数据库，经 sqliteodbc 驱动读取
  --source 连接串      ODBC 连接串（"DSN=hr;UID=…" 或 "DRIVER=…;…"）
  --login-timeout 秒数 连接超过该秒数即放弃（默认 30）
  --query-timeout 秒数 加载时数据库连续该秒数无任何应答即放弃（默认 300，或 settings.ini
                       [source] query_timeout；0 表示一直等待）
  --pushdown           由数据库汇总满意度答卷，只传回汇总结果（结果相同；见 docs/pushdown.md）

配置（每种记录一个 .sql 文件和 settings.ini）默认为示例配置。
答卷人数少于最小分组人数（默认 5，下限 3）的分组在所有数据集中隐藏，显示为“*”。

退出码：0 成功，1 失败（数据源、配置、数据、读写），2 用法错误，3 检查发现被拒绝的行，
或审计发现可还原的分组。
)";

struct Args {
  std::string command;
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
  bool has(const std::string& k) const { return options.count(k) != 0; }
  std::string get(const std::string& k, const std::string& def = "") const {
    auto it = options.find(k);
    return it == options.end() ? def : it->second;
  }
};

Args parse_args(int argc, char** argv) {
  static const std::vector<std::string> with_value = {"--out", "--responses", "--seed", "--db", "--source",
                                                      "--profile", "--period", "--format", "--lang",
                                                      "--min-group-size", "--login-timeout", "--query-timeout",
                                                      "--tables", "--overall-dimension", "--width"};
  static const std::vector<std::string> flags = {"--help", "-h", "--version", "--quiet", "--progress", "--describe",
                                                 "--pushdown"};
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0 || s == "-h") {
      std::string key = s, value;
      auto eq = s.find('=');
      if (eq != std::string::npos) {
        key = s.substr(0, eq);
        value = s.substr(eq + 1);
      }
      bool takes = std::find(with_value.begin(), with_value.end(), key) != with_value.end();
      bool flag = std::find(flags.begin(), flags.end(), key) != flags.end();
      if (!takes && !flag) throw UsageError("unknown option " + key);
      if (takes && eq == std::string::npos) {
        if (i + 1 >= argc) throw UsageError("option " + key + " needs a value");
        value = argv[++i];
      }
      if (flag && eq != std::string::npos) throw UsageError("option " + key + " takes no value");
      a.options[key == "-h" ? "--help" : key] = value;
    } else if (a.command.empty()) {
      a.command = s;
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

std::uint64_t parse_count(const std::string& s, const char* what) {
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s.c_str(), &end, 10);
  if (s.empty() || *end || errno || s[0] == '-') throw UsageError(std::string(what) + " must be a whole number, got '" + s + "'");
  return v;
}

std::string default_profile() {
  if (const char* env = std::getenv("ICM_PROFILE_DIR"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // Installed layout: <prefix>/bin/icm and <prefix>/share/icm/profiles/sample.
    fs::path installed = exe.parent_path().parent_path() / "share/icm/profiles/sample";
    if (fs::is_directory(installed)) return installed.string();
  }
  for (const char* p : {ICM_SOURCE_PROFILE_DIR, ICM_INSTALLED_PROFILE_DIR})
    if (*p && fs::is_directory(p)) return p;
  throw UsageError("no profile folder found; pass --profile DIR");
}

// Progress on stderr, only for people watching a terminal (or when asked).
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  icm::ProgressFn fn() {
    if (!enabled_) return {};
    return [this](const char* record, std::uint64_t rows, std::uint64_t total) {
      auto now = std::chrono::steady_clock::now();
      if (record == last_ && now - shown_ < std::chrono::milliseconds(200) && rows != total) return;
      shown_ = now;
      last_ = record;
      std::cerr << "\r\033[K" << "loading " << record << ": " << rows;
      if (total) std::cerr << " / " << total;
      std::cerr << " rows" << std::flush;
      dirty_ = true;
    };
  }
  ~Progress() {
    if (dirty_) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  bool enabled_;
  bool dirty_ = false;
  std::string last_;
  std::chrono::steady_clock::time_point shown_{};
};

bool progress_wanted(const Args& a) {
  if (a.has("--quiet")) return false;
  return a.has("--progress") || isatty(STDERR_FILENO);
}

Lang lang_of(const Args& a) {
  if (!a.has("--lang")) return default_lang();
  const std::string l = a.get("--lang");
  if (l == "en") return Lang::en;
  if (l == "zh" || l == "zh-CN" || l == "zh_CN") return Lang::zh;
  throw UsageError("--lang must be en or zh, got '" + l + "'");
}

std::string profile_of(const Args& a) { return a.has("--profile") ? a.get("--profile") : default_profile(); }

icm::SessionOptions session_options(const Args& a) {
  icm::SessionOptions o;
  if (a.has("--db") == a.has("--source")) throw UsageError("give exactly one source: --db FILE or --source CONNECTION");
  if (a.has("--db")) {
    const std::string db = a.get("--db");
    if (!fs::exists(db)) throw icm::Error(icm::ErrorCode::not_found, "database file not found: " + db);
    // StepAPI=1: sqliteodbc then steps through results instead of materialising them whole
    // (about 0.5 GB per million rows otherwise).
    // Braced: a file name may hold ';' (icm then opens it read-only as a file: URI).
    std::string braced;
    for (char c : db) braced += c == '}' ? std::string("}}") : std::string(1, c);
    o.connection = "DRIVER=SQLite3;StepAPI=1;Database={" + braced + "}";
  } else {
    o.connection = a.get("--source");
  }
  o.profile_dir = profile_of(a);
  o.period = a.get("--period");
  o.pushdown = a.has("--pushdown");
  if (a.has("--login-timeout")) {
    const auto t = parse_count(a.get("--login-timeout"), "--login-timeout");
    if (t < 1 || t > 3600) throw UsageError("--login-timeout must be 1 to 3600 seconds");
    o.login_timeout_seconds = static_cast<int>(t);
  }
  if (a.has("--query-timeout")) {
    const auto t = parse_count(a.get("--query-timeout"), "--query-timeout");
    if (t > 86400) throw UsageError("--query-timeout must be 0 (wait forever) to 86400 seconds");
    o.query_timeout_seconds = static_cast<int>(t);
  }
  if (a.has("--min-group-size")) o.min_group_size = static_cast<int>(parse_count(a.get("--min-group-size"), "--min-group-size"));
  o.lang = lang_of(a);
  return o;
}

// Opens the source with a progress line on a terminal, cleared once the load is done.
std::unique_ptr<icm::Session> open_session(const Args& a) {
  auto opts = session_options(a);
  Progress progress(progress_wanted(a));
  opts.progress = progress.fn();
  return icm::Session::open(opts);
}

int cmd_sample(const Args& a) {
  icm::SampleOptions so;
  if (a.has("--responses")) so.responses = parse_count(a.get("--responses"), "--responses");
  if (a.has("--seed")) so.seed = parse_count(a.get("--seed"), "--seed");
  const std::string out = a.get("--out", "icm-sample.db");
  Progress progress(progress_wanted(a));
  icm::write_sample(out, so, progress.fn());
  if (!a.has("--quiet"))
    std::cerr << "icm: wrote sample HR database " << out << " (" << so.responses << " survey responses, seed "
              << so.seed << ")\n";
  return kExitOk;
}

// What the account could write (icm itself never does): the database only stops a mistake or an
// attack on its own when the account is SELECT-only (docs/profiles.md).
// What confidentiality costs: cells hidden, and the share of answers behind them, against what
// hiding only the groups below the threshold would cost.
void print_protection(const icm::Publication& p, int threshold, Lang lang) {
  const auto& s = p.summary();
  const bool zh = lang == Lang::zh;
  auto pct = [](std::uint64_t part, std::uint64_t whole) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
    return std::string(buf);
  };
  std::cout << "\n" << (zh ? "保密保护（最小分组人数 " : "Confidentiality (minimum group size ") << threshold
            << (zh ? "）：" : "): ") << s.cells << (zh ? " 个发布单元格，" : " published cells, ") << s.primary
            << (zh ? " 个低于阈值而隐藏，另有 " : " hidden below the threshold, ") << s.secondary
            << (zh ? " 个为防止相减还原而隐藏\n" : " more hidden so that none can be subtracted out\n");
  std::cout << "  " << (zh ? "隐藏的回答占 " : "answers hidden: ") << pct(s.answers_hidden, s.answers)
            << (zh ? "（仅按阈值隐藏时为 " : " (threshold alone: ") << pct(s.answers_hidden_primary, s.answers)
            << (zh ? "）\n" : ")\n");
  for (const auto& [period, why] : s.withheld)
    std::cout << "  " << (zh ? "期间 " : "period ") << period << (zh ? " 尚未发布：" : " not published yet: ") << why << "\n";
  if (s.answers_withheld > 0)
    std::cout << "  " << s.answers_withheld
              << (zh ? " 条回答/回访评分在未发布的期间中（[confidentiality] publish）\n"
                     : " answers and follow-up scores are in periods not published yet ([confidentiality] publish)\n");
  if (s.conservative > 0)
    std::cout << "  " << s.conservative
              << (zh ? " 个单元格因检查超出工作量上限而保守地隐藏\n"
                     : " cells hidden conservatively because a check ran past its work budget\n");
}

void print_write_access(const icm::WriteAccess& w, Lang lang) {
  const bool zh = lang == Lang::zh;
  using Kind = icm::WriteFinding::Kind;
  std::cout << "\n" << (zh ? "账号的写权限（icm 只读取；以下是该账号本身能做的）：\n"
                            : "Write access of this account (icm only reads; this is what the account itself could do):\n");
  const std::string db = w.dbms.empty() ? std::string(zh ? "该数据库" : "this database") : w.dbms;
  if (!w.known) {
    std::cout << "  " << db << (zh ? "：icm 无法判断该账号的权限。\n" : ": icm cannot tell this account's privileges.\n");
  } else if (!w.can_write()) {
    std::cout << "  " << db << (zh ? "：该账号只能读取（未发现任何写权限）。\n"
                                   : ": this account can only read (no write privilege found).\n");
    return;
  } else {
    const bool os_user = w.findings.front().kind == Kind::file;  // SQLite: the process, not a database account
    std::cout << "  " << db
              << (zh ? (os_user ? "：运行 icm 的系统账号可以写入：\n" : "：该账号可以写入：\n")
                     : (os_user ? ": the operating-system user running icm could write:\n" : ": this account could write:\n"));
    for (const auto& f : w.findings) {
      std::string names;
      for (const auto& n : f.names) names += (names.empty() ? "" : ", ") + n;
      std::cout << "    - ";
      switch (f.kind) {
        case Kind::tables:
          // Names are schema.table, or schema.* / *.* for every table of a database / of all.
          if (zh) std::cout << f.privileges << "，对象 " << f.count << " 个：" << names << (f.count > f.names.size() ? "…" : "") << "\n";
          else std::cout << f.privileges << " on " << f.count << (f.count == 1 ? " object: " : " objects: ") << names
                         << (f.count > f.names.size() ? ", …" : "") << "\n";
          break;
        case Kind::create:
          std::cout << (zh ? "可以创建表或其他对象：" : "may create tables or other objects: ") << names << "\n";
          break;
        case Kind::superuser:
          std::cout << (zh ? "超级用户权限（" : "superuser rights (") << f.privileges << (zh ? "）：可以做任何事\n" : "): may do anything\n");
          break;
        case Kind::server_files:
          std::cout << (zh ? "可以在服务器上写文件或运行程序（" : "may write files or run programs on the server (") << f.privileges
                    << (zh ? "）\n" : ")\n");
          break;
        case Kind::file:
          std::cout << (zh ? "本进程可以写入数据库文件 " : "this process may write the database file ") << names << "\n";
          break;
      }
    }
  }
  const bool file = !w.findings.empty() && w.findings.front().kind == Kind::file;
  if (file)
    std::cout << (zh ? "  建议：icm 以只读方式打开该文件；为更安全，请以不能写该文件的系统账号运行 icm，或使用只读副本。\n"
                     : "  Recommendation: icm opens the file read-only; to be safe also against mistakes, run icm as an\n"
                       "  operating-system user that cannot write the file, or read a copy.\n");
  else
    std::cout << (zh ? "  建议：使用只有 SELECT 权限的账号连接（授权语句见 docs/profiles.md “只读账号”）。\n"
                     : "  Recommendation: connect with a SELECT-only account (the GRANT statements are in\n"
                       "  docs/profiles.md, \"A SELECT-only account\").\n");
}

int cmd_check(const Args& a) {
  const Lang lang = lang_of(a);
  const auto session = open_session(a);
  const auto& snap = session->snapshot();
  std::uint64_t rejected = 0;
  std::cout << (lang == Lang::zh ? "数据质量检查，配置 " : "Data quality, profile ") << profile_of(a) << "\n\n";
  for (int i = 0; i < icm::kRecordCount; ++i) {
    const auto r = static_cast<icm::Record>(i);
    const auto& acc = snap.account(r);
    if (!acc.present) {
      std::cout << "  " << icm::record_name(r) << (lang == Lang::zh ? ": 配置中没有此记录（不适用）\n" : ": not in this profile (absent)\n");
      continue;
    }
    rejected += acc.rejected;
    std::cout << "  " << icm::record_name(r) << ": " << acc.read << (lang == Lang::zh ? " 行读取, " : " read, ")
              << acc.accepted << (lang == Lang::zh ? " 行接受, " : " accepted, ") << acc.rejected
              << (lang == Lang::zh ? " 行拒绝\n" : " rejected\n");
    if (acc.summarised + acc.checked_by_icm > 0)
      std::cout << (lang == Lang::zh ? "      下推：数据库汇总 " : "      pushdown: ") << acc.summarised
                << (lang == Lang::zh ? " 行（" : " rows summarised by the database in ") << acc.groups
                << (lang == Lang::zh ? " 组），icm 逐行检查 " : " groups, ") << acc.checked_by_icm
                << (lang == Lang::zh ? " 行\n" : " rows checked by icm\n");
    std::vector<std::pair<std::string, std::uint64_t>> reasons(acc.rejected_by_reason.begin(), acc.rejected_by_reason.end());
    std::sort(reasons.begin(), reasons.end());
    for (const auto& [code, count] : reasons) {
      std::cout << "      " << code << ": " << count << "\n";
      for (const auto& ex : acc.examples)
        if (ex.code == code)
          std::cout << "        " << (lang == Lang::zh ? "行 " : "row ") << ex.row
                    << (ex.column.empty() ? "" : ", " + std::string(lang == Lang::zh ? "列 " : "column ") + ex.column)
                    << (ex.value.empty() ? "" : " = '" + ex.value + "'") << ": " << ex.reason << "\n";
    }
  }
  std::cout << "\n" << (rejected ? (lang == Lang::zh ? "有被拒绝的行（见上）。\n" : "Some rows were rejected (see above).\n")
                                 : (lang == Lang::zh ? "所有行均被接受。\n" : "Every row was accepted.\n"));
  print_protection(*session->publication(), icm::effective_min_group_size(session->settings()), lang);
  try {
    print_write_access(icm::check_write_access(session_options(a), session->settings()), lang);
  } catch (const icm::Error& e) {  // the data-quality report stands; say why this part is missing
    std::cout << "\n" << (lang == Lang::zh ? "无法检查账号的写权限：" : "Could not check the account's write access: ")
              << e.what() << "\n";
  }
  return rejected ? kExitRejected : kExitOk;
}

int cmd_tables(const Args& a) {
  const std::string format = a.get("--format", "table");
  if (format != "table" && format != "csv" && format != "json")
    throw UsageError("--format must be table, csv or json, got '" + format + "'");
  std::vector<std::string> names = a.positional;
  if (names.empty()) names = icm::dataset_names();
  for (const auto& n : names)
    if (std::find(icm::dataset_names().begin(), icm::dataset_names().end(), n) == icm::dataset_names().end())
      throw UsageError("no dataset named '" + n + "' (see `icm datasets`)");
  if (format == "csv" && names.size() != 1) throw UsageError("--format csv prints one dataset; name it");

  const Lang lang = lang_of(a);
  const auto session = open_session(a);
  if (format == "json") std::cout << "{";
  bool first = true;
  for (const auto& name : names) {
    const icm::Table& table = session->dataset(name);
    if (format == "table") {
      std::cout << (first ? "" : "\n") << "== " << name << " ==\n";
      icm::cli::write_terminal(std::cout, table, lang);
    } else if (format == "csv") {
      icm::cli::write_csv(std::cout, table);
    } else {
      std::cout << (first ? "\n" : ",\n") << icm::cli::json_escape(name) << ": ";
      icm::cli::write_json_rows(std::cout, table);
    }
    first = false;
  }
  if (format == "json") std::cout << "\n}\n";
  return kExitOk;
}

// With --describe: every dataset's columns (as built with the default settings) as Markdown,
// which is how docs/datasets.md is kept true.
int cmd_datasets(const Args& a) {
  if (!a.has("--describe")) {
    for (const auto& n : icm::dataset_names()) std::cout << n << "\n";
    return kExitOk;
  }
  const icm::Snapshot empty;
  const icm::Settings settings = icm::Settings::defaults();
  static const char* type_names[] = {"", "INTEGER", "REAL", "TEXT", "BOOLEAN"};
  for (const auto& n : icm::dataset_names()) {
    const icm::Table t = icm::build_dataset(n, {empty, settings, Lang::en});
    std::cout << "### `" << n << "`\n\n| column | type | English | 中文 |\n|---|---|---|---|\n";
    for (std::size_t c = 0; c < t.cols(); ++c) {
      const auto& col = t.column(c);
      std::cout << "| `" << col.name << "` | " << type_names[static_cast<int>(col.type)] << " | "
                << col.label_en << " | " << col.label_zh << " |\n";
    }
    std::cout << "\n";
  }
  return kExitOk;
}

// Reads only what a face publishes — the datasets as tables — and attacks them.
int cmd_audit(const Args& a) {
  const Lang lang = lang_of(a);
  const bool zh = lang == Lang::zh;
  std::map<std::string, icm::Table> published;
  icm::audit::Options options;
  std::string what;
  if (a.has("--tables")) {
    if (a.has("--db") || a.has("--source")) throw UsageError("give either --tables DIR or a source, not both");
    published = icm::audit::read_csv_dir(a.get("--tables"));
    if (a.has("--min-group-size")) options.min_group_size = static_cast<int>(parse_count(a.get("--min-group-size"), "--min-group-size"));
    what = a.get("--tables");
  } else {
    // The whole publication: a period view is a subset of its rows (docs/methods.md).
    if (a.has("--period")) throw UsageError("icm audit attacks the whole publication; every --period view is part of it");
    const auto session = open_session(a);
    for (const auto& name : icm::dataset_names())
      if (name != "data_quality") published.emplace(name, session->dataset(name));
    options.min_group_size = icm::effective_min_group_size(session->settings());
    options.overall_dimension = session->settings().overall_dimension;
    what = a.has("--db") ? a.get("--db") : "the source";
  }
  if (a.has("--overall-dimension")) options.overall_dimension = a.get("--overall-dimension");
  if (a.has("--width")) {
    char* end = nullptr;
    const std::string w = a.get("--width");
    options.width = std::strtod(w.c_str(), &end);
    if (w.empty() || *end || !(options.width >= 0 && options.width <= 100))
      throw UsageError("--width must be 0 to 100 index points, got '" + w + "'");
  }
  const icm::audit::Report r = icm::audit::audit(published, options);
  std::cout << (zh ? "保密审计（仅读取已发布的数据集）：" : "Confidentiality audit (published datasets only): ") << what << "\n";
  std::cout << "  " << r.groups << (zh ? " 个最细分组，其中隐藏 " : " finest groups, ") << r.hidden_groups
            << (zh ? " 个；" : " hidden; ") << r.cells << (zh ? " 个发布单元格，其中隐藏 " : " published cells, ")
            << r.hidden_cells << (zh ? " 个；" : " hidden; ") << r.equations
            << (zh ? " 个可见单元格涉及隐藏分组；最小分组人数 " : " shown cells involve hidden groups; minimum group size ")
            << options.min_group_size << "\n";
  for (const auto& note : r.notes) std::cout << "  " << (zh ? "注意：" : "note: ") << note << "\n";
  for (const auto& f : r.findings) {
    std::cout << "  "
              << (f.kind == "cell"    ? (zh ? "可还原的隐藏单元格 " : "RECOVERED hidden cell ")
                  : f.kind == "union" ? (zh ? "可还原的小分组合并 " : "RECOVERED small union ")
                                      : (zh ? "可界定在窄区间内的隐藏分组 " : "BOUNDED hidden group "))
              << f.dataset << (f.key.empty() ? "" : " " + f.key);
    if (f.kind == "interval") {
      std::cout << (zh ? "：指数在 " : ": index between ") << f.low << (zh ? " 与 " : " and ") << f.high
                << (zh ? " 之间\n" : "\n");
      continue;
    }
    if (!std::isnan(f.answers))
      std::cout << (zh ? "：回答数 " : ": n ") << (f.approximate ? "≈ " : "= ") << f.answers;
    if (!std::isnan(f.index)) std::cout << (zh ? "，指数 " : ", index ") << f.index;
    if (!std::isnan(f.respondents)) std::cout << (zh ? "，答卷人数 " : ", respondents ") << f.respondents;
    std::cout << "\n";
    if (f.groups.size() > 1 || f.kind == "union") {
      std::cout << "      " << (zh ? "分组：" : "groups:");
      for (const auto& g : f.groups) std::cout << " " << g;
      std::cout << "\n";
    }
    if (!f.how.empty()) std::cout << "      " << (zh ? "方法：" : "from: ") << f.how << "\n";
  }
  char bound[64] = "";
  if (options.width > 0)
    std::snprintf(bound, sizeof bound, zh ? "，或限定在 %g 个指数点以内" : ", or bounded to within %g index points", options.width);
  if (r.findings.empty())
    std::cout << (zh ? "没有隐藏分组可被还原" : "No hidden group can be recovered") << bound << (zh ? "。\n" : ".\n");
  else
    std::cout << (zh ? "有隐藏分组可被还原" : "Hidden groups can be recovered") << bound
              << (zh ? "（见上）。\n" : " (see above).\n");
  return r.findings.empty() ? kExitOk : kExitRejected;
}

}  // namespace

int main(int argc, char** argv) {
  Lang help_lang = default_lang();
  try {
    Args a = parse_args(argc, argv);
    help_lang = lang_of(a);
    if (a.has("--version")) {
      std::cout << "icm " << ICM_VERSION_TEXT << "\n";
      return kExitOk;
    }
    if (a.has("--help") || a.command.empty() || a.command == "help") {
      std::cout << (help_lang == Lang::zh ? kHelpZh : kHelpEn);
      return a.command.empty() && !a.has("--help") ? kExitUsage : kExitOk;
    }
    if (a.command == "sample") return cmd_sample(a);
    if (a.command == "check") return cmd_check(a);
    if (a.command == "tables") return cmd_tables(a);
    if (a.command == "datasets") return cmd_datasets(a);
    if (a.command == "audit") return cmd_audit(a);
    throw UsageError("unknown command '" + a.command + "'");
  } catch (const UsageError& e) {
    std::cerr << "icm: " << e.what() << "\n"
              << (help_lang == Lang::zh ? "运行 `icm --help` 查看用法。\n" : "Run `icm --help` for usage.\n");
    return kExitUsage;
  } catch (const icm::Error& e) {
    std::cerr << "icm: error: " << e.what() << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "icm: internal error: " << e.what() << "\n";
    return kExitFailure;
  }
}
