#include "store/encrypted_env.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <rocksdb/env_encryption.h>

#include <array>
#include <climits>
#include <cstring>

#include "store/key_check.h"

namespace lienthong::store {
namespace {

// Header layout: magic (8), key tag (8), IV (16), zeros to 4 KiB.
constexpr size_t kMagicBytes = 8;
constexpr size_t kKeyTagOffset = 8;
constexpr size_t kKeyTagBytes = 8;
constexpr size_t kIvOffset = 16;
constexpr size_t kIvBytes = 16;
constexpr size_t kAesBlock = 16;

struct CipherFree {
  void operator()(EVP_CIPHER* c) const { EVP_CIPHER_free(c); }
};
struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

using Iv = std::array<unsigned char, kIvBytes>;

// The counter block for byte `offset` of a file: the IV plus the block
// number, as one 128-bit big-endian integer (what CTR mode increments).
Iv CounterAt(const Iv& iv, uint64_t offset) {
  Iv counter = iv;
  uint64_t add = offset / kAesBlock;
  unsigned carry = 0;
  for (int i = kIvBytes - 1; i >= 0; --i) {
    const unsigned sum = counter[i] + static_cast<unsigned>(add & 0xff) + carry;
    counter[i] = static_cast<unsigned char>(sum);
    carry = sum >> 8;
    add >>= 8;
  }
  return counter;
}

// One file's key stream. Encrypt and Decrypt may run on several threads at
// once (RocksDB reads a table file concurrently): each call uses its thread's
// own cipher context.
class Aes256CtrStream : public rocksdb::BlockAccessCipherStream {
 public:
  // cipher and key belong to the provider, which outlives its streams.
  Aes256CtrStream(const EVP_CIPHER* cipher, const std::string* key, const Iv& iv)
      : cipher_(cipher), key_(key), iv_(iv) {}

  size_t BlockSize() override { return kAesBlock; }
  rocksdb::Status Encrypt(uint64_t offset, char* data, size_t size) override {
    return Apply(offset, data, size);
  }
  rocksdb::Status Decrypt(uint64_t offset, char* data, size_t size) override {
    return Apply(offset, data, size);
  }

 protected:
  void AllocateScratch(std::string&) override {}
  rocksdb::Status EncryptBlock(uint64_t block, char* data, char*) override {
    return Apply(block * kAesBlock, data, kAesBlock);
  }
  rocksdb::Status DecryptBlock(uint64_t block, char* data, char*) override {
    return Apply(block * kAesBlock, data, kAesBlock);
  }

 private:
  // XORs data with the key stream from `offset` on (CTR: the same for both
  // directions), in place.
  rocksdb::Status Apply(uint64_t offset, char* data, size_t size) {
    thread_local std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree> ctx(EVP_CIPHER_CTX_new());
    if (!ctx) return rocksdb::Status::IOError("cannot allocate a cipher context");
    const Iv counter = CounterAt(iv_, offset);
    const auto* key = reinterpret_cast<const unsigned char*>(key_->data());
    if (EVP_EncryptInit_ex2(ctx.get(), cipher_, key, counter.data(), nullptr) != 1) {
      return rocksdb::Status::IOError("cannot start AES-256-CTR");
    }
    int out = 0;
    // Skip the part of the first block that lies before offset.
    if (const int skip = static_cast<int>(offset % kAesBlock); skip > 0) {
      unsigned char scratch[kAesBlock] = {};
      if (EVP_EncryptUpdate(ctx.get(), scratch, &out, scratch, skip) != 1) {
        return rocksdb::Status::IOError("AES-256-CTR failed");
      }
    }
    auto* bytes = reinterpret_cast<unsigned char*>(data);
    while (size > 0) {
      const int chunk = static_cast<int>(std::min<size_t>(size, 1u << 30));
      if (EVP_EncryptUpdate(ctx.get(), bytes, &out, bytes, chunk) != 1) {
        return rocksdb::Status::IOError("AES-256-CTR failed");
      }
      bytes += chunk;
      size -= chunk;
    }
    return rocksdb::Status::OK();
  }

