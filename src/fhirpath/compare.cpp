#include "fhirpath/compare.h"

#include <string>

#include "fhirpath/text_case.h"

namespace lienthong::fhirpath {
namespace {

// A complex node: neither a primitive nor a Quantity.
bool IsComplexNode(const Item& i) {
  if (!i.is_node() || i.node().value == nullptr) return false;
  return i.node().value->is_object() || i.node().value->is_array();
}

// Lower case, runs of whitespace as one space, no leading or trailing space.
std::string NormalizedForEquivalence(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return ToLowerCase(out);
}

// Two system values with a string on one side and a temporal on the other
// (untyped JSON): the string read as that temporal kind.
bool CoerceStringToTemporal(Item& a, Item& b) {
  if (a.kind() == ItemKind::kString && IsTemporal(b)) {
    std::optional<Temporal> t = StringAsTemporalLike(a.string(), b.temporal());
    if (!t) return false;
    a = Item::FromTemporal(*t);
    return true;
  }
  if (b.kind() == ItemKind::kString && IsTemporal(a)) return CoerceStringToTemporal(b, a);
  return true;
}

// Both as System values; false when either has no value.
bool BothSystem(const Item& a, const Item& b, std::optional<Item>& sa, std::optional<Item>& sb) {
  sa = ToSystem(a);
  sb = ToSystem(b);
  if (!sa || !sb) return false;
  const bool a_untyped = a.is_node() && a.node().type == nullptr;
  const bool b_untyped = b.is_node() && b.node().type == nullptr;
  if (a_untyped || b_untyped) CoerceStringToTemporal(*sa, *sb);
  return true;
}

}  // namespace

std::optional<bool> ItemsEqual(const Item& a, const Item& b) {
  if (a.is_node() && b.is_node() && a.node().value != nullptr && a.node().value == b.node().value) {
    return true;  // the same element of the input
  }
  if (IsComplexNode(a) || IsComplexNode(b)) {
    std::optional<Item> qa = ToSystem(a);
    std::optional<Item> qb = ToSystem(b);
    if (qa && qb && qa->kind() == ItemKind::kQuantity && qb->kind() == ItemKind::kQuantity) {
      return ItemsEqual(*qa, *qb);
    }
    if (IsComplexNode(a) && IsComplexNode(b)) return *a.node().value == *b.node().value;
    return false;
  }
  std::optional<Item> sa, sb;
  if (!BothSystem(a, b, sa, sb)) return std::nullopt;
  const Item& x = *sa;
  const Item& y = *sb;
  if (IsNumber(x) && IsNumber(y)) return Compare(AsDecimal(x), AsDecimal(y)) == 0;
  if (x.kind() == ItemKind::kQuantity && y.kind() == ItemKind::kQuantity) {
    std::optional<int> c = CompareQuantities(x.quantity(), y.quantity());
    if (!c) return std::nullopt;
    return *c == 0;
  }
  if (IsTemporal(x) && IsTemporal(y)) {
    bool comparable = false;
    std::optional<int> c = CompareTemporal(x.temporal(), y.temporal(), &comparable);
    if (!comparable) return false;
    if (!c) return std::nullopt;
    return *c == 0;
  }
  if (x.kind() != y.kind()) return false;
  switch (x.kind()) {
    case ItemKind::kBoolean:
      return x.boolean() == y.boolean();
    case ItemKind::kString:
      return x.string() == y.string();
    case ItemKind::kTypeInfo:
      return x.type_info().ns == y.type_info().ns && x.type_info().name == y.type_info().name;
    default:
      return false;
  }
}

bool ItemsEquivalent(const Item& a, const Item& b) {
  if (IsComplexNode(a) || IsComplexNode(b)) {
    std::optional<Item> qa = ToSystem(a);
    std::optional<Item> qb = ToSystem(b);
    if (qa && qb && qa->kind() == ItemKind::kQuantity && qb->kind() == ItemKind::kQuantity) {
      return ItemsEquivalent(*qa, *qb);
    }
    if (IsComplexNode(a) && IsComplexNode(b)) return *a.node().value == *b.node().value;
    return false;
  }
  std::optional<Item> sa, sb;
  if (!BothSystem(a, b, sa, sb)) return !sa && !sb;
  const Item& x = *sa;
  const Item& y = *sb;
  if (IsNumber(x) && IsNumber(y)) {
    const Decimal dx = AsDecimal(x);
    const Decimal dy = AsDecimal(y);
    const int scale = dx.scale() < dy.scale() ? dx.scale() : dy.scale();
    return Compare(dx.Round(scale), dy.Round(scale)) == 0;
  }
  if (x.kind() == ItemKind::kQuantity && y.kind() == ItemKind::kQuantity) {
    std::optional<int> c = CompareQuantities(x.quantity(), y.quantity(), true);
    return c && *c == 0;
  }
  if (IsTemporal(x) && IsTemporal(y)) {
    bool comparable = false;
    std::optional<int> c = CompareTemporal(x.temporal(), y.temporal(), &comparable);
    return comparable && c && *c == 0;
  }
  if (x.kind() != y.kind()) return false;
  if (x.kind() == ItemKind::kString) {
    return NormalizedForEquivalence(x.string()) == NormalizedForEquivalence(y.string());
  }
  return ItemsEqual(x, y).value_or(false);
}

std::optional<bool> CollectionsEqual(const Collection& a, const Collection& b) {
  if (a.empty() || b.empty()) return std::nullopt;
  if (a.size() != b.size()) return false;
  bool undecided = false;
  for (size_t i = 0; i < a.size(); ++i) {
    std::optional<bool> e = ItemsEqual(a[i], b[i]);
    if (!e) {
      undecided = true;
    } else if (!*e) {
      return false;
    }
  }
  if (undecided) return std::nullopt;
  return true;
}

bool CollectionsEquivalent(const Collection& a, const Collection& b) {
  if (a.size() != b.size()) return false;
  std::vector<bool> used(b.size(), false);
  for (const Item& x : a) {
    bool found = false;
    for (size_t j = 0; j < b.size(); ++j) {
      if (!used[j] && ItemsEquivalent(x, b[j])) {
        used[j] = true;
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

Result<std::optional<int>> CompareItems(const Item& a, const Item& b) {
  std::optional<Item> sa, sb;
  if (IsComplexNode(a) || IsComplexNode(b)) {
    sa = ToSystem(a);
    sb = ToSystem(b);
    if (!sa || !sb || sa->kind() != ItemKind::kQuantity || sb->kind() != ItemKind::kQuantity) {
      return Status::Invalid("cannot compare " + std::string(TypeNameOf(a)) + " with " +
                             std::string(TypeNameOf(b)));
    }
  } else if (!BothSystem(a, b, sa, sb)) {
    return std::optional<int>();
  }
  const Item& x = *sa;
  const Item& y = *sb;
  if (IsNumber(x) && IsNumber(y)) return std::optional<int>(Compare(AsDecimal(x), AsDecimal(y)));
  if (x.kind() == ItemKind::kString && y.kind() == ItemKind::kString) {
    const int c = x.string().compare(y.string());
    return std::optional<int>(c < 0 ? -1 : c > 0 ? 1 : 0);
  }
  if (IsTemporal(x) && IsTemporal(y)) {
    bool comparable = false;
    std::optional<int> c = CompareTemporal(x.temporal(), y.temporal(), &comparable);
    if (comparable) return c;
  }
  if (x.kind() == ItemKind::kQuantity && y.kind() == ItemKind::kQuantity) {
    return CompareQuantities(x.quantity(), y.quantity());
  }
  return Status::Invalid("cannot compare " + std::string(TypeNameOf(x)) + " with " +
                         std::string(TypeNameOf(y)));
}

bool ContainsEqual(const Collection& items, const Item& item) {
  for (const Item& i : items) {
    if (ItemsEqual(i, item).value_or(false)) return true;
  }
  return false;
}

}  // namespace lienthong::fhirpath
