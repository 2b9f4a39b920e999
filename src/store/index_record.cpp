#include "store/index_record.h"

#include <algorithm>
#include <cstdint>

namespace lienthong::store {
namespace {

void PutVarint(std::string& out, size_t n) {
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
}

bool GetVarint(std::string_view& in, size_t& n) {
  n = 0;
  for (int shift = 0; shift <= 28; shift += 7) {
    if (in.empty()) return false;
    const auto byte = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    n |= static_cast<size_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

bool GetBytes(std::string_view& in, size_t n, std::string_view& out) {
  if (n > in.size()) return false;
  out = in.substr(0, n);
  in.remove_prefix(n);
  return true;
}

size_t SharedSuffix(std::string_view a, std::string_view b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[a.size() - 1 - n] == b[b.size() - 1 - n]) ++n;
  return n;
}

size_t SharedPrefix(std::string_view a, std::string_view b) {
  const auto [ai, bi] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  return static_cast<size_t>(ai - a.begin());
}

// The layout of records before shared prefixes and suffixes were dropped.
bool UnpackWholeKeys(std::string_view record, std::vector<std::string>& keys) {
  while (!record.empty()) {
    size_t n = 0;
    std::string_view key;
    if (!GetVarint(record, n) || n == 0 || !GetBytes(record, n, key)) return false;
    keys.emplace_back(key);
  }
  return true;
}

}  // namespace

std::string PackIndexKeys(const std::vector<std::string>& keys) {
  std::string out(1, '\0');
  if (keys.empty()) return out;
  size_t suffix = keys.front().size();
  for (const std::string& key : keys) suffix = std::min(suffix, SharedSuffix(keys.front(), key));
  // Every key keeps at least one byte of its own, so that none is empty.
  for (const std::string& key : keys) suffix = std::min(suffix, key.size() - 1);
  PutVarint(out, suffix);
  out.append(keys.front(), keys.front().size() - suffix, suffix);
  std::string_view previous;
  for (const std::string& key : keys) {
    const std::string_view body(key.data(), key.size() - suffix);
    const size_t shared = SharedPrefix(previous, body);
    PutVarint(out, shared);
    PutVarint(out, body.size() - shared);
    out.append(body.substr(shared));
    previous = body;
  }
  return out;
}

bool UnpackIndexKeys(std::string_view record, std::vector<std::string>& keys) {
  if (record.empty()) return true;
  if (record.front() != '\0') return UnpackWholeKeys(record, keys);
  record.remove_prefix(1);
  if (record.empty()) return true;
  size_t suffix_size = 0;
  std::string_view suffix;
  if (!GetVarint(record, suffix_size) || !GetBytes(record, suffix_size, suffix)) return false;
  std::string body;
  while (!record.empty()) {
    size_t shared = 0;
    size_t rest_size = 0;
    std::string_view rest;
    if (!GetVarint(record, shared) || !GetVarint(record, rest_size) ||
        !GetBytes(record, rest_size, rest) || shared > body.size()) {
      return false;
    }
    body.resize(shared);
    body.append(rest);
    if (body.empty()) return false;
    std::string& key = keys.emplace_back(body);
    key.append(suffix);
  }
  return true;
}

}  // namespace lienthong::store
