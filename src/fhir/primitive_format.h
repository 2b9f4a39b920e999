// The lexical rules of the FHIR R4 primitive types in JSON
// (http://hl7.org/fhir/R4/datatypes.html#primitive), hand-written because
// std::regex is too slow for validating every write.
#pragma once

#include <string_view>

#include "fhir/type_registry.h"
#include "json/value.h"

namespace lienthong::fhir {

// nullptr when `value` is a valid JSON representation of a primitive of that
// kind (right JSON type and lexical form); otherwise a short description of
// the rule broken, which never contains the value itself.
const char* CheckPrimitive(PrimitiveKind kind, const json::Value& value);

// The lexical checks on their own, for callers that hold the text.
bool IsValidDate(std::string_view s);
bool IsValidDateTime(std::string_view s);
bool IsValidInstant(std::string_view s);
bool IsValidTime(std::string_view s);
bool IsValidId(std::string_view s);
bool IsValidCode(std::string_view s);

}  // namespace lienthong::fhir
