#include "fhirpath/decimal.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lienthong::fhirpath {
namespace {

using int128 = __int128;

// 10^n for n in [0, 38]; 10^38 is the largest power that fits.
int128 Pow10(int n) {
  int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

constexpr int kMaxDigits = 38;

int128 DivideRoundHalfAway(int128 n, int128 d) {
  int128 q = n / d;
  int128 r = n % d;
  if (r < 0) r = -r;
  const int128 ad = d < 0 ? -d : d;
  if (r >= ad - r) q += ((n < 0) != (d < 0)) ? -1 : 1;
  return q;
}

// units / 10^n, rounded; zero when 10^n does not fit (n > 38).
int128 ShiftDown(int128 units, int n) {
  if (n > kMaxDigits) return 0;
  return DivideRoundHalfAway(units, Pow10(n));
}

}  // namespace

std::optional<int128> Decimal::Rescale(int128 units, int from, int to) {
  if (to == from) return units;
  if (to < from) return ShiftDown(units, from - to);
  if (to - from > kMaxDigits) return std::nullopt;
  int128 out;
  if (__builtin_mul_overflow(units, Pow10(to - from), &out)) return std::nullopt;
  return out;
}

std::optional<Decimal> Decimal::Parse(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  int128 units = 0;
  int scale = 0;
  int digits = 0;
  bool any = false;
  bool fraction = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      any = true;
      if (fraction && scale >= kMaxScale) continue;  // beyond what a Decimal keeps
      if (digits > 0 || c != '0') ++digits;
      if (digits > kMaxDigits - 1) return std::nullopt;
      units = units * 10 + (c - '0');
      if (fraction) ++scale;
    } else if (c == '.' && !fraction && any) {
      fraction = true;
      if (i + 1 >= text.size() || text[i + 1] < '0' || text[i + 1] > '9') return std::nullopt;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return std::nullopt;
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) exp_negative = text[i++] == '-';
    if (i >= text.size()) return std::nullopt;
    int exp = 0;
    for (; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9' || exp > 1000) return std::nullopt;
      exp = exp * 10 + (text[i] - '0');
    }
    scale += exp_negative ? exp : -exp;
    if (scale < 0) {
      std::optional<int128> up = Rescale(units, 0, -scale);
      if (!up) return std::nullopt;
      units = *up;
      scale = 0;
    }
    if (scale > kMaxScale) {
      units = ShiftDown(units, scale - kMaxScale);
      scale = kMaxScale;
    }
  }
  return Decimal(negative ? -units : units, scale);
}

std::optional<Decimal> Decimal::FromDouble(double d) {
  if (!std::isfinite(d)) return std::nullopt;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.15g", d);
  std::optional<Decimal> parsed = Parse(buf);
  if (!parsed) return std::nullopt;
  return parsed->Normalized();
}

double Decimal::ToDouble() const { return std::strtod(ToString().c_str(), nullptr); }

std::optional<int64_t> Decimal::TruncatedInteger() const {
  const int128 whole = units_ / Pow10(scale_);
  if (whole > INT64_MAX || whole < INT64_MIN) return std::nullopt;
  return static_cast<int64_t>(whole);
}

