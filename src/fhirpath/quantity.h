// Quantity: a Decimal with a unit, either a UCUM code ("mg", "[lb_av]",
// "g/m") or a calendar duration keyword ("day", "months").
//
// The UCUM support covers what clinical data uses in practice: the SI base
// and derived units with their prefixes, time, volume, customary mass and
// length, pressure in mm[Hg], percent, and products, quotients and powers of
// those ("mg/dL", "m2", "kg.m-2"). Units outside that set compare only with
// the identical unit.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fhirpath/decimal.h"

namespace lienthong::fhirpath {

struct Quantity {
  Decimal value;
  std::string unit;  // UCUM code, or a calendar keyword when calendar is true
  bool calendar = false;

  // "4 days" for calendar units, "1 'mg'" for UCUM ones.
  std::string ToString() const;
};

// The singular calendar keyword ("year", ..., "millisecond") for a keyword
// as written ("years", "day"); empty when `word` is not one.
std::string_view CalendarUnit(std::string_view word);

// The calendar keyword a UCUM time unit stands for when added to a date
// ("d" -> "day", "wk" -> "week", "h", "min", "s", "ms"); empty for "a" and
// "mo" (not definite durations) and for other units.
std::string_view DefiniteDurationUnit(std::string_view ucum);

// Whether two quantities have the same dimension.
bool Comparable(const Quantity& a, const Quantity& b);

// Both quantities expressed in one unit so that their values compare;
// nullopt when the units have different dimensions or are unknown (and not
// identical). Calendar years and months compare only with themselves.
// `for_equivalence` lets a year match 'a' and a month 'mo'.
std::optional<int> CompareQuantities(const Quantity& a, const Quantity& b,
                                     bool for_equivalence = false);

// Product and quotient with a combined UCUM unit; nullopt for calendar
// units or overflow.
std::optional<Quantity> MultiplyQuantities(const Quantity& a, const Quantity& b);
std::optional<Quantity> DivideQuantities(const Quantity& a, const Quantity& b);
// a +/- b in a's unit; nullopt when not comparable.
std::optional<Quantity> AddQuantities(const Quantity& a, const Quantity& b, bool subtract);

// `q` expressed in `unit` (toQuantity(unit)); nullopt when not convertible.
std::optional<Quantity> ConvertQuantity(const Quantity& q, std::string_view unit);

// Parses "4 days", "1 'wk'", "1.5" (unit '1'): the String form toQuantity()
// accepts; nullopt otherwise.
std::optional<Quantity> ParseQuantityString(std::string_view text);

}  // namespace lienthong::fhirpath
