#include "fhirpath/quantity.h"

#include <array>
#include <cctype>
#include <string>
#include <unordered_map>

namespace lienthong::fhirpath {
namespace {

// Exponents of length, mass, time, amount, temperature, current, luminosity.
using Dimensions = std::array<int, 7>;

struct Canonical {
  Decimal factor = Decimal::FromInteger(1);
  Dimensions dims{};
};

struct Atom {
  const char* factor;
  Dimensions dims;
  bool metric;  // takes SI prefixes
};

const std::unordered_map<std::string_view, Atom>& Atoms() {
  static const std::unordered_map<std::string_view, Atom> kAtoms = {
      {"m", {"1", {1, 0, 0, 0, 0, 0, 0}, true}},
      {"g", {"1", {0, 1, 0, 0, 0, 0, 0}, true}},
      {"s", {"1", {0, 0, 1, 0, 0, 0, 0}, true}},
      {"mol", {"1", {0, 0, 0, 1, 0, 0, 0}, true}},
      {"eq", {"1", {0, 0, 0, 1, 0, 0, 0}, true}},
      {"K", {"1", {0, 0, 0, 0, 1, 0, 0}, true}},
      {"A", {"1", {0, 0, 0, 0, 0, 1, 0}, true}},
      {"cd", {"1", {0, 0, 0, 0, 0, 0, 1}, true}},
      {"L", {"0.001", {3, 0, 0, 0, 0, 0, 0}, true}},
      {"l", {"0.001", {3, 0, 0, 0, 0, 0, 0}, true}},
      {"min", {"60", {0, 0, 1, 0, 0, 0, 0}, false}},
      {"h", {"3600", {0, 0, 1, 0, 0, 0, 0}, false}},
      {"d", {"86400", {0, 0, 1, 0, 0, 0, 0}, false}},
      {"wk", {"604800", {0, 0, 1, 0, 0, 0, 0}, false}},
      {"mo", {"2629800", {0, 0, 1, 0, 0, 0, 0}, false}},
      {"a", {"31557600", {0, 0, 1, 0, 0, 0, 0}, false}},
      {"Hz", {"1", {0, 0, -1, 0, 0, 0, 0}, true}},
      {"N", {"1000", {1, 1, -2, 0, 0, 0, 0}, true}},
      {"Pa", {"1000", {-1, 1, -2, 0, 0, 0, 0}, true}},
      {"bar", {"100000000", {-1, 1, -2, 0, 0, 0, 0}, true}},
      {"mm[Hg]", {"133322.387415", {-1, 1, -2, 0, 0, 0, 0}, false}},
      {"J", {"1000", {2, 1, -2, 0, 0, 0, 0}, true}},
      {"cal", {"4184", {2, 1, -2, 0, 0, 0, 0}, true}},
      {"W", {"1000", {2, 1, -3, 0, 0, 0, 0}, true}},
      {"[in_i]", {"0.0254", {1, 0, 0, 0, 0, 0, 0}, false}},
      {"[ft_i]", {"0.3048", {1, 0, 0, 0, 0, 0, 0}, false}},
      {"[yd_i]", {"0.9144", {1, 0, 0, 0, 0, 0, 0}, false}},
      {"[mi_i]", {"1609.344", {1, 0, 0, 0, 0, 0, 0}, false}},
      {"[lb_av]", {"453.59237", {0, 1, 0, 0, 0, 0, 0}, false}},
      {"[oz_av]", {"28.349523125", {0, 1, 0, 0, 0, 0, 0}, false}},
      {"%", {"0.01", {0, 0, 0, 0, 0, 0, 0}, false}},
      {"1", {"1", {0, 0, 0, 0, 0, 0, 0}, false}},
  };
  return kAtoms;
}

const char* PrefixFactor(std::string_view p) {
  static const std::unordered_map<std::string_view, const char*> kPrefixes = {
      {"T", "1000000000000"}, {"G", "1000000000"}, {"M", "1000000"},     {"k", "1000"},
      {"h", "100"},           {"da", "10"},        {"d", "0.1"},         {"c", "0.01"},
      {"m", "0.001"},         {"u", "0.000001"},   {"n", "0.000000001"}, {"p", "0.000000000001"},
  };
  auto it = kPrefixes.find(p);
  return it == kPrefixes.end() ? nullptr : it->second;
}

std::optional<Canonical> Power(Canonical c, int exp) {
  Canonical out;
  const int n = exp < 0 ? -exp : exp;
  if (n > 10) return std::nullopt;
  for (int i = 0; i < n; ++i) {
    std::optional<Decimal> f = out.factor.Multiply(c.factor);
    if (!f) return std::nullopt;
    out.factor = *f;
  }
  if (exp < 0) {
    std::optional<Decimal> inv = Decimal::FromInteger(1).Divide(out.factor);
    if (!inv) return std::nullopt;
    out.factor = *inv;
  }
  for (size_t i = 0; i < out.dims.size(); ++i) out.dims[i] = c.dims[i] * exp;
  return out;
}

std::optional<Canonical> Combine(const Canonical& a, const Canonical& b, bool divide) {
  Canonical out;
  std::optional<Decimal> f = divide ? a.factor.Divide(b.factor) : a.factor.Multiply(b.factor);
  if (!f) return std::nullopt;
  out.factor = *f;
  for (size_t i = 0; i < out.dims.size(); ++i) {
    out.dims[i] = a.dims[i] + (divide ? -b.dims[i] : b.dims[i]);
  }
  return out;
}

std::optional<Canonical> AtomCanonical(std::string_view atom) {
  const auto& atoms = Atoms();
  auto it = atoms.find(atom);
  if (it != atoms.end()) {
    return Canonical{*Decimal::Parse(it->second.factor), it->second.dims};
  }
  for (size_t len : {size_t{2}, size_t{1}}) {
    if (atom.size() <= len) continue;
    const char* prefix = PrefixFactor(atom.substr(0, len));
    if (!prefix) continue;
    auto base = atoms.find(atom.substr(len));
    if (base == atoms.end() || !base->second.metric) continue;
    std::optional<Decimal> f =
        Decimal::Parse(prefix)->Multiply(*Decimal::Parse(base->second.factor));
    if (!f) return std::nullopt;
    return Canonical{*f, base->second.dims};
  }
  return std::nullopt;
}

// One component between '.' and '/': an atom with an optional exponent, a
// number, 10*n, or an annotation.
std::optional<Canonical> ComponentCanonical(std::string_view c) {
  if (c.empty()) return std::nullopt;
  if (c.front() == '{' && c.back() == '}') return Canonical{};
  // Strip an annotation after the unit ("mg{total}").
  if (const size_t brace = c.find('{'); brace != std::string_view::npos && c.back() == '}') {
    c = c.substr(0, brace);
  }
  bool all_digits = true;
  for (char ch : c) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(ch));
  if (all_digits) {
    std::optional<Decimal> n = Decimal::Parse(c);
    if (!n) return std::nullopt;
    return Canonical{*n, {}};
  }
  if (c.starts_with("10*") || c.starts_with("10^")) {
    std::string_view e = c.substr(3);
    int exp = 0;
    bool negative = !e.empty() && e.front() == '-';
    if (negative || (!e.empty() && e.front() == '+')) e.remove_prefix(1);
    if (e.empty() || e.size() > 2) return std::nullopt;
    for (char ch : e) {
      if (!std::isdigit(static_cast<unsigned char>(ch))) return std::nullopt;
      exp = exp * 10 + (ch - '0');
    }
    return Power(Canonical{Decimal::FromInteger(10), {}}, negative ? -exp : exp);
  }
  size_t split = c.size();
  if (const size_t bracket = c.rfind(']'); bracket != std::string_view::npos) {
    split = bracket + 1;
  } else {
    while (split > 0 && std::isdigit(static_cast<unsigned char>(c[split - 1]))) --split;
    if (split > 0 && split < c.size() && (c[split - 1] == '-' || c[split - 1] == '+')) --split;
    if (split == 0) split = c.size();
  }
  std::optional<Canonical> atom = AtomCanonical(c.substr(0, split));
  if (!atom) return std::nullopt;
  if (split == c.size()) return atom;
  std::string_view e = c.substr(split);
  const bool negative = e.front() == '-';
  if (e.front() == '-' || e.front() == '+') e.remove_prefix(1);
  if (e.empty() || e.size() > 2) return std::nullopt;
  int exp = 0;
  for (char ch : e) {
    if (!std::isdigit(static_cast<unsigned char>(ch))) return std::nullopt;
    exp = exp * 10 + (ch - '0');
  }
  return Power(*atom, negative ? -exp : exp);
}

std::optional<Canonical> TermCanonical(std::string_view u, size_t& pos, int depth);

std::optional<Canonical> OperandCanonical(std::string_view u, size_t& pos, int depth) {
  if (pos < u.size() && u[pos] == '(') {
    ++pos;
    std::optional<Canonical> inner = TermCanonical(u, pos, depth + 1);
    if (!inner || pos >= u.size() || u[pos] != ')') return std::nullopt;
    ++pos;
    return inner;
  }
  const size_t start = pos;
  int braces = 0;
  while (pos < u.size()) {
    const char ch = u[pos];
    if (ch == '{') ++braces;
    if (ch == '}') --braces;
    if (braces == 0 && (ch == '.' || ch == '/' || ch == '(' || ch == ')')) break;
    ++pos;
  }
  return ComponentCanonical(u.substr(start, pos - start));
}

std::optional<Canonical> TermCanonical(std::string_view u, size_t& pos, int depth) {
  if (depth > 8) return std::nullopt;
  Canonical acc;
  bool divide = false;
  if (pos < u.size() && u[pos] == '/') {
    divide = true;
    ++pos;
  }
  while (true) {
    std::optional<Canonical> next = OperandCanonical(u, pos, depth);
    if (!next) return std::nullopt;
    std::optional<Canonical> combined = Combine(acc, *next, divide);
    if (!combined) return std::nullopt;
    acc = *combined;
    if (pos >= u.size() || u[pos] == ')') return acc;
    if (u[pos] != '.' && u[pos] != '/') return std::nullopt;
    divide = u[pos] == '/';
    ++pos;
  }
}

std::optional<Canonical> UnitCanonical(std::string_view unit) {
  if (unit.empty()) return Canonical{};
  size_t pos = 0;
  std::optional<Canonical> c = TermCanonical(unit, pos, 0);
  if (!c || pos != unit.size()) return std::nullopt;
  return c;
}

// The UCUM unit for a calendar keyword used as a definite duration.
std::string_view CalendarAsUcum(std::string_view keyword) {
  if (keyword == "week") return "wk";
  if (keyword == "day") return "d";
  if (keyword == "hour") return "h";
  if (keyword == "minute") return "min";
  if (keyword == "second") return "s";
  if (keyword == "millisecond") return "ms";
  if (keyword == "year") return "a";
  if (keyword == "month") return "mo";
  return {};
}

// The UCUM unit a quantity's value is in, or nullopt for calendar years and
// months (unless for_equivalence).
std::optional<std::string> EffectiveUcum(const Quantity& q, bool for_equivalence) {
  if (!q.calendar) return q.unit;
  const std::string_view k = CalendarUnit(q.unit);
  if ((k == "year" || k == "month") && !for_equivalence) return std::nullopt;
  return std::string(CalendarAsUcum(k));
}

bool QuotedNeeded(std::string_view unit) {
  return unit.find('.') != std::string_view::npos || unit.find('/') != std::string_view::npos;
}

}  // namespace

