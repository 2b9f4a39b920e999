#include "fhir/type_registry.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace lienthong::fhir {
namespace {

TEST(TypeRegistryTest, KnowsResourceTypes) {
  const TypeRegistry& r4 = TypeRegistry::R4();
  EXPECT_TRUE(r4.IsResourceType("Patient"));
  EXPECT_TRUE(r4.IsResourceType("Observation"));
  EXPECT_TRUE(r4.IsResourceType("Bundle"));
  EXPECT_FALSE(r4.IsResourceType("SubscriptionStatus"));  // R4B (4.3.0), not R4
  EXPECT_FALSE(r4.IsResourceType("Resource"));            // abstract
  EXPECT_FALSE(r4.IsResourceType("DomainResource"));      // abstract
  EXPECT_FALSE(r4.IsResourceType("HumanName"));           // a data type
  EXPECT_FALSE(r4.IsResourceType("patient"));
}

TEST(TypeRegistryTest, ListsTheConcreteR4ResourceTypesSorted) {
  std::vector<std::string> types = TypeRegistry::R4().ResourceTypes();
  // profiles-resources.json of R4 4.0.1 defines 146 concrete resource types
  // (plus the abstract Resource and DomainResource, and SubscriptionStatus from
  // 4.3.0, which the generator leaves out).
  EXPECT_EQ(types.size(), 146u);
  EXPECT_TRUE(std::is_sorted(types.begin(), types.end()));
  EXPECT_EQ(types.front(), "Account");
  EXPECT_EQ(types.back(), "VisionPrescription");
}

TEST(TypeRegistryTest, ElementDefinitions) {
  const TypeRegistry& r4 = TypeRegistry::R4();
  const ElementDefinition* gender = r4.FindElement("Patient.gender");
  ASSERT_NE(gender, nullptr);
  EXPECT_EQ(gender->min, 0u);
  EXPECT_EQ(gender->max, 1u);
  EXPECT_TRUE(gender->is_summary);
  ASSERT_NE(gender->required_binding, nullptr);
  EXPECT_TRUE(gender->required_binding->checkable());
  EXPECT_TRUE(gender->required_binding->ContainsCode("female"));
  EXPECT_FALSE(gender->required_binding->ContainsCode("f"));

  const ElementDefinition* value = r4.FindElement("Observation.value[x]");
  ASSERT_NE(value, nullptr);
  EXPECT_TRUE(value->is_choice);
  EXPECT_EQ(value->name, "value");
  EXPECT_EQ(value->types.size(), 11u);

  const ElementDefinition* status = r4.FindElement("Observation.status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->min, 1u);
  EXPECT_TRUE(status->is_modifier);

  const ElementDefinition* nested = r4.FindElement("Questionnaire.item.item");
  ASSERT_NE(nested, nullptr);
  EXPECT_EQ(nested->content_reference, "#Questionnaire.item");
  EXPECT_EQ(nested->children, r4.FindElementSet("Questionnaire.item"));
  EXPECT_EQ(nested->max, ElementDefinition::kUnbounded);

  const TypeDefinition* patient = r4.FindType("Patient");
  ASSERT_NE(patient, nullptr);
  EXPECT_EQ(patient->kind, TypeKind::kResource);
  ASSERT_NE(patient->base, nullptr);
  EXPECT_EQ(patient->base->name, "DomainResource");
  const ElementSet::Property* birth = patient->elements.FindProperty("_birthDate");
  ASSERT_NE(birth, nullptr);
  EXPECT_TRUE(birth->underscore);
  EXPECT_EQ(birth->element, r4.FindElement("Patient.birthDate"));
  EXPECT_EQ(patient->elements.FindProperty("_name"), nullptr);  // HumanName is not primitive

  const TypeDefinition* date = r4.FindType("date");
  ASSERT_NE(date, nullptr);
  EXPECT_EQ(date->kind, TypeKind::kPrimitive);
  EXPECT_EQ(date->primitive, PrimitiveKind::kDate);
}

TEST(TypeRegistryTest, RejectsACorruptRegistry) {
  EXPECT_FALSE(TypeRegistry::Load("{}").ok());
  EXPECT_FALSE(TypeRegistry::Load("not json").ok());
  EXPECT_FALSE(TypeRegistry::Load(
                   R"({"types":[{"name":"X","kind":"resource","elements":[["a",0,1,0,"Nope"]]}],)"
                   R"("valueSets":[]})")
                   .ok());
}

}  // namespace
}  // namespace lienthong::fhir
