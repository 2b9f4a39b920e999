// FHIR search beyond one value per parameter, against the real server:
// composite parameters (components matched within one element), _text and
// _content, _list, Location near, and the terminology modifiers of tokens
// (:in, :not-in, :above, :below). Each case asserts the exact set of
// matches.
#include <set>
#include <string>
#include <vector>

#include "api_fixture.h"

namespace lienthong::testing {
namespace {

const Fixture kResources[] = {
    {"Observation/bp1", R"({"resourceType":"Observation","id":"bp1","status":"final",
      "code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},
      "component":[
        {"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},
         "valueQuantity":{"value":120,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}},
        {"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},
         "valueQuantity":{"value":80,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]})"},
    {"Observation/bp2", R"({"resourceType":"Observation","id":"bp2","status":"final",
      "code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},
      "component":[
        {"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},
         "valueQuantity":{"value":90,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}},
        {"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},
         "valueQuantity":{"value":130,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]})"},
    {"Observation/hr", R"({"resourceType":"Observation","id":"hr","status":"final",
      "text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Nhịp tim <b>bình thường</b> l&#250;c ngh&#7881;</p></div>"},
      "code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}],"text":"Mạch"},
      "valueQuantity":{"value":72,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}})"},
    {"Observation/cv", R"({"resourceType":"Observation","id":"cv","status":"final",
      "code":{"coding":[{"system":"http://loinc.org","code":"72166-2"}]},
      "note":[{"text":"Bệnh nhân đã bỏ thuốc lá"}],
      "valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"8517006"}]}})"},
    {"Group/g1", R"({"resourceType":"Group","id":"g1","type":"person","actual":false,
      "characteristic":[
        {"code":{"coding":[{"system":"http://example.org/gc","code":"gender"}]},
         "valueCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/administrative-gender","code":"female"}]},
         "exclude":false},
        {"code":{"coding":[{"system":"http://example.org/gc","code":"age-group"}]},
         "valueCodeableConcept":{"coding":[{"system":"http://example.org/age","code":"adult"}]},
         "exclude":false}]})"},
    {"Group/g2", R"({"resourceType":"Group","id":"g2","type":"person","actual":false,
      "characteristic":[
        {"code":{"coding":[{"system":"http://example.org/gc","code":"gender"}]},
         "valueCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/administrative-gender","code":"male"}]},
         "exclude":false}]})"},
    {"Group/g3", R"({"resourceType":"Group","id":"g3","type":"person","actual":false,
      "characteristic":[
        {"code":{"coding":[{"system":"http://example.org/gc","code":"a|b"}]},
         "valueCodeableConcept":{"coding":[{"system":"http://example.org/age","code":"adult"}]},
         "exclude":false}]})"},
    {"Location/loc-hn", R"({"resourceType":"Location","id":"loc-hn","name":"Bệnh viện Bạch Mai",
      "position":{"latitude":21.0285,"longitude":105.8542}})"},
    {"Location/loc-hp", R"({"resourceType":"Location","id":"loc-hp","name":"Bệnh viện Việt Tiệp",
      "position":{"latitude":20.8449,"longitude":106.6881}})"},
    {"Location/loc-hcm", R"({"resourceType":"Location","id":"loc-hcm","name":"Bệnh viện Chợ Rẫy",
      "position":{"latitude":10.7769,"longitude":106.7009}})"},
    {"Location/loc-none", R"({"resourceType":"Location","id":"loc-none","name":"Trạm y tế"})"},
    {"List/l1", R"({"resourceType":"List","id":"l1","status":"current","mode":"working",
      "entry":[{"item":{"reference":"Observation/hr"}},
               {"item":{"reference":"http://elsewhere.example/fhir/Observation/cv/_history/1"}},
               {"item":{"reference":"Observation/gone"}},
               {"item":{"reference":"Patient/hr"}}]})"},
    {"List/l2", R"({"resourceType":"List","id":"l2","status":"current","mode":"working",
      "entry":[{"item":{"reference":"Observation/bp1"}}]})"},
    {"CodeSystem/dx", R"({"resourceType":"CodeSystem","id":"dx","url":"http://example.org/cs/dx",
      "status":"active","content":"complete","hierarchyMeaning":"is-a",
      "concept":[
        {"code":"A","concept":[{"code":"A1","concept":[{"code":"A1a"}]},{"code":"A2"}]},
        {"code":"B"},
        {"code":"C","property":[{"code":"parent","valueCode":"B"}]}]})"},
    {"ValueSet/enum", R"({"resourceType":"ValueSet","id":"enum","url":"http://example.org/vs/enum",
      "version":"1","status":"active","compose":{"include":[{"system":"http://example.org/cs/dx",
      "concept":[{"code":"A1"},{"code":"B"}]}]}})"},
    {"ValueSet/all", R"({"resourceType":"ValueSet","id":"all","url":"http://example.org/vs/all",
      "status":"active","compose":{"include":[{"system":"http://example.org/cs/dx"}],
      "exclude":[{"system":"http://example.org/cs/dx","concept":[{"code":"B"}]}]}})"},
    {"ValueSet/exp", R"({"resourceType":"ValueSet","id":"exp","url":"http://example.org/vs/exp",
      "status":"active","expansion":{"timestamp":"2024-01-01","contains":[
        {"system":"http://loinc.org","code":"8867-4",
         "contains":[{"system":"http://example.org/cs/dx","code":"A2"}]}]}})"},
    {"ValueSet/import",
     R"({"resourceType":"ValueSet","id":"import","url":"http://example.org/vs/import",
      "status":"active","compose":{"include":[{"valueSet":["http://example.org/vs/enum"]},
      {"system":"http://example.org/cs/dx","concept":[{"code":"C"}]}]}})"},
    {"ValueSet/filter",
     R"({"resourceType":"ValueSet","id":"filter","url":"http://example.org/vs/filter",
      "status":"active","compose":{"include":[{"system":"http://example.org/cs/dx",
      "filter":[{"property":"concept","op":"is-a","value":"A"}]}]}})"},
    {"ValueSet/loinc",
     R"({"resourceType":"ValueSet","id":"loinc","url":"http://example.org/vs/loinc",
      "status":"active","compose":{"include":[{"system":"http://loinc.org"}]}})"},
    {"Condition/a", R"({"resourceType":"Condition","id":"a","subject":{"reference":"Patient/p"},
      "code":{"coding":[{"system":"http://example.org/cs/dx","code":"A"}]}})"},
    {"Condition/a1", R"({"resourceType":"Condition","id":"a1","subject":{"reference":"Patient/p"},
      "code":{"coding":[{"system":"http://example.org/cs/dx","code":"A1"}]}})"},
    {"Condition/a1a", R"({"resourceType":"Condition","id":"a1a","subject":{"reference":"Patient/p"},
      "code":{"coding":[{"system":"http://example.org/cs/dx","code":"A1a"}]}})"},
    {"Condition/a2", R"({"resourceType":"Condition","id":"a2","subject":{"reference":"Patient/p"},
      "code":{"coding":[{"system":"http://example.org/cs/dx","code":"A2"}]}})"},
    {"Condition/b", R"({"resourceType":"Condition","id":"b","subject":{"reference":"Patient/p"},
      "code":{"coding":[{"system":"http://example.org/cs/dx","code":"B"}]}})"},
    {"Condition/c", R"({"resourceType":"Condition","id":"c","subject":{"reference":"Patient/p"},
      "code":{"coding":[{"system":"http://example.org/cs/dx","code":"C"}]}})"},
    {"Condition/other",
     R"({"resourceType":"Condition","id":"other","subject":{"reference":"Patient/p"},
      "code":{"coding":[{"system":"http://example.org/cs/other","code":"A1"}]}})"},
    {"Condition/none",
     R"({"resourceType":"Condition","id":"none","subject":{"reference":"Patient/p"}})"},
};

