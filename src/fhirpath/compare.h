// Equality, equivalence and ordering of items and collections, with the
// implicit conversions of the specification (Integer to Decimal, FHIR
// primitives to System values, Quantity units through UCUM).
#pragma once

#include <optional>

#include "common/status.h"
#include "fhirpath/item.h"

namespace lienthong::fhirpath {

// `=` on two items: true, false, or nullopt (empty) when precision or a
// missing value leaves it undecided.
std::optional<bool> ItemsEqual(const Item& a, const Item& b);
// `~` on two items: never undecided.
bool ItemsEquivalent(const Item& a, const Item& b);

// `=` and `~` on collections (order matters for `=`, not for `~`).
std::optional<bool> CollectionsEqual(const Collection& a, const Collection& b);
bool CollectionsEquivalent(const Collection& a, const Collection& b);

// Ordering for < > <= >=: -1, 0, 1, or nullopt when undecided; kInvalid when
// the two cannot be ordered (a String and an Integer, a complex node).
Result<std::optional<int>> CompareItems(const Item& a, const Item& b);

// Whether `items` has an item equal to `item` (union, distinct, in, ...).
bool ContainsEqual(const Collection& items, const Item& item);

}  // namespace lienthong::fhirpath