std::string Quantity::ToString() const {
  if (calendar) return value.ToString() + " " + unit;
  return value.ToString() + " '" + unit + "'";
}

std::string_view CalendarUnit(std::string_view word) {
  static constexpr std::string_view kUnits[] = {"year", "month",  "week",   "day",
                                                "hour", "minute", "second", "millisecond"};
  for (std::string_view u : kUnits) {
    if (word == u) return u;
    if (word.size() == u.size() + 1 && word.starts_with(u) && word.back() == 's') return u;
  }
  return {};
}

std::string_view DefiniteDurationUnit(std::string_view ucum) {
  if (ucum == "wk") return "week";
  if (ucum == "d") return "day";
  if (ucum == "h") return "hour";
  if (ucum == "min") return "minute";
  if (ucum == "s") return "second";
  if (ucum == "ms") return "millisecond";
  return {};
}

bool Comparable(const Quantity& a, const Quantity& b) {
  std::optional<std::string> ua = EffectiveUcum(a, true);
  std::optional<std::string> ub = EffectiveUcum(b, true);
  if (!ua || !ub) return false;
  if (*ua == *ub) return true;
  std::optional<Canonical> ca = UnitCanonical(*ua);
  std::optional<Canonical> cb = UnitCanonical(*ub);
  return ca && cb && ca->dims == cb->dims;
}

