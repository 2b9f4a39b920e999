// Reads a whole file into a string, for tests that load data files; empty
// when the file cannot be read (the caller's assertions then fail).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lienthong::testing {

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace lienthong::testing
