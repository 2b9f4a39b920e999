// Where a store's encryption key comes from: one place, so that every
// command that opens a store finds the key the same way.
//
// A key is 32 random bytes written as 64 hex characters (`openssl rand -hex
// 32`), in a key file or in the environment variable LIENTHONG_ENCRYPTION_KEY.
// Keys are never logged, printed or put in a Status message.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace lienthong::store {

inline constexpr char kEncryptionKeyVariable[] = "LIENTHONG_ENCRYPTION_KEY";

// 64 hex characters, surrounding whitespace ignored, as 32 bytes. kInvalid
// otherwise (the message never quotes the text).
Result<std::string> ParseHexKey(std::string_view text);

// The key in a key file. kInvalid when the file is not a regular file, is
// readable or writable by group or others (like ssh with a private key: a
// key file another account can read is refused, not just warned about), or
// does not hold a key; kIoError when it cannot be read.
Result<std::string> ReadKeyFile(const std::string& path);

// The store key: from `key_file` when not empty, else from
// LIENTHONG_ENCRYPTION_KEY when set, else empty (a plain store). kInvalid when
// both are given, or as above.
Result<std::string> LoadEncryptionKey(const std::string& key_file);

}  // namespace lienthong::store