std::optional<int> CompareQuantities(const Quantity& a, const Quantity& b, bool for_equivalence) {
  if (a.calendar && b.calendar) {
    const std::string_view ka = CalendarUnit(a.unit);
    const std::string_view kb = CalendarUnit(b.unit);
    if (ka == kb) return Compare(a.value, b.value);
  }
  std::optional<std::string> ua = EffectiveUcum(a, for_equivalence);
  std::optional<std::string> ub = EffectiveUcum(b, for_equivalence);
  if (!ua || !ub) return std::nullopt;
  if (*ua == *ub) return Compare(a.value, b.value);
  std::optional<Canonical> ca = UnitCanonical(*ua);
  std::optional<Canonical> cb = UnitCanonical(*ub);
  if (!ca || !cb || ca->dims != cb->dims) return std::nullopt;
  std::optional<Decimal> va = a.value.Multiply(ca->factor);
  std::optional<Decimal> vb = b.value.Multiply(cb->factor);
  if (!va || !vb) return std::nullopt;
  if (for_equivalence) {
    const int scale = std::min(a.value.scale(), b.value.scale());
    return Compare(va->Round(scale), vb->Round(scale));
  }
  return Compare(*va, *vb);
}

std::optional<Quantity> MultiplyQuantities(const Quantity& a, const Quantity& b) {
  std::optional<std::string> ua = EffectiveUcum(a, false);
  std::optional<std::string> ub = EffectiveUcum(b, false);
  if (!ua || !ub) return std::nullopt;
  std::optional<Decimal> v = a.value.Multiply(b.value);
  if (!v) return std::nullopt;
  Quantity out{*v, {}, false};
  if (*ua == "1") {
    out.unit = *ub;
  } else if (*ub == "1") {
    out.unit = *ua;
  } else {
    out.unit = (QuotedNeeded(*ua) ? "(" + *ua + ")" : *ua) + "." +
               (QuotedNeeded(*ub) ? "(" + *ub + ")" : *ub);
  }
  return out;
}

