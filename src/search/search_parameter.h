// SearchParameter: one search parameter as lienthong uses it: its code, type
// and FHIRPath expression, parsed once. A parameter with several base types
// ("clinical-patient": AllergyIntolerance, CarePlan, ...) is bound once per
// type with only the branches of its expression that apply to that type, so
// indexing an Observation never evaluates the CarePlan branch.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fhirpath/fhirpath.h"

namespace lienthong::search {

enum class ParamType {
  kNumber,
  kDate,
  kString,
  kToken,
  kReference,
  kComposite,
  kQuantity,
  kUri,
  kSpecial
};

// "number", "date", ...; nullopt-like kSpecial for an unknown name is not
// used: ParseParamType returns false.
bool ParseParamType(std::string_view name, ParamType& type);
const char* ParamTypeName(ParamType type);

struct SearchParameter {
  struct Component {
    std::string definition;                  // canonical URL of the component's parameter
    std::string expression;                  // relative to each item of the composite's expression
    const SearchParameter* param = nullptr;  // resolved definition (same base type)
    std::shared_ptr<const fhirpath::Expression> parsed;
  };

  std::string url;
  std::string code;
  ParamType type = ParamType::kToken;
  std::string type_name;   // the resource type it is bound to
  std::string expression;  // the branches for type_name, joined by " | "
  std::shared_ptr<const fhirpath::Expression> parsed;  // null when there is no expression
  std::vector<std::string> targets;                    // reference: allowed target types
  std::vector<Component> components;
};

}  // namespace lienthong::search
