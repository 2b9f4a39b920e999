#include "store/key_check.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace lienthong::store {
namespace {

namespace fs = std::filesystem;

constexpr char kKeyIdLabel[] = "lienthong store key id v1";
constexpr char kFirstLine[] = "lienthong encrypted store";
constexpr int kFormat = 1;
constexpr char kCipher[] = "AES-256-CTR";

std::string Hex(const std::string& bytes) {
  std::string out;
  for (unsigned char c : bytes) out += fmt::format("{:02x}", c);
  return out;
}

std::string KeyCheckText(const std::string& key) {
  return fmt::format("{}\nformat {}\ncipher {}\nkey-id {}\n", kFirstLine, kFormat, kCipher,
                     Hex(KeyId(key)));
}

Status SyncFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return Status::IoError(fmt::format("cannot open {} to sync it", path));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Status::IoError(fmt::format("cannot sync {}", path));
  return Status::Ok();
}

}  // namespace

std::string KeyId(const std::string& key) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(kKeyIdLabel), sizeof(kKeyIdLabel) - 1, out, &length);
  return std::string(reinterpret_cast<const char*>(out), length);
}

Status CheckKeyAgainstFile(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  if (!in) return Status::Invalid(fmt::format("{} is missing: not an encrypted store", path));
  std::stringstream text;
  text << in.rdbuf();
  const std::string content = text.str();
  if (!content.starts_with(std::string(kFirstLine) + "\nformat ")) {
    return Status::Invalid(fmt::format("{} is not a lienthong key-check file", path));
  }
  if (content.find(fmt::format("\nformat {}\ncipher {}\n", kFormat, kCipher)) ==
      std::string::npos) {
    return Status::Invalid(
        fmt::format("{} has a format or cipher this version does not know", path));
  }
  if (key.empty()) {
    return Status::Invalid(
        "the store is encrypted: give its key (--encryption-key-file, encryption_key_file or "
        "LIENTHONG_ENCRYPTION_KEY)");
  }
  if (content != KeyCheckText(key)) {
    return Status::Invalid("the encryption key is not this store's key (its key id differs)");
  }
  return Status::Ok();
}

Status WriteKeyCheckFile(const std::string& path, const std::string& key) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << KeyCheckText(key);
    out.close();
    if (!out) return Status::IoError(fmt::format("cannot write {}", temporary));
  }
  LT_RETURN_IF_ERROR(SyncFile(temporary));
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) return Status::IoError(fmt::format("cannot rename {}: {}", temporary, ec.message()));
  return SyncFile(fs::path(path).parent_path().string());
}

Status CheckStoreKey(const std::string& dir, const std::string& key, bool create) {
  const fs::path check = fs::path(dir) / kKeyCheckFileName;
  std::error_code ec;
  if (fs::exists(check, ec)) return CheckKeyAgainstFile(check.string(), key);
  const bool store_exists = fs::exists(fs::path(dir) / "CURRENT", ec);
  if (key.empty()) return Status::Ok();
  if (store_exists) {
    return Status::Invalid(
        "the store is not encrypted but a key was given; to encrypt it, run lienthong rekey "
        "with --new-key-file only");
  }
  if (!create) return Status::Ok();  // RocksDB reports the missing store
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError(fmt::format("cannot create {}: {}", dir, ec.message()));
  return WriteKeyCheckFile(check.string(), key);
}

}  // namespace lienthong::store
