#include "auth/signing_keys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/time.h"

namespace lienthong::auth {
namespace {

namespace fs = std::filesystem;

// Writes `text` to a new file readable by its owner only.
Status WritePrivateFile(const fs::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return Status::IoError("cannot create " + path.string());
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  return ok ? Status::Ok() : Status::IoError("cannot write " + path.string());
}

Result<SigningKey> ReadKey(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  Result<Pkey> key = ReadPrivateKeyPem(text.str());
  if (!key.ok()) return Status::Invalid(path.string() + " is not a PEM private key");
  SigningKey out;
  out.key = SharedPkey(key->release(), EVP_PKEY_free);
  if (!EVP_PKEY_is_a(out.key.get(), "EC")) {
    return Status::Invalid(path.string() + ": signing keys are P-256 EC keys");
  }
  Result<std::string> kid = Thumbprint(out.key.get());
  if (!kid.ok()) return kid.take_status();
  out.kid = std::move(kid.value());
  // The file name starts with the creation time, so names sort by age.
  out.created = std::atoll(path.filename().c_str());
  return out;
}

}  // namespace

Result<std::string> SigningKeys::Rotate(const std::string& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  ::chmod(folder.c_str(), 0700);
  Result<Pkey> key = GenerateEcKey("P-256");
  if (!key.ok()) return key.take_status();
  Result<std::string> pem = WritePrivateKeyPem(key->get());
  if (!pem.ok()) return pem.take_status();
  Result<std::string> kid = Thumbprint(key->get());
  if (!kid.ok()) return kid.take_status();
  const std::string name = fmt::format("{:012d}-{}.pem", NowMicros() / 1000000, kid->substr(0, 8));
  LT_RETURN_IF_ERROR(WritePrivateFile(fs::path(folder) / name, *pem));
  return kid;
}

Result<SigningKeys> SigningKeys::Load(const std::string& folder) {
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::exists(folder, ec)) {
    for (const fs::directory_entry& e : fs::directory_iterator(folder, ec)) {
      if (e.is_regular_file() && e.path().extension() == ".pem") files.push_back(e.path());
    }
  }
  if (ec) return Status::IoError("cannot read " + folder + ": " + ec.message());
  if (files.empty()) {
    Result<std::string> made = Rotate(folder);
    if (!made.ok()) return made.take_status();
    return Load(folder);
  }
  std::sort(files.begin(), files.end());
  SigningKeys keys;
  for (const fs::path& f : files) {
    Result<SigningKey> k = ReadKey(f);
    if (!k.ok()) return k.take_status();
    keys.keys_.push_back(std::move(k.value()));
  }
  return keys;
}

const SigningKey* SigningKeys::Find(std::string_view kid) const {
  for (const SigningKey& k : keys_) {
    if (k.kid == kid) return &k;
  }
  return nullptr;
}

json::Value SigningKeys::PublicJwks() const {
  json::Value keys = json::Value::Array();
  for (const SigningKey& k : keys_) {
    Result<json::Value> jwk = PublicJwk(k.key.get(), k.kid, std::string(AlgorithmName(k.alg)));
    if (jwk.ok()) keys.push_back(std::move(jwk.value()));
  }
  json::Value out = json::Value::Object();
  out.set("keys", std::move(keys));
  return out;
}

}  // namespace lienthong::auth
