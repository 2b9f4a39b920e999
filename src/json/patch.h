// JSON Patch (RFC 6902) and JSON Pointer (RFC 6901) on json::Value: what the
// FHIR patch interaction applies for Content-Type application/json-patch+json.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "json/value.h"

namespace lienthong::json {

// Applies every operation of `patch` (an array of operation objects: add,
// remove, replace, move, copy, test) to `document`, all or nothing.
//
// On success `document` holds the result. On failure `document` is left
// exactly as it was and the Status carries one Issue whose expression names
// the failing operation and member, e.g. "patch[2].path":
//   kInvalid        the patch document itself is malformed (not an array, an
//                   operation without "op" or "path", an unknown op, a missing
//                   "value" or "from", a pointer that is not a JSON Pointer);
//   kUnprocessable  a well-formed operation cannot apply to this document (a
//                   path that does not exist, an index out of range, a failed
//                   "test", a move into its own child).
// Members an operation does not use are ignored (RFC 6902 section 4).
Status ApplyJsonPatch(Value& document, const Value& patch);

// Splits a JSON Pointer ("/a/b~1c/0") into its unescaped reference tokens
// ({"a", "b/c", "0"}); "" is the whole document. Returns false when `pointer`
// is not a JSON Pointer: non-empty without a leading '/', or a '~' not
// followed by '0' or '1'.
bool ParseJsonPointer(std::string_view pointer, std::vector<std::string>* tokens);

// The value `pointer` refers to in `document`, or nullptr when it does not
// exist or the pointer is malformed. The pointer is valid until `document`
// is next modified.
const Value* ResolveJsonPointer(const Value& document, std::string_view pointer);

// JSON equality as RFC 6902 "test" defines it: numbers by numeric value,
// objects regardless of member order, arrays element by element.
bool JsonEquals(const Value& a, const Value& b);

}  // namespace lienthong::json