  const EVP_CIPHER* cipher_;
  const std::string* key_;
  const Iv iv_;
};

class Aes256CtrProvider : public rocksdb::EncryptionProvider {
 public:
  Aes256CtrProvider(std::unique_ptr<EVP_CIPHER, CipherFree> cipher, std::string key)
      : cipher_(std::move(cipher)), key_(std::move(key)) {
    key_tag_ = KeyId(key_).substr(0, kKeyTagBytes);
  }
  ~Aes256CtrProvider() override { OPENSSL_cleanse(key_.data(), key_.size()); }

  const char* Name() const override { return "LienthongAes256Ctr"; }
  size_t GetPrefixLength() const override { return kEncryptedFileHeaderBytes; }

  rocksdb::Status CreateNewPrefix(const std::string&, char* prefix, size_t length) const override {
    if (length < kIvOffset + kIvBytes) return rocksdb::Status::InvalidArgument("short header");
    std::memset(prefix, 0, length);
    std::memcpy(prefix, kEncryptedFileMagic, kMagicBytes);
    std::memcpy(prefix + kKeyTagOffset, key_tag_.data(), kKeyTagBytes);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(prefix + kIvOffset), kIvBytes) != 1) {
      return rocksdb::Status::IOError("no random bytes for a file IV");
    }
    return rocksdb::Status::OK();
  }

  rocksdb::Status AddCipher(const std::string&, const char*, size_t, bool) override {
    return rocksdb::Status::NotSupported("the key is fixed when the provider is made");
  }

  rocksdb::Status CreateCipherStream(
      const std::string& fname, const rocksdb::EnvOptions&, rocksdb::Slice& prefix,
      std::unique_ptr<rocksdb::BlockAccessCipherStream>* result) override {
    if (prefix.size() < kIvOffset + kIvBytes ||
        std::memcmp(prefix.data(), kEncryptedFileMagic, kMagicBytes) != 0) {
      return rocksdb::Status::IOError("not an encrypted store file", fname);
    }
    if (std::memcmp(prefix.data() + kKeyTagOffset, key_tag_.data(), kKeyTagBytes) != 0) {
      return rocksdb::Status::IOError("encrypted under another key", fname);
    }
    Iv iv;
    std::memcpy(iv.data(), prefix.data() + kIvOffset, kIvBytes);
    *result = std::make_unique<Aes256CtrStream>(cipher_.get(), &key_, iv);
    return rocksdb::Status::OK();
  }

 private:
  // Fetched once: an implicit fetch on every EVP init costs more than a
  // 4 KiB block's encryption.
  const std::unique_ptr<EVP_CIPHER, CipherFree> cipher_;
  std::string key_;
  std::string key_tag_;
};

}  // namespace

Result<std::unique_ptr<rocksdb::Env>> NewEncryptedEnv(const std::string& key, rocksdb::Env* base) {
  if (key.size() != kEncryptionKeyBytes) {
    return Status::Invalid("an encryption key has 32 bytes (64 hex characters)");
  }
  std::unique_ptr<EVP_CIPHER, CipherFree> cipher(EVP_CIPHER_fetch(nullptr, "AES-256-CTR", nullptr));
  if (!cipher) return Status::Internal("OpenSSL offers no AES-256-CTR");
  auto provider = std::make_shared<Aes256CtrProvider>(std::move(cipher), key);
  return std::unique_ptr<rocksdb::Env>(
      rocksdb::NewEncryptedEnv(base != nullptr ? base : rocksdb::Env::Default(), provider));
}

}  // namespace lienthong::store

namespace lienthong::store {
namespace {

class DiscardingLogger : public rocksdb::Logger {
 public:
  DiscardingLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::HEADER_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

}  // namespace

Result<StoreEnv> StoreEnv::ForKey(const std::string& key) {
  StoreEnv result;
  if (key.empty()) {
    result.env_ = rocksdb::Env::Default();
    return result;
  }
  Result<std::unique_ptr<rocksdb::Env>> env = NewEncryptedEnv(key);
  if (!env.ok()) return env.take_status();
  result.owned_ = std::move(env.value());
  result.env_ = result.owned_.get();
  return result;
}

std::shared_ptr<rocksdb::Logger> NewDiscardingLogger() {
  return std::make_shared<DiscardingLogger>();
}

}  // namespace lienthong::store
