// Structural validation of a FHIR R4 resource in JSON against the type registry.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/status.h"
#include "json/value.h"

namespace lienthong::fhir {

struct ValidationOptions {
  // What to require of the root resource's `id` (the api/ layer knows whether
  // this is a create or an update); contained resources are not affected.
  enum class IdRule : uint8_t { kOptional, kRequired, kForbidden };
  IdRule id = IdRule::kOptional;
  // Validation stops collecting issues after this many (at least one is
  // always kept, so an invalid resource never passes).
  size_t max_issues = 100;
  // When false, Bundle.entry.resource is only checked to be an object with a
  // resourceType: a batch validates each entry when it runs, so that one bad
  // entry fails alone.
  bool validate_bundle_entries = true;
};

// Checks `resource` against the R4 StructureDefinitions: a known, concrete
// resourceType; no unknown elements; cardinality and array/single shape;
// exactly one variant of each choice element; JSON type and lexical form of
// every primitive, including the "_name" extension form; no empty objects,
// arrays or strings and no nulls (except to align primitive arrays with their
// "_name" arrays); codes of required bindings that can be expanded locally.
// Contained resources and Bundle.entry.resource are validated as resources.
//
// OK when valid. Otherwise kUnprocessable with one Issue per problem (up to
// options.max_issues), each with the FHIRPath location in `expression` (e.g.
// "Patient.name[0].given[1]", "Observation.valueQuantity") and a message that
// never repeats resource content. Thread-safe; uses TypeRegistry::R4().
Status Validate(const json::Value& resource, const ValidationOptions& options = {});

}  // namespace lienthong::fhir
