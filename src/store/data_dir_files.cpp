#include "store/data_dir_files.h"

#include <set>

#include "store/key_check.h"

namespace lienthong::store {

namespace fs = std::filesystem;

bool IsRocksDbFile(const std::string& name) {
  if (name == "CURRENT" || name == "IDENTITY" || name == "LOCK" || name == "LOG") return true;
  for (const char* prefix : {"LOG.old.", "MANIFEST-", "OPTIONS-"}) {
    if (name.starts_with(prefix)) return true;
  }
  for (const char* suffix : {".sst", ".log", ".blob", ".dbtmp"}) {
    if (name.ends_with(suffix)) return true;
  }
  return false;
}

std::vector<fs::path> StoreOwnFiles(const fs::path& data_dir) {
  static const std::set<std::string> kSkipped = {"exports", "imports", "reindex-jobs"};
  std::vector<fs::path> out;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(data_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file()) {
      if (!IsRocksDbFile(name) && name != kKeyCheckFileName) out.push_back(name);
    } else if (entry.is_directory() && !kSkipped.contains(name)) {
      for (const fs::directory_entry& inner : fs::recursive_directory_iterator(entry.path(), ec)) {
        if (inner.is_regular_file()) out.push_back(fs::relative(inner.path(), data_dir));
      }
    }
  }
  return out;
}

}  // namespace lienthong::store
