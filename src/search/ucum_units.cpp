#include "search/ucum_units.h"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <string>

namespace lienthong::search {
namespace {

// The base units, in the order the canonical unit string lists them.
enum Dimension { kGram, kMole, kEnzymeUnit, kInternationalUnit, kKelvin, kMetre, kSecond, kCount };
constexpr std::string_view kBaseSymbols[kCount] = {"g", "mol", "U", "[iU]", "K", "m", "s"};

using Exponents = std::array<int, kCount>;

constexpr Exponents Dims(int g, int mol, int u, int iu, int k, int m, int s) {
  return {g, mol, u, iu, k, m, s};
}
constexpr Exponents kNone = Dims(0, 0, 0, 0, 0, 0, 0);
constexpr Exponents kPressure = Dims(1, 0, 0, 0, 0, -1, -2);  // g/m/s2
constexpr Exponents kEnergy = Dims(1, 0, 0, 0, 0, 2, -2);     // g.m2/s2

// factor * 10^power_of_ten * product of base units^exponents. The power of ten
// is kept apart from the factor so that the usual metric conversions (mg/dL to
// g/m3) are exact.
struct UnitTerm {
  double factor = 1;
  int power_of_ten = 0;
  Exponents exponents = kNone;

  void Multiply(const UnitTerm& other, int sign) {
    factor = sign > 0 ? factor * other.factor : factor / other.factor;
    power_of_ten += sign * other.power_of_ten;
    for (int d = 0; d < kCount; ++d) exponents[d] += sign * other.exponents[d];
  }
};

// Cel and [degF] are not multiples of K; they convert on their own only.
enum class Affine { kNo, kCelsius, kFahrenheit };

struct Atom {
  std::string_view symbol;
  bool metric;  // takes a prefix
  double factor;
  int power_of_ten;
  Exponents exponents;
  Affine affine = Affine::kNo;
};

constexpr Atom kAtoms[] = {
    // Base units and what UCUM treats as amounts of substance.
    {"g", true, 1, 0, Dims(1, 0, 0, 0, 0, 0, 0)},
    {"m", true, 1, 0, Dims(0, 0, 0, 0, 0, 1, 0)},
    {"s", true, 1, 0, Dims(0, 0, 0, 0, 0, 0, 1)},
    {"K", true, 1, 0, Dims(0, 0, 0, 0, 1, 0, 0)},
    {"mol", true, 1, 0, Dims(0, 1, 0, 0, 0, 0, 0)},
    {"eq", true, 1, 0, Dims(0, 1, 0, 0, 0, 0, 0)},
    {"osm", true, 1, 0, Dims(0, 1, 0, 0, 0, 0, 0)},
    {"kat", true, 1, 0, Dims(0, 1, 0, 0, 0, 0, -1)},
    {"U", true, 1, 0, Dims(0, 0, 1, 0, 0, 0, 0)},
    {"[iU]", true, 1, 0, Dims(0, 0, 0, 1, 0, 0, 0)},
    {"[IU]", true, 1, 0, Dims(0, 0, 0, 1, 0, 0, 0)},
    // Volume.
    {"L", true, 1, -3, Dims(0, 0, 0, 0, 0, 3, 0)},
    {"l", true, 1, -3, Dims(0, 0, 0, 0, 0, 3, 0)},
    // Time: min, h, d, wk; the mean Julian month and year.
    {"min", false, 60, 0, Dims(0, 0, 0, 0, 0, 0, 1)},
    {"h", false, 3600, 0, Dims(0, 0, 0, 0, 0, 0, 1)},
    {"d", false, 86400, 0, Dims(0, 0, 0, 0, 0, 0, 1)},
    {"wk", false, 604800, 0, Dims(0, 0, 0, 0, 0, 0, 1)},
    {"mo", false, 2629800, 0, Dims(0, 0, 0, 0, 0, 0, 1)},
    {"mo_j", false, 2629800, 0, Dims(0, 0, 0, 0, 0, 0, 1)},
    {"a", false, 31557600, 0, Dims(0, 0, 0, 0, 0, 0, 1)},
    {"a_j", false, 31557600, 0, Dims(0, 0, 0, 0, 0, 0, 1)},
    {"Hz", true, 1, 0, Dims(0, 0, 0, 0, 0, 0, -1)},
    // Force, pressure, energy, power; Pa is 1000 g/m/s2.
    {"N", true, 1, 3, Dims(1, 0, 0, 0, 0, 1, -2)},
    {"Pa", true, 1, 3, kPressure},
    {"bar", true, 1, 8, kPressure},
    {"atm", false, 101325, 3, kPressure},
    {"m[Hg]", true, 133322, 3, kPressure},   // 133.322 kPa
    {"m[H2O]", true, 980665, 1, kPressure},  // 9.80665 kPa
    {"J", true, 1, 3, kEnergy},
    {"cal", true, 4184, 0, kEnergy},  // 4.184 J
    {"W", true, 1, 3, Dims(1, 0, 0, 0, 0, 2, -3)},
    // Temperature.
    {"Cel", false, 1, 0, Dims(0, 0, 0, 0, 1, 0, 0), Affine::kCelsius},
    {"[degF]", false, 1, 0, Dims(0, 0, 0, 0, 1, 0, 0), Affine::kFahrenheit},
    // Customary units.
    {"[in_i]", false, 254, -4, Dims(0, 0, 0, 0, 0, 1, 0)},
    {"[ft_i]", false, 3048, -4, Dims(0, 0, 0, 0, 0, 1, 0)},
    {"[lb_av]", false, 45359237, -5, Dims(1, 0, 0, 0, 0, 0, 0)},
    {"[oz_av]", false, 28349523125, -9, Dims(1, 0, 0, 0, 0, 0, 0)},
    // Pure numbers: 10*3 and 10^3 are the unit "10*" to the power 3.
    {"10*", false, 1, 1, kNone},
    {"10^", false, 1, 1, kNone},
    {"%", false, 1, -2, kNone},
    {"[ppth]", false, 1, -3, kNone},
    {"[ppm]", false, 1, -6, kNone},
};

struct Prefix {
  std::string_view symbol;
  int power_of_ten;
};
// "da" before "d", so that "dam" is a decametre.
constexpr Prefix kPrefixes[] = {{"da", 1}, {"G", 9},  {"M", 6},  {"k", 3},  {"h", 2},   {"d", -1},
                                {"c", -2}, {"m", -3}, {"u", -6}, {"n", -9}, {"p", -12}, {"f", -15}};

constexpr size_t kMaxCodeLength = 256;
constexpr int kMaxDepth = 8;  // nested parentheses
constexpr size_t kMaxExponentDigits = 2;
constexpr int kMaxExponent = 99;         // in the result too, so that it parses again
constexpr size_t kMaxFactorDigits = 15;  // exact in a double
constexpr int kMaxPowerOfTen = 300;

const Atom* FindAtom(std::string_view symbol) {
  for (const Atom& atom : kAtoms) {
    if (atom.symbol == symbol) return &atom;
  }
  return nullptr;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

double PowerOfTen(int n) {
  static constexpr double kExact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  return n <= 22 ? kExact[n] : std::pow(10.0, n);
}

// Recursive descent over the UCUM grammar:
//   term      := ['/'] component (('.' | '/') component)*
//   component := '(' term ')' | annotation | unit [exponent] [annotation] | digits
//   unit      := atom | prefix metric-atom
// '.' and '/' bind equally, left to right ("a/b.c" is a.c/b).
class UcumParser {
 public:
  explicit UcumParser(std::string_view code) : code_(code) {}

  // The whole code as one term; nullopt when any of it does not parse.
  std::optional<UnitTerm> Parse() {
    std::optional<UnitTerm> term = Term(0);
    if (!term || pos_ != code_.size()) return std::nullopt;
    if (affine_ != Affine::kNo && components_ != 1) return std::nullopt;
    return term;
  }

  Affine affine() const { return affine_; }

 private:
  bool At(char c) const { return pos_ < code_.size() && code_[pos_] == c; }

  std::optional<UnitTerm> Term(int depth) {
    UnitTerm result;
    int sign = 1;
    if (At('/')) {
      ++pos_;
      sign = -1;
    }
    while (true) {
      std::optional<UnitTerm> component = Component(depth);
      if (!component) return std::nullopt;
      if (affine_ != Affine::kNo && sign < 0) return std::nullopt;  // "/Cel"
      result.Multiply(*component, sign);
      if (At('.')) {
        sign = 1;
      } else if (At('/')) {
        sign = -1;
      } else {
        return result;
      }
      ++pos_;
      if (affine_ != Affine::kNo) return std::nullopt;  // "Cel/min"
    }
  }

  std::optional<UnitTerm> Component(int depth) {
    ++components_;
    if (At('(')) {
      if (depth >= kMaxDepth) return std::nullopt;
      ++pos_;
      std::optional<UnitTerm> inner = Term(depth + 1);
      if (!inner || !At(')')) return std::nullopt;
      ++pos_;
      ++components_;  // a parenthesised Cel is not a temperature on its own
      return inner;
    }
    if (At('{')) {
      if (!SkipAnnotation()) return std::nullopt;
      return UnitTerm{};
    }
    const std::string_view symbol = Symbol();
    if (symbol.empty()) return std::nullopt;
    std::optional<UnitTerm> unit = SimpleUnit(symbol);
    if (!unit) return std::nullopt;
    if (At('{') && !SkipAnnotation()) return std::nullopt;
    return unit;
  }

  // An annotation ({beats}, {score}) means nothing for the value: skipped.
  bool SkipAnnotation() {
    const size_t close = code_.find('}', pos_ + 1);
    if (close == std::string_view::npos) return false;
    if (code_.substr(pos_ + 1, close - pos_ - 1).find('{') != std::string_view::npos) return false;
    pos_ = close + 1;
    return true;
  }

  // The characters of one unit with its exponent: up to the next operator,
  // parenthesis or annotation; square brackets are taken whole ("m[H2O]").
  std::string_view Symbol() {
    const size_t start = pos_;
    while (pos_ < code_.size()) {
      const char c = code_[pos_];
      if (c == '.' || c == '/' || c == '(' || c == ')' || c == '{' || c == '}') break;
      if (c == '[') {
        const size_t close = code_.find(']', pos_);
        if (close == std::string_view::npos) return {};
        pos_ = close + 1;
      } else {
        ++pos_;
      }
    }
    return code_.substr(start, pos_ - start);
  }

  // A whole number, or a unit with an optional signed integer exponent.
  std::optional<UnitTerm> SimpleUnit(std::string_view symbol) {
    size_t digits = 0;
    while (digits < symbol.size() && IsDigit(symbol[symbol.size() - 1 - digits])) ++digits;
    if (digits == symbol.size()) {
      if (digits > kMaxFactorDigits) return std::nullopt;
      UnitTerm number;
      number.factor = 0;
      for (char c : symbol) number.factor = number.factor * 10 + (c - '0');
      if (number.factor == 0) return std::nullopt;
      return number;
    }
    int exponent = 1;
    std::string_view name = symbol;
    if (digits > 0) {
      if (digits > kMaxExponentDigits) return std::nullopt;
      exponent = 0;
      for (char c : symbol.substr(symbol.size() - digits)) exponent = exponent * 10 + (c - '0');
      name = symbol.substr(0, symbol.size() - digits);
      if (name.back() == '+' || name.back() == '-') {
        if (name.back() == '-') exponent = -exponent;
        name.remove_suffix(1);
        if (name.empty()) return std::nullopt;
      }
    }
    const Atom* atom = FindAtom(name);
    int prefix_power = 0;
    if (atom == nullptr) {
      for (const Prefix& prefix : kPrefixes) {
        if (name.size() > prefix.symbol.size() && name.starts_with(prefix.symbol)) {
          const Atom* rest = FindAtom(name.substr(prefix.symbol.size()));
          if (rest != nullptr && rest->metric) {
            atom = rest;
            prefix_power = prefix.power_of_ten;
            break;
          }
        }
      }
    }
    if (atom == nullptr) return std::nullopt;
    if (atom->affine != Affine::kNo) {
      if (exponent != 1 || digits > 0) return std::nullopt;
      affine_ = atom->affine;
    }
    UnitTerm unit;
    unit.factor = std::pow(atom->factor, exponent);
    unit.power_of_ten = (atom->power_of_ten + prefix_power) * exponent;
    for (int d = 0; d < kCount; ++d) unit.exponents[d] = atom->exponents[d] * exponent;
    return unit;
  }

  std::string_view code_;
  size_t pos_ = 0;
  int components_ = 0;
  Affine affine_ = Affine::kNo;
};

std::string CanonicalUnit(const Exponents& exponents) {
  std::string unit;
  for (int d = 0; d < kCount; ++d) {
    if (exponents[d] <= 0) continue;
    if (!unit.empty()) unit += '.';
    unit += kBaseSymbols[d];
    if (exponents[d] != 1) unit += std::to_string(exponents[d]);
  }
  for (int d = 0; d < kCount; ++d) {
    if (exponents[d] >= 0) continue;
    unit += '/';
    unit += kBaseSymbols[d];
    if (exponents[d] != -1) unit += std::to_string(-exponents[d]);
  }
  if (unit.empty()) unit = "1";
  return unit;
}

}  // namespace

std::optional<CanonicalQuantity> CanonicalizeUcum(double value, std::string_view code) {
  if (code.empty() || code.size() > kMaxCodeLength) return std::nullopt;
  UcumParser parser(code);
  std::optional<UnitTerm> term = parser.Parse();
  if (!term || std::abs(term->power_of_ten) > kMaxPowerOfTen) return std::nullopt;
  for (int exponent : term->exponents) {
    if (std::abs(exponent) > kMaxExponent) return std::nullopt;  // "m99.m99": not a unit
  }
  double canonical = 0;
  switch (parser.affine()) {
    case Affine::kCelsius:
      canonical = value + 273.15;
      break;
    case Affine::kFahrenheit:
      canonical = (value + 459.67) * 5 / 9;
      break;
    case Affine::kNo:
      canonical = value * term->factor;
      if (term->power_of_ten >= 0) {
        canonical *= PowerOfTen(term->power_of_ten);
      } else {
        canonical /= PowerOfTen(-term->power_of_ten);
      }
      break;
  }
  if (!std::isfinite(canonical)) return std::nullopt;
  return CanonicalQuantity{canonical, CanonicalUnit(term->exponents)};
}

}  // namespace lienthong::search
