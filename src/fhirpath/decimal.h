// Decimal: the FHIRPath Decimal type, exact for the values FHIR carries.
//
// A Decimal is a signed 128-bit count of units of 10^-scale, so "1.50" keeps
// its two decimal places and 0.1 + 0.2 is exactly 0.3. Addition, subtraction
// and multiplication are exact while the result fits (about 38 digits);
// division rounds to kDivisionScale places. Operations that would overflow
// return std::nullopt, which the evaluator reports as an error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lienthong::fhirpath {

class Decimal {
 public:
  static constexpr int kMaxScale = 28;
  static constexpr int kDivisionScale = 16;

  Decimal() = default;
  static Decimal FromInteger(int64_t n) { return Decimal(n, 0); }
  // Parses [+-]digits[.digits] (and exponent forms found in JSON numbers);
  // nullopt when the text is not such a number or has too many digits.
  static std::optional<Decimal> Parse(std::string_view text);
  // The nearest decimal with at most 15 significant digits; nullopt for
  // NaN and infinities.
  static std::optional<Decimal> FromDouble(double d);

  int scale() const { return scale_; }
  bool is_negative() const { return units_ < 0; }
  bool is_zero() const { return units_ == 0; }
  double ToDouble() const;
  // The integer part when it fits in int64 (truncated towards zero).
  std::optional<int64_t> TruncatedInteger() const;
  // Plain notation with exactly scale() decimal places ("1.50", "-0.3", "2").
  std::string ToString() const;

  // Exact value comparison (1.10 == 1.1).
  friend int Compare(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) { return Compare(a, b) == 0; }

  std::optional<Decimal> Add(const Decimal& other) const;
  std::optional<Decimal> Subtract(const Decimal& other) const;
  std::optional<Decimal> Multiply(const Decimal& other) const;
  // nullopt on division by zero or overflow; trailing zeros are dropped.
  std::optional<Decimal> Divide(const Decimal& other) const;
  // Truncated quotient (the `div` operator) and the matching remainder (`mod`).
  std::optional<Decimal> IntegerDivide(const Decimal& other) const;
  std::optional<Decimal> Modulo(const Decimal& other) const;
  Decimal Negate() const { return Decimal(-units_, scale_); }

  // Rounds half away from zero to `places` decimals (never adds places).
  Decimal Round(int places) const;
  Decimal Truncate() const;  // towards zero, scale 0
  Decimal Floor() const;
  Decimal Ceiling() const;
  // The same value written with `places` decimals (adding zeros or rounding).
  std::optional<Decimal> WithScale(int places) const;
  // Without trailing zeros in the fraction ("2.50" -> "2.5", "2.0" -> "2").
  Decimal Normalized() const;

 private:
  Decimal(__int128 units, int scale) : units_(units), scale_(scale) {}
  static std::optional<__int128> Rescale(__int128 units, int from, int to);

  __int128 units_ = 0;
  int scale_ = 0;
};

}  // namespace lienthong::fhirpath
