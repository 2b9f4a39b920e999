#include "search/composite_key.h"

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
    case kComposite:
      break;
  }
  if (!ok) return std::nullopt;
  return in.size() - rest.size();
}

bool SplitSegments(std::string_view payload, size_t count, std::vector<std::string_view>& out) {
  out.clear();
  while (!payload.empty()) {
    std::optional<size_t> n = SegmentSize(payload);
    if (!n) return false;
    out.push_back(payload.substr(0, *n));
    payload.remove_prefix(*n);
  }
  return out.size() == count;
}

std::vector<std::string> CombineSegments(const std::vector<std::vector<std::string>>& components) {
  std::vector<std::string> keys(1);
  for (const std::vector<std::string>& segments : components) {
    std::vector<std::string> next;
    for (const std::string& head : keys) {
      for (const std::string& segment : segments) {
        if (next.size() == kMaxCompositeKeys) break;
        next.push_back(head + segment);
      }
    }
    keys = std::move(next);
  }
  return keys;
}

}  // namespace lienthong::search
