// Canonical forms of UCUM quantities. A FHIR quantity search with the system
// http://unitsofmeasure.org compares values in canonical units, so that
// `value-quantity=ge5.5|http://unitsofmeasure.org|mmol/L` also finds a value
// recorded as 5600 umol/L, and 1 g/L is found by a search for 100 mg/dL.
//
// Covers the UCUM grammar (prefixes, '.', '/', integer exponents, parentheses,
// annotations, 10*n factors) over a table of the units met in clinical records,
// not the whole of UCUM. Two deliberate departures from UCUM: mol (and eq, osm)
// is a dimension of its own rather than the number 6.0221367e23, and the enzyme
// unit U and the international unit [iU] are dimensions of their own, never
// converted to mol/s or to each other.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lienthong::search {

// A value in canonical units. `unit` is built from the base units g, mol, U,
// [iU], K, m and s in that order, positive exponents joined by '.', each
// negative one written as '/' and the unit: "g/m3" (mass concentration),
// "mol/m3", "/m3" (a count per volume), "m3/s", "g/m/s2" (pressure: 1 Pa is
// 1000 g/m/s2), "/s" (a rate), "1" (a pure number). The unit string is itself
// UCUM and canonicalises to itself.
struct CanonicalQuantity {
  double value = 0;
  std::string unit;
};

// `value` expressed in canonical units, for the UCUM code `code` (case-
// sensitive UCUM, e.g. "mg/dL", "mm[Hg]", "10*9/L", "{beats}/min"). Cel and
// [degF] convert to K (an affine conversion, so only on their own: "Cel/min"
// is not known). nullopt when the code is empty, malformed, uses a unit or a
// prefix outside the table, or the result is not finite.
std::optional<CanonicalQuantity> CanonicalizeUcum(double value, std::string_view code);

}  // namespace lienthong::search
