#include "search/key_codec.h"

#include <bit>
#include <cstring>

namespace lienthong::search {
namespace {

void AppendBigEndian(std::string& key, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<char>(v >> shift));
}

std::optional<uint64_t> ReadBigEndian(std::string_view& in) {
  if (in.size() < 8) return std::nullopt;
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | static_cast<uint8_t>(in[i]);
  in.remove_prefix(8);
  return v;
}

constexpr uint64_t kSignBit = 1ull << 63;

}  // namespace

void AppendEscaped(std::string& key, std::string_view s) {
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\0') continue;
    key.append(s.substr(start, i - start));
    key.push_back('\0');
    key.push_back('\xff');
    start = i + 1;
  }
  key.append(s.substr(start));
}

void AppendString(std::string& key, std::string_view s) {
  AppendEscaped(key, s);
  key.push_back('\0');
  key.push_back('\x01');
}

void AppendInt64(std::string& key, int64_t v) {
  AppendBigEndian(key, static_cast<uint64_t>(v) ^ kSignBit);
}

void AppendDouble(std::string& key, double v) {
  if (v == 0) v = 0;  // -0.0 sorts with 0.0
  uint64_t bits = std::bit_cast<uint64_t>(v);
  bits = (bits & kSignBit) ? ~bits : bits | kSignBit;
  AppendBigEndian(key, bits);
}

std::optional<std::string> ReadString(std::string_view& in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\0') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 1 >= in.size()) return std::nullopt;
    if (in[i + 1] == '\x01') {
      in.remove_prefix(i + 2);
      return out;
    }
    if (in[i + 1] != '\xff') return std::nullopt;
    out.push_back('\0');
    ++i;
  }
  return std::nullopt;
}

std::optional<int64_t> ReadInt64(std::string_view& in) {
  std::optional<uint64_t> v = ReadBigEndian(in);
  if (!v) return std::nullopt;
  return static_cast<int64_t>(*v ^ kSignBit);
}

std::optional<double> ReadDouble(std::string_view& in) {
  std::optional<uint64_t> v = ReadBigEndian(in);
  if (!v) return std::nullopt;
  const uint64_t bits = (*v & kSignBit) ? *v & ~kSignBit : ~*v;
  return std::bit_cast<double>(bits);
}

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    if (static_cast<uint8_t>(end.back()) != 0xff) {
      end.back() = static_cast<char>(static_cast<uint8_t>(end.back()) + 1);
      return end;
    }
    end.pop_back();
  }
  return end;
}

}  // namespace lienthong::search