class SearchKindsTest : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    ApiTest::SetUpTestSuite();
    PutAll(kResources);
  }

  // The ids of the matches of a search; a failure when it does not answer 200.
  std::set<std::string> Ids(const std::string& query) {
    return MatchIds(query, {{"Prefer", "handling=strict"}});
  }

  // Expects 400 with an OperationOutcome under strict handling.
  void ExpectRejected(const std::string& query) {
    ClientResponse r = Get(query, {{"Prefer", "handling=strict"}});
    EXPECT_EQ(r.status, 400) << query << ": " << r.body;
    ExpectOutcome(r);
  }
};

using Cases = std::vector<std::pair<std::string, std::set<std::string>>>;

TEST_F(SearchKindsTest, CompositeComponentsMatchWithinOneElement) {
  const Cases cases = {
      {Q("Observation", "code-value-quantity=http://loinc.org|8867-4$72"), {"hr"}},
      {Q("Observation", "code-value-quantity=8867-4$lt100"), {"hr"}},
      {Q("Observation", "code-value-quantity=8867-4$gt100"), {}},
      {Q("Observation", "code-value-quantity=8480-6$120"), {}},  // a component, not the code
      {Q("Observation", "component-code-value-quantity=http://loinc.org|8480-6$gt100"), {"bp1"}},
      {Q("Observation", "component-code-value-quantity=8480-6$lt100"), {"bp2"}},
      {Q("Observation", "component-code-value-quantity=8462-4$gt100"), {"bp2"}},
      // 80 is bp1's diastolic value: not paired with its systolic code.
      {Q("Observation", "component-code-value-quantity=8480-6$80"), {}},
      {Q("Observation",
         "component-code-value-quantity=8480-6$120|http://unitsofmeasure.org|mm[Hg]"),
       {"bp1"}},
      {Q("Observation", "component-code-value-quantity=8480-6$ge90,8462-4$ge130"), {"bp1", "bp2"}},
      {Q("Observation",
         "component-code-value-quantity=8480-6$gt100&component-code-value-quantity=8462-4$gt100"),
       {}},
      {Q("Observation", "combo-code-value-quantity=8867-4$72"), {"hr"}},
      {Q("Observation", "combo-code-value-quantity=8480-6$120"), {"bp1"}},
      {Q("Observation",
         "code-value-concept=http://loinc.org|72166-2$http://snomed.info/sct|8517006"),
       {"cv"}},
      {Q("Observation", "code-value-concept=72166-2$8517006"), {"cv"}},
      {Q("Observation", "code-value-concept=72166-2$http://snomed.info/sct|266919005"), {}},
      {Q("Observation", "component-code-value-quantity:missing=true"), {"hr", "cv"}},
      {Q("Group", "characteristic-value=gender$female"), {"g1"}},
      {Q("Group", "characteristic-value=http://example.org/gc|gender$male"), {"g2"}},
      {Q("Group", "characteristic-value=age-group$adult"), {"g1"}},
      // The age group's value under the gender code: different elements.
      {Q("Group", "characteristic-value=gender$adult"), {}},
      // An escaped '|' stays part of the component's code.
      {Q("Group", "characteristic-value=http://example.org/gc|a\\|b$adult"), {"g3"}},
      {Q("Group", "characteristic-value=a\\|b$adult"), {"g3"}},
  };
  for (const auto& [query, expected] : cases) EXPECT_EQ(Ids(query), expected) << query;
  for (const char* bad :
       {"Observation?code-value-quantity=8867-4", "Observation?code-value-quantity=8867-4%2472%24x",
        "Observation?code-value-quantity=8867-4%24abc",
        "Observation?code-value-quantity:exact=8867-4%2472",
        "Observation?code-value-quantity=%2472"}) {
    ExpectRejected(bad);
  }
}

