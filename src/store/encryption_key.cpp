#include "store/encryption_key.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "store/key_check.h"

namespace lienthong::store {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

}  // namespace

Result<std::string> ParseHexKey(std::string_view text) {
  text = Trim(text);
  if (text.size() != 2 * kEncryptionKeyBytes) {
    return Status::Invalid("an encryption key is 64 hex characters (openssl rand -hex 32)");
  }
  std::string key(kEncryptionKeyBytes, '\0');
  for (size_t i = 0; i < kEncryptionKeyBytes; ++i) {
    const int high = HexDigit(text[2 * i]);
    const int low = HexDigit(text[2 * i + 1]);
    if (high < 0 || low < 0) {
      OPENSSL_cleanse(key.data(), key.size());
      return Status::Invalid("an encryption key is 64 hex characters (openssl rand -hex 32)");
    }
    key[i] = static_cast<char>(high << 4 | low);
  }
  return key;
}

Result<std::string> ReadKeyFile(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return Status::IoError(fmt::format("cannot read the key file {}", path));
  }
  if (!S_ISREG(info.st_mode)) {
    return Status::Invalid(fmt::format("the key file {} is not a regular file", path));
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Status::Invalid(
        fmt::format("the key file {} may be read by other accounts (mode {:o}): chmod 600 {}", path,
                    info.st_mode & 0777, path));
  }
  std::ifstream in(path);
  if (!in) return Status::IoError(fmt::format("cannot read the key file {}", path));
  std::stringstream text;
  text << in.rdbuf();
  std::string content = text.str();
  Result<std::string> key = ParseHexKey(content);
  OPENSSL_cleanse(content.data(), content.size());
  if (!key.ok()) return Status::Invalid(fmt::format("{}: {}", path, key.status().message()));
  return key;
}

Result<std::string> LoadEncryptionKey(const std::string& key_file) {
  const char* variable = std::getenv(kEncryptionKeyVariable);
  if (!key_file.empty()) {
    if (variable != nullptr) {
      return Status::Invalid(fmt::format("both an encryption key file and {} are given: use one",
                                         kEncryptionKeyVariable));
    }
    return ReadKeyFile(key_file);
  }
  if (variable == nullptr) return std::string();
  Result<std::string> key = ParseHexKey(variable);
  if (!key.ok())
    return Status::Invalid(fmt::format("{}: {}", kEncryptionKeyVariable, key.status().message()));
  return key;
}

}  // namespace lienthong::store
