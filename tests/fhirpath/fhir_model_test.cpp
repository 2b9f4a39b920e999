// The FHIR side: choice elements, primitive extensions, contained and Bundle
// references, value sets and profiles, and the JSON form of results.
#include <gtest/gtest.h>

#include "fhirpath/fhirpath.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::fhirpath {
namespace {

std::string Eval(const std::string& expression, const std::string& input,
                 const EvalContext& context = {}) {
  Result<Expression> e = Parse(expression);
  if (!e.ok()) return "syntax: " + e.status().message();
  Result<json::Value> doc = json::Parse(input);
  if (!doc.ok()) return "input: " + doc.status().message();
  Result<Collection> r = Evaluate(*e, *doc, context);
  if (!r.ok()) return "error: " + r.status().message();
  return json::Write(ToJson(*r));
}

constexpr const char* kObservation = R"({
  "resourceType": "Observation", "id": "o1", "status": "final",
  "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
  "subject": {"reference": "#p"},
  "contained": [{"resourceType": "Patient", "id": "p", "gender": "male"}],
  "effectiveDateTime": "2024-03-01T08:30:00+07:00",
  "_effectiveDateTime": {"extension": [{"url": "http://example.org/src", "valueCode": "device"}]},
  "valueQuantity": {"value": 72.50, "unit": "kg", "system": "http://unitsofmeasure.org",
                    "code": "kg"},
  "component": [{"code": {"text": "a"}, "valueString": "x"},
                {"code": {"text": "b"}, "valueBoolean": false}]
})";

TEST(FhirModelTest, ChoiceElements) {
  struct Case {
    const char* expression;
    const char* expected;
  } cases[] = {
      {"Observation.value.value", "[72.50]"},
      {"Observation.value.is(Quantity)", "[true]"},
      {"Observation.value.as(Quantity).unit", R"(["kg"])"},
      {"Observation.value.ofType(string)", "[]"},
      {"Observation.value > 70 'kg'", "[true]"},
      {"Observation.value = 72500 'g'", "[true]"},
      {"component.value", R"(["x",false])"},
      {"component.value.ofType(boolean)", "[false]"},
      {"component.where(value is string).code.text", R"(["a"])"},
      {"effective > @2024-03-01T01:00:00Z", "[true]"},
      {"effective.type().name", R"(["dateTime"])"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(Eval(c.expression, kObservation), c.expected) << c.expression;
  EXPECT_NE(Eval("Observation.valueQuantity", kObservation).find("no element 'valueQuantity'"),
            std::string::npos);
  // Valid for another type of the choice: empty, not an error.
  EXPECT_EQ(Eval("component.value.code", kObservation), "[]");
  EXPECT_EQ(Eval("contained.status", kObservation), "[]");
  EXPECT_NE(Eval("component.value.nonsense", kObservation).find("no element 'nonsense'"),
            std::string::npos);
}

TEST(FhirModelTest, PrimitiveExtensions) {
  EXPECT_EQ(Eval("effective.extension('http://example.org/src').value", kObservation),
            R"(["device"])");
  EXPECT_EQ(Eval("effective.hasValue()", kObservation), "[true]");
  const char* patient = R"({"resourceType": "Patient",
    "birthDate": "1974-12-25",
    "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                                  "valueDateTime": "1974-12-25T14:35:45-05:00"}]},
    "name": [{"given": [null, "Lan"], "_given": [{"id": "g0"}, null]}]})";
  EXPECT_EQ(Eval("birthDate.extension(%`ext-patient-birthTime`).value", patient),
            R"(["1974-12-25T14:35:45-05:00"])");
  EXPECT_EQ(Eval("name.given.select(hasValue())", patient), "[false,true]");
  EXPECT_EQ(Eval("name.given.id", patient), R"(["g0"])");
  EXPECT_EQ(Eval("name.given.last().getValue()", patient), R"(["Lan"])");
  EXPECT_EQ(Eval("name.given", patient), R"([null,"Lan"])");
}

TEST(FhirModelTest, ResolveContainedBundleAndCallback) {
  EXPECT_EQ(Eval("subject.resolve().gender", kObservation), R"(["male"])");
  EXPECT_EQ(Eval("subject.resolve() is Patient", kObservation), "[true]");
  const char* bundle = R"({"resourceType": "Bundle", "type": "collection", "entry": [
    {"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Patient", "id": "a", "gender": "female"}},
    {"fullUrl": "http://x/fhir/Encounter/e", "resource": {"resourceType": "Encounter", "id": "e",
      "status": "finished", "class": {"code": "AMB"}, "subject": {"reference": "urn:uuid:1"}}},
    {"resource": {"resourceType": "Observation", "id": "o", "status": "final",
      "code": {"text": "x"}, "encounter": {"reference": "Encounter/e"}}}]})";
  EXPECT_EQ(Eval("entry.resource.ofType(Observation).encounter.resolve().subject.resolve().gender",
                 bundle),
            R"(["female"])");
  EXPECT_EQ(Eval("entry[1].resource.status", bundle), R"(["finished"])");
  Result<json::Value> org =
      json::Parse(R"({"resourceType": "Organization", "name": "BV Bạch Mai"})");
  EvalContext context;
  context.resolver = [&](std::string_view reference) -> const json::Value* {
    return reference == "Organization/bm" ? &*org : nullptr;
  };
  EXPECT_EQ(
      Eval(
          "managingOrganization.resolve().name",
          R"({"resourceType": "Patient", "managingOrganization": {"reference": "Organization/bm"}})",
          context),
      R"(["BV Bạch Mai"])");
  // Not found: a stand-in of the referenced type without content.
  const char* dangling =
      R"({"resourceType": "Patient", "managingOrganization": {"reference": "Organization/x"}})";
  EXPECT_EQ(Eval("managingOrganization.resolve() is Organization", dangling), "[true]");
  EXPECT_EQ(Eval("managingOrganization.resolve().name", dangling), "[]");
  EXPECT_EQ(Eval("managingOrganization.where(resolve() is Patient)", dangling), "[]");
}

