// Math functions: abs(), ceiling(), exp(), floor(), ln(), log(), power(),
// round(), sqrt(), truncate(). Transcendental functions go through double
// and come back with 15 significant digits.
#include <cmath>

#include "fhirpath/evaluator.h"
#include "fhirpath/functions.h"

namespace lienthong::fhirpath {
namespace {

// The single numeric input: nullopt for empty, kInvalid for non-numbers.
Result<std::optional<Item>> NumberInput(const Invocation& call, bool allow_quantity = false) {
  Result<std::optional<Item>> v = SingleInput(call);
  if (!v.ok() || !*v) return v;
  const ItemKind k = (*v)->kind();
  if (k == ItemKind::kInteger || k == ItemKind::kDecimal ||
      (allow_quantity && k == ItemKind::kQuantity)) {
    return v;
  }
  return call.Error(call.node.name + "() needs a number, not " + std::string(TypeNameOf(**v)));
}

Result<Collection> FromDouble(const Invocation& call, double d) {
  (void)call;
  std::optional<Decimal> out = Decimal::FromDouble(d);
  if (!out) return Collection();
  return Collection{Item::FromDecimal(*out)};
}

Result<Collection> Abs(const Invocation& call) {
  Result<std::optional<Item>> v = NumberInput(call, true);
  if (!v.ok()) return v.take_status();
  if (!*v) return Collection();
  const Item& x = **v;
  switch (x.kind()) {
    case ItemKind::kInteger:
      if (x.integer() == INT64_MIN) return call.Error("integer overflow");
      return Collection{Item::Integer(x.integer() < 0 ? -x.integer() : x.integer())};
    case ItemKind::kDecimal:
      return Collection{
          Item::FromDecimal(x.decimal().is_negative() ? x.decimal().Negate() : x.decimal())};
    default: {
      Quantity q = x.quantity();
      if (q.value.is_negative()) q.value = q.value.Negate();
      return Collection{Item::FromQuantity(std::move(q))};
    }
  }
}

Result<Collection> ToIntegerResult(const Invocation& call, Decimal (Decimal::*op)() const) {
  Result<std::optional<Item>> v = NumberInput(call);
  if (!v.ok()) return v.take_status();
  if (!*v) return Collection();
  if ((*v)->kind() == ItemKind::kInteger) return Collection{**v};
  std::optional<int64_t> i = ((*v)->decimal().*op)().TruncatedInteger();
  if (!i) return call.Error("integer overflow");
  return Collection{Item::Integer(*i)};
}

Result<Collection> Ceiling(const Invocation& call) {
  return ToIntegerResult(call, &Decimal::Ceiling);
}
Result<Collection> Floor(const Invocation& call) { return ToIntegerResult(call, &Decimal::Floor); }
Result<Collection> Truncate(const Invocation& call) {
  return ToIntegerResult(call, &Decimal::Truncate);
}

template <typename F>
Result<Collection> Transcendental(const Invocation& call, F f) {
  Result<std::optional<Item>> v = NumberInput(call);
  if (!v.ok()) return v.take_status();
  if (!*v) return Collection();
  return FromDouble(call, f(AsDecimal(**v).ToDouble()));
}

Result<Collection> Exp(const Invocation& call) {
  return Transcendental(call, [](double x) { return std::exp(x); });
}
Result<Collection> Ln(const Invocation& call) {
  return Transcendental(call, [](double x) { return std::log(x); });
}
Result<Collection> Sqrt(const Invocation& call) {
  return Transcendental(call, [](double x) { return std::sqrt(x); });
}

Result<Collection> Log(const Invocation& call) {
  Result<std::optional<Item>> v = NumberInput(call);
  if (!v.ok()) return v.take_status();
  Result<Collection> base = call.Arg(0);
  if (!base.ok()) return base;
  if (!*v || base->size() != 1) return Collection();
  std::optional<Item> b = ToSystem((*base)[0]);
  if (!b || (b->kind() != ItemKind::kInteger && b->kind() != ItemKind::kDecimal)) {
    return call.Error("log() needs a numeric base");
  }
  return FromDouble(call, std::log(AsDecimal(**v).ToDouble()) / std::log(AsDecimal(*b).ToDouble()));
}

Result<Collection> Power(const Invocation& call) {
  Result<std::optional<Item>> v = NumberInput(call);
  if (!v.ok()) return v.take_status();
  Result<Collection> exponent = call.Arg(0);
  if (!exponent.ok()) return exponent;
  if (!*v || exponent->size() != 1) return Collection();
  std::optional<Item> e = ToSystem((*exponent)[0]);
  if (!e || (e->kind() != ItemKind::kInteger && e->kind() != ItemKind::kDecimal)) {
    return call.Error("power() needs a numeric exponent");
  }
  if ((*v)->kind() == ItemKind::kInteger && e->kind() == ItemKind::kInteger && e->integer() >= 0) {
    int64_t result = 1;
    for (int64_t i = 0; i < e->integer(); ++i) {
      if (__builtin_mul_overflow(result, (*v)->integer(), &result)) {
        return call.Error("integer overflow");
      }
      if (result == 0 || result == 1) break;
    }
    return Collection{Item::Integer(result)};
  }
  return FromDouble(call, std::pow(AsDecimal(**v).ToDouble(), AsDecimal(*e).ToDouble()));
}

Result<Collection> Round(const Invocation& call) {
  Result<std::optional<Item>> v = NumberInput(call);
  if (!v.ok()) return v.take_status();
  int64_t places = 0;
  if (call.arg_count() > 0) {
    Result<std::optional<int64_t>> p = call.IntegerArg(0);
    if (!p.ok()) return p.take_status();
    if (!*p) return Collection();
    places = **p;
    if (places < 0) return call.Error("round() needs a precision of zero or more");
  }
  if (!*v) return Collection();
  return Collection{Item::FromDecimal(AsDecimal(**v).Round(static_cast<int>(places)))};
}

}  // namespace

void AddMathFunctions(FunctionTable& table) {
  table.insert(table.end(), {
                                {"abs", 0, 0, false, Abs},
                                {"ceiling", 0, 0, false, Ceiling},
                                {"floor", 0, 0, false, Floor},
                                {"truncate", 0, 0, false, Truncate},
                                {"exp", 0, 0, false, Exp},
                                {"ln", 0, 0, false, Ln},
                                {"log", 1, 1, false, Log},
                                {"sqrt", 0, 0, false, Sqrt},
                                {"power", 1, 1, false, Power},
                                {"round", 0, 1, false, Round},
                            });
}

}  // namespace lienthong::fhirpath
