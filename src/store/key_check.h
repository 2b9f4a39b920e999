// The key-check file of an encrypted store: lets a wrong or missing key be
// refused with a clear message before RocksDB opens (or creates) anything.
//
// The file (kKeyCheckFileName, at the top of the data directory, in clear)
// holds a format version, the cipher and the key id, HMAC-SHA256(key, a
// fixed label): enough to tell whether a key is the right one, nothing about
// the key itself. It is written when an encrypted store is created; a store
// without it is a plain store. A backup folder carries a copy (backup.h).
#pragma once

#include <string>

#include "common/status.h"

namespace lienthong::store {

inline constexpr size_t kEncryptionKeyBytes = 32;
inline constexpr char kKeyCheckFileName[] = "lienthong-key-check";

// HMAC-SHA256(key, "lienthong store key id v1"): 32 raw bytes.
std::string KeyId(const std::string& key);

// Decides whether `key` (empty: none) may open the store in `dir`, touching
// nothing unless it creates: Ok when the key-check file matches the key, when
// neither key nor file exist, or when the store is new (no RocksDB CURRENT
// file), `create` is set and the key is not empty, in which case the
// key-check file is written first. kInvalid, with a message an operator can
// act on, for an encrypted store without a key, a plain store given a key,
// a wrong key, or a key-check file of an unknown format; kIoError when the
// file cannot be read or written.
Status CheckStoreKey(const std::string& dir, const std::string& key, bool create);

// Whether `key` matches the key-check file at `path` (same errors as above;
// kInvalid when it is missing).
Status CheckKeyAgainstFile(const std::string& path, const std::string& key);

// Writes the key-check file for `key` at `path` (through a temporary file
// and a rename, synced).
Status WriteKeyCheckFile(const std::string& path, const std::string& key);

}  // namespace lienthong::store
