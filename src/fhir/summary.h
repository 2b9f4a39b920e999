// _summary and _elements: the subsets of a resource a client may ask for
// (http://hl7.org/fhir/R4/search.html#summary, #elements).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "json/value.h"

namespace lienthong::fhir {

enum class SummaryMode { kFalse, kTrue, kText, kData, kCount };

// The value of a _summary parameter ("true", "false", "text", "data",
// "count"); kInvalid for anything else.
Result<SummaryMode> ParseSummaryMode(std::string_view text);

// Reduces `resource` in place:
//   kTrue:  elements marked isSummary plus mandatory ones (min > 0), applied
//           recursively through data types and BackboneElements; resources
//           nested in it (Bundle.entry.resource) are summarised likewise;
//   kText:  text, id, meta and mandatory top-level elements;
//   kData:  everything except text;
//   kFalse, kCount: unchanged (count is answered by the search layer).
// When anything was removed, meta.tag gets the SUBSETTED code
// (http://terminology.hl7.org/CodeSystem/v3-ObservationValue). A value that is
// not an object with a known resourceType is left alone.
void ApplySummary(json::Value& resource, SummaryMode mode);

// Keeps the listed top-level elements ("name", or "Patient.name"; a choice
// element by its base name "value" or a variant "valueQuantity") plus
// resourceType, id, meta and mandatory top-level elements, and tags the
// resource SUBSETTED when anything was removed. Nested paths select their
// whole top-level element.
void ApplyElements(json::Value& resource, const std::vector<std::string>& elements);

}  // namespace lienthong::fhir
