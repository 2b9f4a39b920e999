// FHIRPath Patch (FHIR R4, fhirpatch.html): a Parameters resource whose
// "operation" parameters each add, insert, delete, replace or move one
// element of a resource named by a FHIRPath expression.
//
//   Status s = fhirpath::ApplyFhirPathPatch(patient, parameters);
//
// Each path is evaluated with this library's engine on the resource as the
// earlier operations left it. add's path names the element that gets the new
// child `name`; insert's and move's path names the list itself and must end
// in the list's name ("Patient.name[0].given"); delete's and replace's path
// names the element (add on a primitive gives it an id or an extension, in
// its "_name" companion). Every path must select at most one element of the
// resource (delete: none is no change; the others need exactly one). A value
// is a value[x] part, or nested parts (name + value[x] or parts) for a
// complex value such as Patient.contact; a choice element's JSON name takes
// the type of the value[x] (name "deceased" with valueBoolean is
// deceasedBoolean).
//
// The result is not validated here: the caller validates the patched
// resource as it would any update.
#pragma once

#include "common/status.h"
#include "json/value.h"

namespace lienthong::fhirpath {

// Applies `parameters` to `resource` in place, operation by operation.
// kInvalid when `parameters` is not a well-formed FHIRPath Patch (not a
// Parameters, an unknown operation type or part, a missing part, a path that
// does not parse); kUnprocessable when an operation does not apply to this
// resource (its path selects several elements or none, an index out of
// range, add of a non-repeating element that is already there, an element
// the type does not have). On failure `resource` may be partly patched: apply
// to a copy that is dropped on error.
Status ApplyFhirPathPatch(json::Value& resource, const json::Value& parameters);

}  // namespace lienthong::fhirpath
