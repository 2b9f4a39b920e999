#include "search/composite_key.h"

#include <algorithm>
#include <cstdint>

#include "search/index_keys.h"
#include "search/key_codec.h"

namespace lienthong::search {
namespace {

// Reads `strings` strings, then `doubles` doubles, then `ints` int64s.
bool Skip(std::string_view& in, int strings, int doubles, int ints) {
  for (int i = 0; i < strings; ++i) {
    if (!ReadString(in)) return false;
  }
  for (int i = 0; i < doubles; ++i) {
    if (!ReadDouble(in)) return false;
  }
  for (int i = 0; i < ints; ++i) {
    if (!ReadInt64(in)) return false;
  }
  return true;
}

}  // namespace

std::optional<size_t> SegmentSize(std::string_view in) {
  if (in.empty()) return std::nullopt;
  std::string_view rest = in.substr(1);
  bool ok = false;
  switch (static_cast<IndexKind>(in.front())) {
    case kString:
    case kExact:
    case kCode:
    case kText:
    case kRef:
    case kUri:
    case kWord:
      ok = Skip(rest, 1, 0, 0);
      break;
    case kSysCode:
    case kRefIdent:
      ok = Skip(rest, 2, 0, 0);
      break;
    case kOfType:
      ok = Skip(rest, 3, 0, 0);
      break;
    case kNumber:
    case kValue:
      ok = Skip(rest, 0, 1, 0);
      break;
    case kQuantity:
      ok = Skip(rest, 2, 1, 0);
      break;
    case kUnit:
    case kUcum:
      ok = Skip(rest, 1, 1, 0);
      break;
    case kLow:
    case kHigh:
      ok = Skip(rest, 0, 0, 2);
      break;
    case kGeo:
      ok = Skip(rest, 0, 2, 0);
      break;
    case kComposite:
      break;
  }
  if (!ok) return std::nullopt;
  return in.size() - rest.size();
}

bool SplitComposite(std::string_view payload, size_t count,
                    std::vector<std::vector<std::string_view>>& groups) {
  groups.clear();
  if (count == 0) return false;
  std::optional<size_t> n = SegmentSize(payload);
  if (!n) return false;
  groups.push_back({payload.substr(0, *n)});
  payload.remove_prefix(*n);
  while (!payload.empty()) {
    const auto size = static_cast<uint8_t>(payload.front());
    payload.remove_prefix(1);
    if (size == 0) return false;
    std::vector<std::string_view>& group = groups.emplace_back();
    for (uint8_t i = 0; i < size; ++i) {
      n = SegmentSize(payload);
      if (!n) return false;
      group.push_back(payload.substr(0, *n));
      payload.remove_prefix(*n);
    }
  }
  return groups.size() == count;
}

std::vector<std::string> CombineSegments(const std::vector<std::vector<std::string>>& components) {
  std::vector<std::string> keys;
  if (components.empty()) return keys;
  for (const std::vector<std::string>& segments : components) {
    if (segments.empty()) return keys;
  }
  // What follows the first segment is the same in every key of the element.
  std::string rest;
  for (size_t i = 1; i < components.size(); ++i) {
    const size_t size = std::min(components[i].size(), kMaxGroupSegments);
    rest.push_back(static_cast<char>(size));
    for (size_t j = 0; j < size; ++j) rest += components[i][j];
  }
  for (const std::string& first : components.front()) {
    if (keys.size() == kMaxCompositeKeys) break;
    keys.push_back(first + rest);
  }
  return keys;
}

}  // namespace lienthong::search
