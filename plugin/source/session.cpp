#include "source/session.hpp"

#include <filesystem>

#include "core/error.hpp"
#include "source/loader.hpp"

namespace icm {

std::unique_ptr<Session> Session::open(const SessionOptions& options) {
  ICM_REQUIRE(!options.connection.empty(), "a connection string or DSN is required");
  ICM_REQUIRE(!options.profile_dir.empty(), "a profile folder is required");
  if (!std::filesystem::is_directory(options.profile_dir))
    throw Error(ErrorCode::not_found, "profile folder not found: " + options.profile_dir);
  if (options.min_group_size != 0 && options.min_group_size < 3)
    throw Error(ErrorCode::invalid_argument,
                "minimum group size " + std::to_string(options.min_group_size) +
                    " is below the confidentiality floor of 3");

  Settings settings = Settings::load((std::filesystem::path(options.profile_dir) / "settings.ini").string());
  if (options.min_group_size != 0) settings.min_group_size = options.min_group_size;

  std::unique_ptr<Session> s(new Session());
  s->snapshot_ = load_snapshot(options, settings);
  s->settings_ = std::move(settings);
  s->lang_ = options.lang;
  return s;
}

std::unique_ptr<Session> Session::from_snapshot(Snapshot snapshot, Settings settings, Lang lang) {
  ICM_REQUIRE(settings.min_group_size >= 3, "minimum group size is below the confidentiality floor of 3");
  std::unique_ptr<Session> s(new Session());
  s->snapshot_ = std::move(snapshot);
  s->settings_ = std::move(settings);
  s->lang_ = lang;
  return s;
}

const Table& Session::dataset(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = cache_.find(name);
  if (it != cache_.end()) return *it->second;
  BuildContext ctx{snapshot_, settings_, lang_};
  auto table = std::make_unique<Table>(build_dataset(name, ctx));
  return *cache_.emplace(name, std::move(table)).first->second;
}

}  // namespace icm
