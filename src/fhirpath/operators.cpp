// The arithmetic operators: + - * / div mod and unary minus.
#include <fmt/format.h>

#include "fhirpath/evaluator.h"

namespace lienthong::fhirpath {
namespace {

std::string_view OperatorText(Operator op) {
  switch (op) {
    case Operator::kAdd:
      return "+";
    case Operator::kSubtract:
      return "-";
    case Operator::kMultiply:
      return "*";
    case Operator::kDivide:
      return "/";
    case Operator::kDiv:
      return "div";
    case Operator::kMod:
      return "mod";
    default:
      return "?";
  }
}

Status Unsupported(Operator op, const Item& a, const Item& b) {
  return Status::Invalid(fmt::format("cannot apply '{}' to {} and {}", OperatorText(op),
                                     TypeNameOf(a), TypeNameOf(b)));
}

Result<Collection> DecimalResult(std::optional<Decimal> d) {
  if (!d) return Status::Invalid("decimal overflow");
  return Collection{Item::FromDecimal(*d)};
}

Result<Collection> TemporalPlusQuantity(const Temporal& t, const Quantity& q, bool subtract) {
  // A calendar keyword may also come quoted ('month'); 'a' and 'mo' are not
  // definite durations and cannot be added.
  std::string_view unit = q.calendar ? CalendarUnit(q.unit) : DefiniteDurationUnit(q.unit);
  if (unit.empty() && !q.calendar) unit = CalendarUnit(q.unit);
  if (unit.empty()) {
    return Status::Invalid(fmt::format("cannot add '{}' to a date or time", q.unit));
  }
  std::optional<int64_t> amount = q.value.TruncatedInteger();
  if (!amount) return Status::Invalid("duration out of range");
  std::optional<Temporal> out = AddDuration(t, subtract ? -*amount : *amount, unit);
  if (!out) return Status::Invalid("date/time arithmetic out of range");
  return Collection{Item::FromTemporal(*out)};
}

Result<Collection> Numbers(Operator op, const Item& a, const Item& b) {
  if (a.kind() == ItemKind::kInteger && b.kind() == ItemKind::kInteger && op != Operator::kDivide) {
    const int64_t x = a.integer();
    const int64_t y = b.integer();
    int64_t r = 0;
    switch (op) {
      case Operator::kAdd:
        if (__builtin_add_overflow(x, y, &r)) return Status::Invalid("integer overflow");
        break;
      case Operator::kSubtract:
        if (__builtin_sub_overflow(x, y, &r)) return Status::Invalid("integer overflow");
        break;
      case Operator::kMultiply:
        if (__builtin_mul_overflow(x, y, &r)) return Status::Invalid("integer overflow");
        break;
      case Operator::kDiv:
        if (y == 0) return Collection();
        if (x == INT64_MIN && y == -1) return Status::Invalid("integer overflow");
        r = x / y;
        break;
      case Operator::kMod:
        if (y == 0) return Collection();
        if (y == -1) return Collection{Item::Integer(0)};
        r = x % y;
        break;
      default:
        return Unsupported(op, a, b);
    }
    return Collection{Item::Integer(r)};
  }
  const Decimal x = AsDecimal(a);
  const Decimal y = AsDecimal(b);
  switch (op) {
    case Operator::kAdd:
      return DecimalResult(x.Add(y));
    case Operator::kSubtract:
      return DecimalResult(x.Subtract(y));
    case Operator::kMultiply:
      return DecimalResult(x.Multiply(y));
    case Operator::kDivide:
      if (y.is_zero()) return Collection();
      return DecimalResult(x.Divide(y));
    case Operator::kDiv: {
      if (y.is_zero()) return Collection();
      std::optional<Decimal> q = x.IntegerDivide(y);
      std::optional<int64_t> i = q ? q->TruncatedInteger() : std::nullopt;
      if (!i) return Status::Invalid("decimal overflow");
      return Collection{Item::Integer(*i)};
    }
    case Operator::kMod:
      if (y.is_zero()) return Collection();
      return DecimalResult(x.Modulo(y));
    default:
      return Unsupported(op, a, b);
  }
}

}  // namespace

Result<Collection> EvalArithmetic(Operator op, const Collection& left, const Collection& right) {
  if (left.size() > 1 || right.size() > 1) {
    return Status::Invalid(fmt::format("'{}' needs single items", OperatorText(op)));
  }
  if (left.empty() || right.empty()) return Collection();
  std::optional<Item> sa = ToSystem(left[0]);
  std::optional<Item> sb = ToSystem(right[0]);
  if (!sa || !sb) {
    if (!left[0].is_node() || !right[0].is_node()) {
      // A complex node with a System value: not arithmetic.
      if ((left[0].is_node() && left[0].node().value != nullptr) ||
          (right[0].is_node() && right[0].node().value != nullptr)) {
        return Unsupported(op, left[0], right[0]);
      }
    }
    return Collection();
  }
  const Item& a = *sa;
  const Item& b = *sb;
  if (IsNumber(a) && IsNumber(b)) return Numbers(op, a, b);
  if (a.kind() == ItemKind::kString && b.kind() == ItemKind::kString && op == Operator::kAdd) {
    if (a.string().size() + b.string().size() > kMaxStringBytes) {
      return Status::Invalid("string too long");
    }
    return Collection{Item::String(a.string() + b.string())};
  }
  if (IsTemporal(a) && b.kind() == ItemKind::kQuantity &&
      (op == Operator::kAdd || op == Operator::kSubtract)) {
    return TemporalPlusQuantity(a.temporal(), b.quantity(), op == Operator::kSubtract);
  }
  if (a.kind() == ItemKind::kQuantity && b.kind() == ItemKind::kQuantity) {
    std::optional<Quantity> q;
    switch (op) {
      case Operator::kAdd:
      case Operator::kSubtract:
        q = AddQuantities(a.quantity(), b.quantity(), op == Operator::kSubtract);
        break;
      case Operator::kMultiply:
        q = MultiplyQuantities(a.quantity(), b.quantity());
        break;
      case Operator::kDivide:
        if (b.quantity().value.is_zero()) return Collection();
        q = DivideQuantities(a.quantity(), b.quantity());
        break;
      default:
        return Unsupported(op, a, b);
    }
    if (!q) return Unsupported(op, a, b);
    return Collection{Item::FromQuantity(std::move(*q))};
  }
  // Quantity times or divided by a number keeps the unit.
  if (a.kind() == ItemKind::kQuantity && IsNumber(b) &&
      (op == Operator::kMultiply || op == Operator::kDivide)) {
    const Decimal f = AsDecimal(b);
    if (op == Operator::kDivide && f.is_zero()) return Collection();
    std::optional<Decimal> v =
        op == Operator::kMultiply ? a.quantity().value.Multiply(f) : a.quantity().value.Divide(f);
    if (!v) return Status::Invalid("decimal overflow");
    return Collection{Item::FromQuantity(Quantity{*v, a.quantity().unit, a.quantity().calendar})};
  }
  if (IsNumber(a) && b.kind() == ItemKind::kQuantity && op == Operator::kMultiply) {
    std::optional<Decimal> v = b.quantity().value.Multiply(AsDecimal(a));
    if (!v) return Status::Invalid("decimal overflow");
    return Collection{Item::FromQuantity(Quantity{*v, b.quantity().unit, b.quantity().calendar})};
  }
  return Unsupported(op, a, b);
}

Result<Collection> EvalUnaryMinus(const Collection& operand) {
  if (operand.empty()) return Collection();
  if (operand.size() > 1) return Status::Invalid("unary '-' needs a single item");
  std::optional<Item> v = ToSystem(operand[0]);
  if (!v) return Collection();
  switch (v->kind()) {
    case ItemKind::kInteger:
      if (v->integer() == INT64_MIN) return Status::Invalid("integer overflow");
      return Collection{Item::Integer(-v->integer())};
    case ItemKind::kDecimal:
      return Collection{Item::FromDecimal(v->decimal().Negate())};
    case ItemKind::kQuantity: {
      Quantity q = v->quantity();
      q.value = q.value.Negate();
      return Collection{Item::FromQuantity(std::move(q))};
    }
    default:
      return Status::Invalid(fmt::format("cannot negate {}", TypeNameOf(*v)));
  }
}

}  // namespace lienthong::fhirpath
