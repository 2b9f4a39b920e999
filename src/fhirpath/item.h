// Item and Collection: the values a FHIRPath expression works on.
//
// An Item is either a node of the input (a JSON element with its FHIR type,
// held by pointer, never copied) or a System value computed by the
// expression (Boolean, Integer, Decimal, String, Date, DateTime, Time,
// Quantity) or a type reflected by type(). Node pointers refer into the
// resource being evaluated and into the type registry: an Item is valid only
// while both live.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fhir/type_registry.h"
#include "fhirpath/decimal.h"
#include "fhirpath/quantity.h"
#include "fhirpath/temporal.h"
#include "json/value.h"

namespace lienthong::fhirpath {

// The longest String an expression may build (by +, &, replace(), join(),
// ...); longer results are evaluation errors.
inline constexpr size_t kMaxStringBytes = size_t{16} << 20;

// A JSON element and what the FHIR model says it is.
struct Node {
  const json::Value* value = nullptr;          // nullptr: a primitive with only "_name"
  const json::Value* extension = nullptr;      // the "_name" object of a primitive, or nullptr
  const fhir::TypeDefinition* type = nullptr;  // nullptr: untyped JSON
  // The children of a BackboneElement; nullptr means those of `type`.
  const fhir::ElementSet* elements = nullptr;
  // The element definition the node was reached through (its choice of
  // types for value[x], Resource for contained); nullptr at the root.
  const fhir::ElementDefinition* element = nullptr;
};

// The result of type(): a namespace ("System" or "FHIR") and a name.
struct TypeInfo {
  std::string ns;
  std::string name;
};

enum class ItemKind : uint8_t {
  kNode,
  kBoolean,
  kInteger,
  kDecimal,
  kString,
  kDate,
  kDateTime,
  kTime,
  kQuantity,
  kTypeInfo,
};

class Item {
 public:
  static Item FromNode(const Node& node) { return Item(ItemKind::kNode, node); }
  static Item Boolean(bool b) { return Item(ItemKind::kBoolean, b); }
  static Item Integer(int64_t i) { return Item(ItemKind::kInteger, i); }
  static Item FromDecimal(const Decimal& d) { return Item(ItemKind::kDecimal, d); }
  static Item String(std::string s) { return Item(ItemKind::kString, std::move(s)); }
  static Item FromTemporal(const Temporal& t);
  static Item FromQuantity(Quantity q) { return Item(ItemKind::kQuantity, std::move(q)); }
  static Item FromTypeInfo(TypeInfo t) { return Item(ItemKind::kTypeInfo, std::move(t)); }

  ItemKind kind() const { return kind_; }
  bool is_node() const { return kind_ == ItemKind::kNode; }

  // Each accessor requires the matching kind.
  const Node& node() const { return std::get<Node>(value_); }
  bool boolean() const { return std::get<bool>(value_); }
  int64_t integer() const { return std::get<int64_t>(value_); }
  const Decimal& decimal() const { return std::get<Decimal>(value_); }
  const std::string& string() const { return std::get<std::string>(value_); }
  const Temporal& temporal() const { return std::get<Temporal>(value_); }
  const Quantity& quantity() const { return std::get<Quantity>(value_); }
  const TypeInfo& type_info() const { return std::get<TypeInfo>(value_); }

 private:
  using Storage =
      std::variant<Node, bool, int64_t, Decimal, std::string, Temporal, Quantity, TypeInfo>;
  template <typename T>
  Item(ItemKind kind, T&& value) : kind_(kind), value_(std::forward<T>(value)) {}

  ItemKind kind_;
  Storage value_;
};

using Collection = std::vector<Item>;

// The System type name of a System value ("Integer", ...); for a node, its
// FHIR type name ("HumanName", "code"), or for untyped JSON the System type
// its JSON kind maps to ("Object" for objects and arrays).
std::string_view TypeNameOf(const Item& item);
// Integer or Decimal; Date, DateTime or Time; an Integer or Decimal as Decimal.
bool IsNumber(const Item& item);
bool IsTemporal(const Item& item);
Decimal AsDecimal(const Item& item);
bool IsSystemValue(const Item& item);

// A FHIR primitive node (or an untyped JSON scalar) as the System value it
// converts to implicitly (code -> String, dateTime -> DateTime, ...), and a
// FHIR Quantity (or Age, Duration, ...) node as a System Quantity. System
// values come back unchanged. nullopt for other nodes and for primitives
// without a value.
std::optional<Item> ToSystem(const Item& item);

// For untyped input: a string node that reads as the temporal kind of
// `like` (a Date, DateTime or Time), so "2020-01-01" compares with @2020-01-01.
std::optional<Temporal> StringAsTemporalLike(std::string_view text, const Temporal& like);

// The node's JSON for output: primitives as their JSON value (null when
// only an extension is present), complex types as their object.
json::Value ItemToJson(const Item& item);

}  // namespace lienthong::fhirpath