TEST(FhirModelTest, ValueSetsAndProfiles) {
  EXPECT_EQ(Eval("gender.memberOf('http://hl7.org/fhir/ValueSet/administrative-gender')",
                 R"({"resourceType": "Patient", "gender": "female"})"),
            "[true]");
  EXPECT_EQ(Eval("gender.memberOf('http://hl7.org/fhir/ValueSet/administrative-gender')",
                 R"({"resourceType": "Patient", "gender": "nữ"})"),
            "[false]");
  EXPECT_EQ(Eval("gender.memberOf('http://example.org/unknown')",
                 R"({"resourceType": "Patient", "gender": "female"})"),
            "[]");
  EXPECT_EQ(Eval("conformsTo('http://hl7.org/fhir/StructureDefinition/Observation')", kObservation),
            "[true]");
  EXPECT_EQ(Eval("conformsTo('http://hl7.org/fhir/StructureDefinition/Patient')", kObservation),
            "[false]");
  EXPECT_NE(Eval("conformsTo('http://example.org/profile')", kObservation).find("cannot resolve"),
            std::string::npos);
}

TEST(FhirModelTest, SqlOnFhirReferenceKeys) {
  const char* patient = R"({"resourceType": "Patient", "id": "p1", "link": [
    {"type": "seealso", "other": {"reference": "Patient/p1"}},
    {"type": "seealso", "other": {"reference": "http://x/fhir/Patient/p3/_history/2"}}]})";
  EXPECT_EQ(Eval("getResourceKey()", patient), R"(["p1"])");
  EXPECT_EQ(Eval("link.other.getReferenceKey()", patient), R"(["p1","p3"])");
  EXPECT_EQ(Eval("getResourceKey() = link.other.first().getReferenceKey(Patient)", patient),
            "[true]");
  EXPECT_EQ(Eval("link.other.getReferenceKey(Observation)", patient), "[]");
}

TEST(FhirModelTest, BackboneAndContentReference) {
  const char* questionnaire = R"({"resourceType": "Questionnaire", "status": "draft",
    "item": [{"linkId": "1", "type": "group",
              "item": [{"linkId": "1.1", "type": "string", "item": [{"linkId": "1.1.1", "type": "display"}]}]}]})";
  EXPECT_EQ(Eval("item.item.item.linkId", questionnaire), R"(["1.1.1"])");
  EXPECT_EQ(Eval("repeat(item).linkId", questionnaire), R"(["1","1.1","1.1.1"])");
  EXPECT_EQ(Eval("descendants().ofType(code).count()", questionnaire), "[4]");
  EXPECT_EQ(Eval("item.type().name", questionnaire), R"(["BackboneElement"])");
}

TEST(FhirModelTest, EvaluateOnAnElementOfTheResource) {
  Result<json::Value> doc = json::Parse(kObservation);
  ASSERT_TRUE(doc.ok());
  Result<Collection> components = Evaluate(*Parse("component"), *doc);
  ASSERT_TRUE(components.ok());
  ASSERT_EQ(components->size(), 2u);
  Result<Collection> text =
      EvaluateOn(*Parse("code.text & '/' & %resource.id"), (*components)[1], *doc);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(json::Write(ToJson(*text)), R"(["b/o1"])");
}

TEST(FhirModelTest, ResultsSerialiseAsJson) {
  EXPECT_EQ(Eval("code.coding.first()", kObservation),
            R"([{"system":"http://loinc.org","code":"29463-7"}])");
  EXPECT_EQ(Eval("(1 | 1.50 | 'a' | true | @2024-01 | @T10:30 | 4 days)", kObservation),
            R"([1,1.50,"a",true,"2024-01","10:30",{"value":4,"unit":"days"}])");
  EXPECT_EQ(Eval("1.type()", kObservation), R"([{"namespace":"System","name":"Integer"}])");
}

TEST(FhirModelTest, SearchParameterExpressions) {
  // A few of the R4 search parameters, as search indexing evaluates them.
  struct Case {
    const char* expression;
    const char* expected;
  } cases[] = {
      {"Observation.subject.where(resolve() is Patient)", R"([{"reference":"#p"}])"},
      {"(Observation.value as Quantity) | (Observation.component.value as Quantity)",
       R"([{"value":72.50,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}])"},
      {"Observation.code | Observation.component.code",
       R"([{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},{"text":"a"},{"text":"b"}])"},
      {"Observation.effective", R"(["2024-03-01T08:30:00+07:00"])"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(Eval(c.expression, kObservation), c.expected) << c.expression;
}

}  // namespace
}  // namespace lienthong::fhirpath
