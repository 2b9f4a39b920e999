// The RocksDB environment of an encrypted store: every file RocksDB writes
// through it (WAL, table files, MANIFEST, OPTIONS, CURRENT, IDENTITY, and a
// backup's files) is AES-256-CTR ciphertext behind a 4 KiB clear header.
//
// The header holds a magic with the format version, the first 8 bytes of the key
// id (key_check.h) and a fresh random 16-byte IV drawn from OpenSSL's RAND_bytes
// for every file, so that no two files share a key stream. A file written
// under another key is refused with an IOError (RocksDB asserts that an
// unreadable file gives one) instead of being decrypted into garbage. CTR
// lets RocksDB read any byte range on its own. There is no MAC: integrity is
// RocksDB's block checksums, computed on the clear bytes.
//
// RocksDB writes its LOG outside this layer, so an encrypted store keeps no
// LOG (NewDiscardingLogger).
//
// RocksDB's own CTR provider is not used: it draws its IV from a time-seeded
// pseudo-random generator and calls the block cipher once per 16 bytes;
// this one encrypts each read or write with one EVP call. The two were not
// timed against each other; bench/encryption.sh compares a plain store with
// an encrypted one.
#pragma once

#include <rocksdb/env.h>

#include <memory>
#include <string>

#include "common/status.h"

namespace lienthong::store {

// The clear header in front of every encrypted file.
inline constexpr size_t kEncryptedFileHeaderBytes = 4096;
// Its first bytes, so that tests and tools can tell an encrypted file.
inline constexpr char kEncryptedFileMagic[] = "LTENC001";

// An Env over base (the default Env when null) that encrypts with `key`
// (32 bytes). kInvalid when the key has another size; kInternal when OpenSSL
// lacks AES-256-CTR. The result must outlive every DB and BackupEngine that
// uses it; base must outlive the result.
Result<std::unique_ptr<rocksdb::Env>> NewEncryptedEnv(const std::string& key,
                                                      rocksdb::Env* base = nullptr);

}  // namespace lienthong::store

namespace lienthong::store {

// The Env a store with `key` is read and written through: an encrypted one
// when the key is set, else RocksDB's default Env.
class StoreEnv {
 public:
  // kInvalid / kInternal as NewEncryptedEnv.
  static Result<StoreEnv> ForKey(const std::string& key);

  // Valid while this StoreEnv lives.
  rocksdb::Env* get() const { return env_; }
  bool encrypted() const { return owned_ != nullptr; }

 private:
  std::unique_ptr<rocksdb::Env> owned_;
  rocksdb::Env* env_ = nullptr;
};

// A RocksDB info logger that keeps nothing. RocksDB writes its LOG file
// outside the file system layer, so an encrypted store's LOG would be in
// clear: an encrypted store keeps none.
std::shared_ptr<rocksdb::Logger> NewDiscardingLogger();

}  // namespace lienthong::store
