// Order-preserving byte encodings for search index keys: comparing two
// encoded keys with memcmp (RocksDB's default order) gives the order of the
// values they encode.
//
//   strings   bytes with 0x00 escaped as 00 FF, then the terminator 00 01, so
//             that "ab" < "abc" and a prefix of an encoded string (without its
//             terminator) matches every string that starts with it;
//   int64     8 bytes big-endian with the sign bit flipped;
//   double    8 bytes: IEEE 754 with the sign bit flipped for positives and
//             every bit flipped for negatives (-0.0 is encoded as 0.0).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lienthong::search {

// The string's bytes, escaped, without the terminator (a prefix key).
void AppendEscaped(std::string& key, std::string_view s);
// AppendEscaped and the terminator.
void AppendString(std::string& key, std::string_view s);
void AppendInt64(std::string& key, int64_t v);
void AppendDouble(std::string& key, double v);

// Readers for the same encodings; each advances `in` past what it read and
// returns nullopt when `in` does not start with a valid encoding.
std::optional<std::string> ReadString(std::string_view& in);
std::optional<int64_t> ReadInt64(std::string_view& in);
std::optional<double> ReadDouble(std::string_view& in);

// The smallest key greater than every key that starts with `prefix` (the
// exclusive upper bound of a prefix scan); empty when there is none.
std::string PrefixEnd(std::string_view prefix);

}  // namespace lienthong::search
