// What tests of encryption and backups look at in a store's folder: every
// file's size and modification time (to prove that nothing was touched), and
// whether any file holds some bytes in clear.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "support/read_file.h"

namespace lienthong::store {

struct FileState {
  uintmax_t size = 0;
  std::filesystem::file_time_type mtime;
  bool operator==(const FileState&) const = default;
};

// Every file below dir (relative path -> size and mtime).
inline std::map<std::string, FileState> FolderState(const std::filesystem::path& dir) {
  std::map<std::string, FileState> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (!e.is_regular_file()) continue;
    out[std::filesystem::relative(e.path(), dir).string()] = {e.file_size(), e.last_write_time()};
  }
  return out;
}

// The files below dir whose bytes contain `needle`, comma-separated.
inline std::string FilesContaining(const std::filesystem::path& dir, const std::string& needle) {
  std::string found;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (!e.is_regular_file()) continue;
    if (testing::ReadFile(e.path()).find(needle) != std::string::npos) {
      found += e.path().filename().string() + ",";
    }
  }
  return found;
}

}  // namespace lienthong::store
