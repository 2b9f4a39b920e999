// Conversion functions (toInteger(), convertsToDate(), toQuantity(), ...)
// and the precision functions (precision(), lowBoundary(), highBoundary(),
// comparable()).
#include <fmt/format.h>

#include <cctype>

#include "fhirpath/evaluator.h"
#include "fhirpath/functions.h"

namespace lienthong::fhirpath {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsIntegerText(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s.empty() || s.size() > 18) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool IsDecimalText(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  const size_t dot = s.find('.');
  if (dot == std::string_view::npos) return IsIntegerText(s);
  return dot > 0 && IsIntegerText(s.substr(0, dot)) && dot + 1 < s.size() &&
         IsIntegerText(s.substr(dot + 1)) && s[dot + 1] != '+' && s[dot + 1] != '-';
}

std::optional<Item> ToBooleanValue(const Item& v) {
  switch (v.kind()) {
    case ItemKind::kBoolean:
      return v;
    case ItemKind::kInteger:
      if (v.integer() == 1) return Item::Boolean(true);
      if (v.integer() == 0) return Item::Boolean(false);
      return std::nullopt;
    case ItemKind::kDecimal:
      if (v.decimal() == Decimal::FromInteger(1)) return Item::Boolean(true);
      if (v.decimal().is_zero()) return Item::Boolean(false);
      return std::nullopt;
    case ItemKind::kString: {
      const std::string s = Lower(v.string());
      if (s == "true" || s == "t" || s == "yes" || s == "y" || s == "1" || s == "1.0") {
        return Item::Boolean(true);
      }
      if (s == "false" || s == "f" || s == "no" || s == "n" || s == "0" || s == "0.0") {
        return Item::Boolean(false);
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<Item> ToIntegerValue(const Item& v) {
  switch (v.kind()) {
    case ItemKind::kInteger:
      return v;
    case ItemKind::kBoolean:
      return Item::Integer(v.boolean() ? 1 : 0);
    case ItemKind::kString:
      if (!IsIntegerText(v.string())) return std::nullopt;
      return Item::Integer(std::stoll(v.string()));
    default:
      return std::nullopt;
  }
}

std::optional<Item> ToDecimalValue(const Item& v) {
  switch (v.kind()) {
    case ItemKind::kDecimal:
      return v;
    case ItemKind::kInteger:
      return Item::FromDecimal(Decimal::FromInteger(v.integer()));
    case ItemKind::kBoolean:
      return Item::FromDecimal(*Decimal::Parse(v.boolean() ? "1.0" : "0.0"));
    case ItemKind::kString: {
      if (!IsDecimalText(v.string())) return std::nullopt;
      std::optional<Decimal> d = Decimal::Parse(v.string());
      if (!d) return std::nullopt;
      return Item::FromDecimal(*d);
    }
    default:
      return std::nullopt;
  }
}

std::string ToStringText(const Item& v) {
  switch (v.kind()) {
    case ItemKind::kBoolean:
      return v.boolean() ? "true" : "false";
    case ItemKind::kInteger:
      return std::to_string(v.integer());
    case ItemKind::kDecimal:
      return v.decimal().ToString();
    case ItemKind::kString:
      return v.string();
    case ItemKind::kDate:
    case ItemKind::kDateTime:
    case ItemKind::kTime:
      return v.temporal().ToString();
    case ItemKind::kQuantity:
      return v.quantity().ToString();
    default:
      return "";
  }
}

std::optional<Item> ToStringValue(const Item& v) {
  if (v.kind() == ItemKind::kNode || v.kind() == ItemKind::kTypeInfo) return std::nullopt;
  return Item::String(ToStringText(v));
}

std::optional<Item> ToDateValue(const Item& v) {
  switch (v.kind()) {
    case ItemKind::kDate:
      return v;
    case ItemKind::kDateTime: {
      Temporal t = v.temporal();
      t.kind = TemporalKind::kDate;
      if (t.precision > TemporalPrecision::kDay) t.precision = TemporalPrecision::kDay;
      t.has_offset = false;
      return Item::FromTemporal(t);
    }
    case ItemKind::kString: {
      if (std::optional<Temporal> t = ParseDate(v.string())) return Item::FromTemporal(*t);
      if (std::optional<Temporal> t = ParseDateTime(v.string())) {
        return ToDateValue(Item::FromTemporal(*t));
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<Item> ToDateTimeValue(const Item& v) {
  switch (v.kind()) {
    case ItemKind::kDateTime:
      return v;
    case ItemKind::kDate: {
      Temporal t = v.temporal();
      t.kind = TemporalKind::kDateTime;
      return Item::FromTemporal(t);
    }
    case ItemKind::kString: {
      if (std::optional<Temporal> t = ParseDateTime(v.string())) return Item::FromTemporal(*t);
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<Item> ToTimeValue(const Item& v) {
  switch (v.kind()) {
    case ItemKind::kTime:
      return v;
    case ItemKind::kString: {
      std::string_view s = v.string();
      if (!s.empty() && s[0] == 'T') s.remove_prefix(1);
      if (std::optional<Temporal> t = ParseTime(s)) return Item::FromTemporal(*t);
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<Item> ToQuantityValue(const Item& v) {
  switch (v.kind()) {
    case ItemKind::kQuantity:
      return v;
    case ItemKind::kInteger:
      return Item::FromQuantity(Quantity{Decimal::FromInteger(v.integer()), "1", false});
    case ItemKind::kDecimal:
      return Item::FromQuantity(Quantity{v.decimal(), "1", false});
    case ItemKind::kBoolean:
      return Item::FromQuantity(Quantity{*Decimal::Parse(v.boolean() ? "1.0" : "0.0"), "1", false});
    case ItemKind::kString:
      if (std::optional<Quantity> q = ParseQuantityString(v.string())) {
        return Item::FromQuantity(std::move(*q));
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

using Converter = std::optional<Item> (*)(const Item&);

Result<Collection> Convert(const Invocation& call, Converter convert, bool test_only) {
  Result<std::optional<Item>> v = SingleInput(call);
  if (!v.ok()) return v.take_status();
  if (!*v) return Collection();
  std::optional<Item> out = convert(**v);
  if (test_only) return BooleanResult(out.has_value());
  if (!out) return Collection();
  return Collection{std::move(*out)};
}

Result<Collection> QuantityConversion(const Invocation& call, bool test_only) {
  Result<std::optional<Item>> v = SingleInput(call);
  if (!v.ok()) return v.take_status();
  if (!*v) return Collection();
  std::optional<Item> q = ToQuantityValue(**v);
  if (q && call.arg_count() > 0) {
    Result<std::optional<std::string>> unit = call.StringArg(0);
    if (!unit.ok()) return unit.take_status();
    if (!*unit) return Collection();
    std::optional<Quantity> converted = ConvertQuantity(q->quantity(), **unit);
    q = converted ? std::optional<Item>(Item::FromQuantity(std::move(*converted))) : std::nullopt;
  }
  if (test_only) return BooleanResult(q.has_value());
  if (!q) return Collection();
  return Collection{std::move(*q)};
}

#define LT_CONVERSION(Name, converter)                                                            \
  Result<Collection> To##Name(const Invocation& call) { return Convert(call, converter, false); } \
  Result<Collection> ConvertsTo##Name(const Invocation& call) {                                   \
    return Convert(call, converter, true);                                                        \
  }
LT_CONVERSION(Boolean, ToBooleanValue)
LT_CONVERSION(Integer, ToIntegerValue)
LT_CONVERSION(Decimal, ToDecimalValue)
LT_CONVERSION(String, ToStringValue)
LT_CONVERSION(Date, ToDateValue)
LT_CONVERSION(DateTime, ToDateTimeValue)
LT_CONVERSION(Time, ToTimeValue)
#undef LT_CONVERSION

Result<Collection> ToQuantity(const Invocation& call) { return QuantityConversion(call, false); }
Result<Collection> ConvertsToQuantity(const Invocation& call) {
  return QuantityConversion(call, true);
}

Result<Collection> Precision(const Invocation& call) {
  Result<std::optional<Item>> v = SingleInput(call);
  if (!v.ok()) return v.take_status();
  if (!*v) return Collection();
  const Item& x = **v;
  switch (x.kind()) {
    case ItemKind::kDecimal:
      return Collection{Item::Integer(x.decimal().scale())};
    case ItemKind::kInteger:
      return Collection{Item::Integer(0)};
    case ItemKind::kDate:
    case ItemKind::kDateTime:
    case ItemKind::kTime:
      return Collection{Item::Integer(PrecisionDigits(x.temporal()))};
    default:
      return Collection();
  }
}

// The decimal boundary: the value less (or plus) half a unit of its last
// digit, floored (or ceiled) to `digits` decimals.
std::optional<Decimal> DecimalBoundary(const Decimal& d, int digits, bool high) {
  if (digits < 0 || digits > Decimal::kMaxScale) return std::nullopt;
  std::optional<Decimal> half = Decimal::Parse("0." + std::string(d.scale(), '0') + "5");
  if (!half) return std::nullopt;
  std::optional<Decimal> edge = high ? d.Add(*half) : d.Subtract(*half);
  if (!edge) return std::nullopt;
  if (digits >= edge->scale()) return edge->WithScale(digits);
  // Floor or ceiling at `digits` places.
  std::optional<Decimal> shift = Decimal::Parse("1" + std::string(digits, '0'));
  std::optional<Decimal> scaled = edge->Multiply(*shift);
  if (!shift || !scaled) return std::nullopt;
  const Decimal whole = high ? scaled->Ceiling() : scaled->Floor();
  std::optional<Decimal> back = whole.Divide(*shift);
  if (!back) return std::nullopt;
  return back->WithScale(digits);
}

Result<Collection> Boundary(const Invocation& call, bool high) {
  Result<std::optional<Item>> v = SingleInput(call);
  if (!v.ok()) return v.take_status();
  if (!*v) return Collection();
  std::optional<int64_t> digits;
  if (call.arg_count() > 0) {
    Result<std::optional<int64_t>> d = call.IntegerArg(0);
    if (!d.ok()) return d.take_status();
    if (!*d) return Collection();
    digits = **d;
  }
  const Item& x = **v;
  switch (x.kind()) {
    case ItemKind::kInteger:
    case ItemKind::kDecimal: {
      const Decimal d =
          x.kind() == ItemKind::kInteger ? Decimal::FromInteger(x.integer()) : x.decimal();
      std::optional<Decimal> b = DecimalBoundary(d, static_cast<int>(digits.value_or(8)), high);
      if (!b) return Collection();
      return Collection{Item::FromDecimal(*b)};
    }
    case ItemKind::kQuantity: {
      std::optional<Decimal> b =
          DecimalBoundary(x.quantity().value, static_cast<int>(digits.value_or(8)), high);
      if (!b) return Collection();
      return Collection{Item::FromQuantity(Quantity{*b, x.quantity().unit, x.quantity().calendar})};
    }
    case ItemKind::kDate:
    case ItemKind::kDateTime:
    case ItemKind::kTime: {
      const int fallback = x.kind() == ItemKind::kDate ? 8 : x.kind() == ItemKind::kTime ? 9 : 17;
      std::optional<Temporal> t =
          TemporalBoundary(x.temporal(), static_cast<int>(digits.value_or(fallback)), high);
      if (!t) return Collection();
      return Collection{Item::FromTemporal(*t)};
    }
    default:
      return Collection();
  }
}

Result<Collection> LowBoundary(const Invocation& call) { return Boundary(call, false); }
Result<Collection> HighBoundary(const Invocation& call) { return Boundary(call, true); }

Result<Collection> ComparableFn(const Invocation& call) {
  Result<std::optional<Item>> v = SingleInput(call);
  if (!v.ok()) return v.take_status();
  Result<Collection> other = call.Arg(0);
  if (!other.ok()) return other;
  if (!*v || other->size() != 1) return Collection();
  std::optional<Item> o = ToSystem((*other)[0]);
  if ((*v)->kind() != ItemKind::kQuantity || !o || o->kind() != ItemKind::kQuantity) {
    return call.Error("comparable() needs Quantities");
  }
  return BooleanResult(Comparable((*v)->quantity(), o->quantity()));
}

}  // namespace

void AddConversionFunctions(FunctionTable& table) {
  table.insert(table.end(), {
                                {"toBoolean", 0, 0, false, ToBoolean},
                                {"convertsToBoolean", 0, 0, false, ConvertsToBoolean},
                                {"toInteger", 0, 0, false, ToInteger},
                                {"convertsToInteger", 0, 0, false, ConvertsToInteger},
                                {"toDecimal", 0, 0, false, ToDecimal},
                                {"convertsToDecimal", 0, 0, false, ConvertsToDecimal},
                                {"toString", 0, 0, false, ToString},
                                {"convertsToString", 0, 0, false, ConvertsToString},
                                {"toDate", 0, 0, false, ToDate},
                                {"convertsToDate", 0, 0, false, ConvertsToDate},
                                {"toDateTime", 0, 0, false, ToDateTime},
                                {"convertsToDateTime", 0, 0, false, ConvertsToDateTime},
                                {"toTime", 0, 0, false, ToTime},
                                {"convertsToTime", 0, 0, false, ConvertsToTime},
                                {"toQuantity", 0, 1, false, ToQuantity},
                                {"convertsToQuantity", 0, 1, false, ConvertsToQuantity},
                                {"precision", 0, 0, false, Precision},
                                {"lowBoundary", 0, 1, false, LowBoundary},
                                {"highBoundary", 0, 1, false, HighBoundary},
                                {"comparable", 1, 1, false, ComparableFn},
                            });
}

}  // namespace lienthong::fhirpath