std::string Decimal::ToString() const {
  int128 u = units_ < 0 ? -units_ : units_;
  std::string digits;
  while (u > 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  if (digits.size() <= static_cast<size_t>(scale_)) {
    digits.insert(0, static_cast<size_t>(scale_) + 1 - digits.size(), '0');
  }
  if (scale_ > 0) digits.insert(digits.size() - static_cast<size_t>(scale_), ".");
  if (units_ < 0) digits.insert(0, "-");
  return digits;
}

int Compare(const Decimal& a, const Decimal& b) {
  const int scale = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
  std::optional<int128> x = Decimal::Rescale(a.units_, a.scale_, scale);
  std::optional<int128> y = Decimal::Rescale(b.units_, b.scale_, scale);
  if (!x || !y) {
    const double da = a.ToDouble();
    const double db = b.ToDouble();
    return da < db ? -1 : da > db ? 1 : 0;
  }
  return *x < *y ? -1 : *x > *y ? 1 : 0;
}

std::optional<Decimal> Decimal::Add(const Decimal& other) const {
  const int scale = scale_ > other.scale_ ? scale_ : other.scale_;
  std::optional<int128> x = Rescale(units_, scale_, scale);
  std::optional<int128> y = Rescale(other.units_, other.scale_, scale);
  int128 sum;
  if (!x || !y || __builtin_add_overflow(*x, *y, &sum)) return std::nullopt;
  return Decimal(sum, scale);
}

std::optional<Decimal> Decimal::Subtract(const Decimal& other) const { return Add(other.Negate()); }

std::optional<Decimal> Decimal::Multiply(const Decimal& other) const {
  int128 product;
  Decimal a = *this;
  Decimal b = other;
  // Drop precision beyond kMaxScale before giving up on overflow.
  while (__builtin_mul_overflow(a.units_, b.units_, &product)) {
    if (a.scale_ == 0 && b.scale_ == 0) return std::nullopt;
    Decimal& wider = a.scale_ >= b.scale_ ? a : b;
    wider = wider.Round(wider.scale_ - 1);
  }
  Decimal out(product, a.scale_ + b.scale_);
  if (out.scale_ > kMaxScale) out = out.Round(kMaxScale);
  return out;
}

std::optional<Decimal> Decimal::Divide(const Decimal& other) const {
  if (other.units_ == 0) return std::nullopt;
  // units_a / 10^sa / (units_b / 10^sb) = units_a * 10^(sb - sa) / units_b
  const int target = kDivisionScale;
  const int shift = target + other.scale_ - scale_;
  if (shift >= 0) {
    std::optional<int128> n = Rescale(units_, 0, shift);
    if (n) return Decimal(DivideRoundHalfAway(*n, other.units_), target).Normalized();
  } else {
    return Decimal(DivideRoundHalfAway(units_ / Pow10(-shift), other.units_), target).Normalized();
  }
  std::optional<Decimal> approx = FromDouble(ToDouble() / other.ToDouble());
  return approx;
}

std::optional<Decimal> Decimal::IntegerDivide(const Decimal& other) const {
  if (other.units_ == 0) return std::nullopt;
  const int scale = scale_ > other.scale_ ? scale_ : other.scale_;
  std::optional<int128> x = Rescale(units_, scale_, scale);
  std::optional<int128> y = Rescale(other.units_, other.scale_, scale);
  if (!x || !y) return std::nullopt;
  return Decimal(*x / *y, 0);
}

std::optional<Decimal> Decimal::Modulo(const Decimal& other) const {
  if (other.units_ == 0) return std::nullopt;
  const int scale = scale_ > other.scale_ ? scale_ : other.scale_;
  std::optional<int128> x = Rescale(units_, scale_, scale);
  std::optional<int128> y = Rescale(other.units_, other.scale_, scale);
  if (!x || !y) return std::nullopt;
  return Decimal(*x % *y, scale);
}

Decimal Decimal::Round(int places) const {
  if (places < 0) places = 0;
  if (places >= scale_) return *this;
  return Decimal(ShiftDown(units_, scale_ - places), places);
}

Decimal Decimal::Truncate() const { return Decimal(units_ / Pow10(scale_), 0); }

Decimal Decimal::Floor() const {
  Decimal t = Truncate();
  if (units_ < 0 && Compare(t, *this) != 0) t.units_ -= 1;
  return t;
}

Decimal Decimal::Ceiling() const {
  Decimal t = Truncate();
  if (units_ > 0 && Compare(t, *this) != 0) t.units_ += 1;
  return t;
}

std::optional<Decimal> Decimal::WithScale(int places) const {
  if (places < 0 || places > kMaxDigits) return std::nullopt;
  std::optional<int128> u = Rescale(units_, scale_, places);
  if (!u) return std::nullopt;
  return Decimal(*u, places);
}

Decimal Decimal::Normalized() const {
  Decimal d = *this;
  while (d.scale_ > 0 && d.units_ % 10 == 0) {
    d.units_ /= 10;
    --d.scale_;
  }
  return d;
}

}  // namespace lienthong::fhirpath
