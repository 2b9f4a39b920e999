// TypeRegistry: the FHIR R4 type system, loaded from the StructureDefinitions.
//
// The registry holds every R4 resource type and data type with its element
// definitions (path, types, cardinality, isSummary, isModifier, required
// bindings with their expanded codes). It is generated at build time from the
// official definition bundles by tools/gen_fhir_registry.cpp into
// data/fhir/r4-registry.json, which is embedded in the library; R4() parses it
// once on first use. A TypeRegistry is immutable after loading and safe to
// share between threads; every pointer it hands out lives as long as it does
// (for R4(), the whole process).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/status.h"

namespace lienthong::fhir {

enum class TypeKind : uint8_t { kPrimitive, kComplex, kResource };

// The format rule of a primitive type (see primitive_format.h).
enum class PrimitiveKind : uint8_t {
  kNone,  // not a primitive
  kBoolean,
  kInteger,
  kPositiveInt,
  kUnsignedInt,
  kDecimal,
  kString,
  kMarkdown,
  kCode,
  kId,
  kUri,
  kUrl,
  kCanonical,
  kOid,
  kUuid,
  kBase64Binary,
  kDate,
  kDateTime,
  kInstant,
  kTime,
  kXhtml,
};

// The codes of a ValueSet bound with required strength. Not checkable when the
// set could not be expanded without a terminology server; such a binding is
// not enforced.
class ValueSetDefinition {
 public:
  ValueSetDefinition(std::string url, bool checkable);
  void Add(std::string_view system, std::string_view code);

  const std::string& url() const { return url_; }
  bool checkable() const { return checkable_; }
  // Whether some system of the expansion has this code.
  bool ContainsCode(std::string_view code) const;
  bool ContainsSystem(std::string_view system) const;
  bool Contains(std::string_view system, std::string_view code) const;

 private:
  // Hashing that accepts string_view, so that lookups do not allocate.
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

  std::string url_;
  bool checkable_;
  StringSet codes_;  // of any system
  std::unordered_map<std::string, StringSet, StringHash, std::equal_to<>> by_system_;
};

struct TypeDefinition;
class ElementSet;

struct ElementDefinition {
  static constexpr uint32_t kUnbounded = UINT32_MAX;

  std::string path;  // full path, e.g. "Patient.contact.name", "Observation.value[x]"
  std::string name;  // last segment without "[x]", e.g. "name", "value"
  uint32_t min = 0;
  uint32_t max = 1;  // kUnbounded for "*"
  bool is_summary = false;
  bool is_modifier = false;
  bool is_choice = false;  // value[x]: one JSON property per allowed type
  // Allowed types, resolved; for a contentReference those of the target.
  std::vector<const TypeDefinition*> types;
  std::string content_reference;  // "#Questionnaire.item" or empty
  // The children of a BackboneElement (or of the contentReference target);
  // nullptr when the children come from the type.
  const ElementSet* children = nullptr;
  const ValueSetDefinition* required_binding = nullptr;  // nullptr when none

  bool is_array() const { return max > 1; }
};

// The elements that may appear in one JSON object: a type's top level or a
// BackboneElement's children, with a lookup from JSON property name.
class ElementSet {
 public:
  // What one JSON property name stands for.
  struct Property {
    std::string json_name;             // "valueQuantity", "_birthDate"
    const ElementDefinition* element;  // never null
    uint16_t index;                    // of element in elements()
    uint16_t type_index;               // into element->types (the choice variant)
    bool underscore;                   // the "_name" form of a primitive
  };

  const std::vector<const ElementDefinition*>& elements() const { return elements_; }
  // nullptr when no element of this set has that JSON name.
  const Property* FindProperty(std::string_view json_name) const;

 private:
  friend class TypeRegistry;
  std::vector<const ElementDefinition*> elements_;
  std::vector<Property> properties_;  // sorted by json_name
};

struct TypeDefinition {
  std::string name;
  TypeKind kind = TypeKind::kComplex;
  PrimitiveKind primitive = PrimitiveKind::kNone;
  bool is_abstract = false;
  const TypeDefinition* base = nullptr;  // nullptr for Element and Resource
  ElementSet elements;                   // top level (empty for primitives)
};

class TypeRegistry {
 public:
  // The R4 registry embedded in the library, loaded on first call (thread-safe).
  // A corrupt embedded registry is a build error and aborts.
  static const TypeRegistry& R4();

  // Loads a registry in the format of data/fhir/r4-registry.json; kInvalid
  // when the text is not such a registry.
  static Result<std::unique_ptr<TypeRegistry>> Load(std::string_view json_text);

  TypeRegistry(const TypeRegistry&) = delete;
  TypeRegistry& operator=(const TypeRegistry&) = delete;
  ~TypeRegistry();

  // True for concrete resource types only (not Resource or DomainResource).
  bool IsResourceType(std::string_view name) const;
  // The concrete resource types, sorted.
  std::vector<std::string> ResourceTypes() const;
  // Any resource, data or primitive type by name; nullptr when unknown.
  const TypeDefinition* FindType(std::string_view name) const;
  // By full path as in the StructureDefinition, e.g. "Patient.contact.name"
  // or "Observation.value[x]"; nullptr when unknown. Paths go through
  // BackboneElements only, not into data types ("Patient.name.given" is not
  // an element path; "HumanName.given" is).
  const ElementDefinition* FindElement(std::string_view path) const;
  // The elements of `type` at the top level, or of a BackboneElement at `path`;
  // nullptr when neither.
  const ElementSet* FindElementSet(std::string_view type_or_path) const;
  // A ValueSet of some required binding, by canonical URL (without a
  // "|version" suffix); nullptr when no required binding uses it.
  const ValueSetDefinition* FindValueSet(std::string_view url) const;

 private:
  TypeRegistry();
  struct Data;
  std::unique_ptr<Data> data_;
};

}  // namespace lienthong::fhir