TEST_F(SearchKindsTest, TextAndContentMatchWholeFoldedWords) {
  const Cases cases = {
      {Q("Observation", "_text=nhip tim"), {"hr"}},
      {Q("Observation", "_text=Nhịp"), {"hr"}},
      {Q("Observation", "_text=binh thuong"), {"hr"}},  // across the <b> tag
      {Q("Observation", "_text=lúc nghỉ"), {"hr"}},     // from &#250; and &#7881;
      {Q("Observation", "_text=mach"), {}},             // code.text is not narrative
      {Q("Observation", "_text:missing=false"), {"hr"}},
      {Q("Observation", "_content=mach"), {"hr"}},
      {Q("Observation", "_content=thuoc la"), {"cv"}},
      {Q("Observation", "_content=BỎ THUỐC"), {"cv"}},
      {Q("Observation", "_content=thuo"), {}},       // whole words only
      {Q("Observation", "_content=thuoc tim"), {}},  // every word in one resource
      {Q("Observation", "_content=thuoc,tim"), {"cv", "hr"}},
      {Q("Observation", "_content=nhip AND tim"), {"hr"}},
      {Q("Observation", "_content=final"), {}},  // coded values (status) are not words
      {Q("Observation", "_content=loinc"), {}},  // systems and URLs are not words
      {Q("Group", "_content=thuoc"), {}},
      {Q("ValueSet", "_content=2024"), {}},  // dates are not words (expansion.timestamp)
      {Q("CodeSystem", "_content=complete"), {"dx"}},
  };
  for (const auto& [query, expected] : cases) EXPECT_EQ(Ids(query), expected) << query;
  for (const char* bad : {"Observation?_content=nhip%20OR%20tim", "Observation?_content=NOT%20tim",
                          "Observation?_content=%22nhip%20tim%22", "Observation?_content=(nhip)",
                          "Observation?_text:exact=nhip", "Observation?_content=%21%21"}) {
    ExpectRejected(bad);
  }
}

