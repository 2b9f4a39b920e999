#include "fhirpath/item.h"

#include <charconv>

namespace lienthong::fhirpath {
namespace {

constexpr std::string_view kUcumSystem = "http://unitsofmeasure.org";

bool IsQuantityType(const fhir::TypeDefinition* type) {
  for (; type != nullptr; type = type->base) {
    if (type->name == "Quantity") return true;
  }
  return false;
}

std::optional<Item> NumberItem(const std::string& text, bool want_integer) {
  if (want_integer || text.find_first_of(".eE") == std::string::npos) {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc() && end == text.data() + text.size()) return Item::Integer(n);
  }
  std::optional<Decimal> d = Decimal::Parse(text);
  if (!d) return std::nullopt;
  return Item::FromDecimal(*d);
}

std::optional<Item> QuantityFromObject(const json::Value& object) {
  const json::Value* value = object.find("value");
  if (value == nullptr || !value->is_number()) return std::nullopt;
  std::optional<Decimal> d = Decimal::Parse(value->text());
  if (!d) return std::nullopt;
  Quantity q{*d, "1", false};
  const std::string_view system = object.get_string("system");
  const std::string_view code = object.get_string("code");
  const std::string_view unit = object.get_string("unit");
  // The UCUM code when there is one; otherwise the human unit, which may be
  // a calendar word ("3 days" written by hand); otherwise a non-UCUM code.
  const bool ucum_code = !code.empty() && (system.empty() || system == kUcumSystem);
  if (ucum_code || unit.empty()) {
    if (!code.empty()) q.unit = std::string(code);
  } else {
    q.calendar = !CalendarUnit(unit).empty();
    q.unit = std::string(unit);
  }
  return Item::FromQuantity(std::move(q));
}

}  // namespace

Item Item::FromTemporal(const Temporal& t) {
  const ItemKind kind = t.kind == TemporalKind::kDate       ? ItemKind::kDate
                        : t.kind == TemporalKind::kDateTime ? ItemKind::kDateTime
                                                            : ItemKind::kTime;
  return Item(kind, t);
}

bool IsSystemValue(const Item& item) { return !item.is_node(); }

std::string_view TypeNameOf(const Item& item) {
  switch (item.kind()) {
    case ItemKind::kNode: {
      const Node& n = item.node();
      if (n.type != nullptr) return n.type->name;
      if (n.value == nullptr) return "Object";
      switch (n.value->kind()) {
        case json::Value::Kind::kBool:
          return "Boolean";
        case json::Value::Kind::kNumber:
          return n.value->text().find_first_of(".eE") == std::string::npos ? "Integer" : "Decimal";
        case json::Value::Kind::kString:
          return "String";
        default:
          return "Object";
      }
    }
    case ItemKind::kBoolean:
      return "Boolean";
    case ItemKind::kInteger:
      return "Integer";
    case ItemKind::kDecimal:
      return "Decimal";
    case ItemKind::kString:
      return "String";
    case ItemKind::kDate:
      return "Date";
    case ItemKind::kDateTime:
      return "DateTime";
    case ItemKind::kTime:
      return "Time";
    case ItemKind::kQuantity:
      return "Quantity";
    case ItemKind::kTypeInfo:
      return "TypeInfo";
  }
  return "";
}