std::optional<Quantity> DivideQuantities(const Quantity& a, const Quantity& b) {
  std::optional<std::string> ua = EffectiveUcum(a, false);
  std::optional<std::string> ub = EffectiveUcum(b, false);
  if (!ua || !ub) return std::nullopt;
  std::optional<Decimal> v = a.value.Divide(b.value);
  if (!v) return std::nullopt;
  Quantity out{*v, {}, false};
  if (*ua == *ub) {
    out.unit = "1";
  } else if (*ub == "1") {
    out.unit = *ua;
  } else {
    out.unit = (QuotedNeeded(*ua) ? "(" + *ua + ")" : *ua) + "/" +
               (QuotedNeeded(*ub) ? "(" + *ub + ")" : *ub);
  }
  return out;
}

std::optional<Quantity> AddQuantities(const Quantity& a, const Quantity& b, bool subtract) {
  Decimal bv = subtract ? b.value.Negate() : b.value;
  if (a.unit == b.unit && a.calendar == b.calendar) {
    std::optional<Decimal> v = a.value.Add(bv);
    if (!v) return std::nullopt;
    return Quantity{*v, a.unit, a.calendar};
  }
  std::optional<std::string> ua = EffectiveUcum(a, false);
  if (!ua) return std::nullopt;
  std::optional<Quantity> converted = ConvertQuantity(Quantity{bv, b.unit, b.calendar}, *ua);
  if (!converted) return std::nullopt;
  std::optional<Decimal> v = a.value.Add(converted->value);
  if (!v) return std::nullopt;
  return Quantity{*v, a.unit, a.calendar};
}

std::optional<Quantity> ConvertQuantity(const Quantity& q, std::string_view unit) {
  std::optional<std::string> from = EffectiveUcum(q, false);
  if (!from) return std::nullopt;
  if (*from == unit) return Quantity{q.value, std::string(unit), false};
  std::optional<Canonical> cf = UnitCanonical(*from);
  std::optional<Canonical> ct = UnitCanonical(unit);
  if (!cf || !ct || cf->dims != ct->dims) return std::nullopt;
  std::optional<Decimal> base = q.value.Multiply(cf->factor);
  if (!base) return std::nullopt;
  std::optional<Decimal> v = base->Divide(ct->factor);
  if (!v) return std::nullopt;
  return Quantity{*v, std::string(unit), false};
}

std::optional<Quantity> ParseQuantityString(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && text[i] != ' ') ++i;
  std::optional<Decimal> value = Decimal::Parse(text.substr(0, i));
  if (!value) return std::nullopt;
  if (i == text.size()) return Quantity{*value, "1", false};
  std::string_view rest = text.substr(i);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.size() >= 2 && rest.front() == '\'' && rest.back() == '\'') {
    return Quantity{*value, std::string(rest.substr(1, rest.size() - 2)), false};
  }
  if (!CalendarUnit(rest).empty()) return Quantity{*value, std::string(rest), true};
  return std::nullopt;
}

}  // namespace lienthong::fhirpath