TEST_F(SearchKindsTest, ListRestrictsToItsEntries) {
  const Cases cases = {
      {Q("Observation", "_list=l1"), {"hr", "cv"}},  // Observation/gone does not exist
      {Q("Observation", "_list=l1,l2"), {"hr", "cv", "bp1"}},
      {Q("Observation", "_list=l1&_list=l2"), {}},
      {Q("Observation", "_list=l1&code=8867-4"), {"hr"}},
      {Q("Observation", "_list=nope"), {}},
      {Q("Group", "_list=l1"), {}},
  };
  for (const auto& [query, expected] : cases) EXPECT_EQ(Ids(query), expected) << query;
  for (const char* bad : {"Observation?_list=%24current-problems", "Observation?_list:x=l1"}) {
    ExpectRejected(bad);
  }
}

TEST_F(SearchKindsTest, NearFindsLocationsWithinTheDistance) {
  // Hà Nội to Hải Phòng is about 89 km; to Hồ Chí Minh City about 1,140 km.
  const Cases cases = {
      {Q("Location", "near=21.0285|105.8542|10|km"), {"loc-hn"}},
      {Q("Location", "near=21.0285|105.8542"), {"loc-hn"}},  // 10 km when unsaid
      {Q("Location", "near=21.0285|105.8542|80|km"), {"loc-hn"}},
      {Q("Location", "near=21.0285|105.8542|150|km"), {"loc-hn", "loc-hp"}},
      {Q("Location", "near=21.0285|105.8542|5000|m"), {"loc-hn"}},
      {Q("Location", "near=21.0285|105.8542|100|[mi_i]"), {"loc-hn", "loc-hp"}},
      {Q("Location", "near=21.0285|105.8542|2000"), {"loc-hn", "loc-hp", "loc-hcm"}},
      {Q("Location", "near=10.78|106.70|2|km"), {"loc-hcm"}},
      {Q("Location", "near=10.78|106.70|2|km,21.03|105.85|1|km"), {"loc-hcm", "loc-hn"}},
      {Q("Location", "near=10.78|106.70|2|km&name:contains=cho ray"), {"loc-hcm"}},
      {Q("Location", "near:missing=true"), {"loc-none"}},
  };
  for (const auto& [query, expected] : cases) EXPECT_EQ(Ids(query), expected) << query;
  for (const std::string& bad : {Q("Location", "near=91|0|1|km"), Q("Location", "near=abc|1"),
                                 Q("Location", "near=1|2|3|lightyears"), Q("Location", "near=1")}) {
    ExpectRejected(bad);
  }
}

TEST_F(SearchKindsTest, TokenInNotInAboveBelowFromStoredTerminology) {
  const Cases cases = {
      {Q("Condition", "code:in=http://example.org/vs/enum"), {"a1", "b"}},
      {Q("Condition", "code:in=http://example.org/vs/enum|1"), {"a1", "b"}},
      {Q("Condition", "code:in=ValueSet/enum"), {"a1", "b"}},
      // The same code in another system is not in the value set.
      {Q("Condition", "code:not-in=http://example.org/vs/enum"),
       {"a", "a1a", "a2", "c", "other", "none"}},
      {Q("Condition", "code:in=http://example.org/vs/all"), {"a", "a1", "a1a", "a2", "c"}},
      {Q("Condition", "code:in=http://example.org/vs/exp"), {"a2"}},
      {Q("Condition", "code:in=http://example.org/vs/import"), {"a1", "b", "c"}},
      {Q("Condition", "code:in=http://example.org/vs/enum,http://example.org/vs/exp"),
       {"a1", "a2", "b"}},
      {Q("Condition", "code:below=http://example.org/cs/dx|A"), {"a", "a1", "a1a", "a2"}},
      {Q("Condition", "code:below=http://example.org/cs/dx|A1"), {"a1", "a1a"}},
      {Q("Condition", "code:below=http://example.org/cs/dx|B"), {"b", "c"}},  // C by property
      {Q("Condition", "code:above=http://example.org/cs/dx|A1a"), {"a", "a1", "a1a"}},
      {Q("Condition", "code:above=http://example.org/cs/dx|C"), {"b", "c"}},
      {Q("Condition",
         "code:above=http://example.org/cs/dx|A2&code:below=http://example.org/cs/dx|A"),
       {"a", "a2"}},
  };
  for (const auto& [query, expected] : cases) EXPECT_EQ(Ids(query), expected) << query;
  for (const char* bad : {
           "Condition?code:in=http://example.org/vs/filter",  // filters
           "Condition?code:in=http://example.org/vs/loinc",   // LOINC is not stored
           "Condition?code:in=http://example.org/vs/nowhere",
           "Condition?code:in=http://example.org/vs/enum%7C2",
           "Condition?code:in=ValueSet/nope",
           "Condition?code:below=A",
           "Condition?code:below=http://loinc.org%7C8867-4",
           "Condition?code:above=http://example.org/cs/dx%7C",
       }) {
    ExpectRejected(bad);
  }
}

}  // namespace
}  // namespace lienthong::testing