std::optional<Item> ToSystem(const Item& item) {
  if (!item.is_node()) return item;
  const Node& n = item.node();
  if (n.value == nullptr) return std::nullopt;
  const json::Value& v = *n.value;
  if (n.type == nullptr) {
    switch (v.kind()) {
      case json::Value::Kind::kBool:
        return Item::Boolean(v.as_bool());
      case json::Value::Kind::kNumber:
        return NumberItem(v.text(), false);
      case json::Value::Kind::kString:
        return Item::String(v.text());
      case json::Value::Kind::kObject:
        return QuantityFromObject(v);
      default:
        return std::nullopt;
    }
  }
  using fhir::PrimitiveKind;
  switch (n.type->primitive) {
    case PrimitiveKind::kNone:
      if (IsQuantityType(n.type) && v.is_object()) return QuantityFromObject(v);
      return std::nullopt;
    case PrimitiveKind::kBoolean:
      if (v.is_bool()) return Item::Boolean(v.as_bool());
      return std::nullopt;
    case PrimitiveKind::kInteger:
    case PrimitiveKind::kPositiveInt:
    case PrimitiveKind::kUnsignedInt:
      if (!v.is_number() && !v.is_string()) return std::nullopt;
      return NumberItem(v.text(), true);
    case PrimitiveKind::kDecimal:
      if (!v.is_number() && !v.is_string()) return std::nullopt;
      if (std::optional<Decimal> d = Decimal::Parse(v.text())) return Item::FromDecimal(*d);
      return std::nullopt;
    case PrimitiveKind::kDate:
      if (std::optional<Temporal> t = ParseDate(v.text())) return Item::FromTemporal(*t);
      return std::nullopt;
    case PrimitiveKind::kDateTime:
    case PrimitiveKind::kInstant:
      if (std::optional<Temporal> t = ParseDateTime(v.text())) return Item::FromTemporal(*t);
      return std::nullopt;
    case PrimitiveKind::kTime:
      if (std::optional<Temporal> t = ParseTime(v.text())) return Item::FromTemporal(*t);
      return std::nullopt;
    default:
      if (v.is_object() || v.is_array() || v.is_null()) return std::nullopt;
      if (v.is_bool()) return Item::String(v.as_bool() ? "true" : "false");
      return Item::String(v.text());
  }
}

std::optional<Temporal> StringAsTemporalLike(std::string_view text, const Temporal& like) {
  switch (like.kind) {
    case TemporalKind::kTime:
      return ParseTime(text);
    case TemporalKind::kDate:
      if (std::optional<Temporal> d = ParseDate(text)) return d;
      return ParseDateTime(text);
    case TemporalKind::kDateTime:
      return ParseDateTime(text);
  }
  return std::nullopt;
}

json::Value ItemToJson(const Item& item) {
  switch (item.kind()) {
    case ItemKind::kNode:
      return item.node().value ? *item.node().value : json::Value::Null();
    case ItemKind::kBoolean:
      return json::Value::Bool(item.boolean());
    case ItemKind::kInteger:
      return json::Value::Number(item.integer());
    case ItemKind::kDecimal:
      return json::Value::Number(item.decimal().ToString());
    case ItemKind::kString:
      return json::Value::String(item.string());
    case ItemKind::kDate:
    case ItemKind::kDateTime:
    case ItemKind::kTime:
      return json::Value::String(item.temporal().ToString());
    case ItemKind::kQuantity: {
      const Quantity& q = item.quantity();
      json::Value out = json::Value::Object();
      out.set("value", json::Value::Number(q.value.ToString()));
      out.set("unit", json::Value::String(q.unit));
      if (!q.calendar) {
        out.set("system", json::Value::String(std::string(kUcumSystem)));
        out.set("code", json::Value::String(q.unit));
      }
      return out;
    }
    case ItemKind::kTypeInfo: {
      json::Value out = json::Value::Object();
      out.set("namespace", json::Value::String(item.type_info().ns));
      out.set("name", json::Value::String(item.type_info().name));
      return out;
    }
  }
  return json::Value::Null();
}

bool IsNumber(const Item& item) {
  return item.kind() == ItemKind::kInteger || item.kind() == ItemKind::kDecimal;
}

bool IsTemporal(const Item& item) {
  return item.kind() == ItemKind::kDate || item.kind() == ItemKind::kDateTime ||
         item.kind() == ItemKind::kTime;
}

Decimal AsDecimal(const Item& item) {
  return item.kind() == ItemKind::kInteger ? Decimal::FromInteger(item.integer()) : item.decimal();
}

}  // namespace lienthong::fhirpath
