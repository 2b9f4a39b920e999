#include "fhir/validator.h"
#include "support/read_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "json/parser.h"

namespace lienthong::fhir {
namespace {

using ::lienthong::testing::ReadFile;

std::string Describe(const Status& status) {
  std::string out;
  for (const Issue& issue : status.issues()) {
    out += "  " + issue.expression + ": " + issue.diagnostics + "\n";
  }
  return out;
}

// Official examples that break the R4 rules, one "file<TAB>reason" per line.
std::set<std::string> KnownExceptions() {
  std::set<std::string> names;
  std::istringstream in(ReadFile(std::string(LIENTHONG_TEST_DATA) + "/r4-examples-exceptions.txt"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    names.insert(line.substr(0, line.find('\t')));
  }
  return names;
}

TEST(ValidatorTest, OfficialExamplesAreValid) {
  std::set<std::string> exceptions = KnownExceptions();
  int total = 0, valid = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(LIENTHONG_TEST_DATA) + "/r4-examples")) {
    if (entry.path().extension() != ".json") continue;
    std::string name = entry.path().filename().string();
    ++total;
    auto parsed = json::Parse(ReadFile(entry.path()));
    ASSERT_TRUE(parsed.ok()) << name;
    Status status = Validate(*parsed);
    if (exceptions.count(name)) {
      EXPECT_FALSE(status.ok()) << name << " is listed as a known exception but is valid";
      continue;
    }
    EXPECT_TRUE(status.ok()) << name << ":\n" << Describe(status);
    if (status.ok()) ++valid;
  }
  std::cout << "r4 examples valid: " << valid << "/" << total << " (" << exceptions.size()
            << " known exceptions)\n";
  EXPECT_EQ(total, 72);
}

struct InvalidCase {
  const char* name;
  const char* json;
  const char* expression;  // expected among the issues
  IssueType type;
};

const InvalidCase kInvalidCases[] = {
    {"unknown element", R"({"resourceType":"Patient","foo":1})", "Patient.foo",
     IssueType::kStructure},
    {"unknown nested element", R"({"resourceType":"Patient","name":[{"family":"A","x":"y"}]})",
     "Patient.name[0].x", IssueType::kStructure},
    {"unknown element in backbone", R"({"resourceType":"Patient","contact":[{"nickname":"A"}]})",
     "Patient.contact[0].nickname", IssueType::kStructure},
    {"missing required element", R"({"resourceType":"Observation","code":{"text":"x"}})",
     "Observation.status", IssueType::kRequired},
    {"missing required in backbone", R"({"resourceType":"Patient","link":[{"type":"seealso"}]})",
     "Patient.link[0].other", IssueType::kRequired},
    {"too many for max", R"({"resourceType":"Patient","photo":[]})", "Patient.photo",
     IssueType::kStructure},
    {"bad date", R"({"resourceType":"Patient","birthDate":"1974-13-01"})", "Patient.birthDate",
     IssueType::kValue},
    {"bad date february 30", R"({"resourceType":"Patient","birthDate":"2001-02-30"})",
     "Patient.birthDate", IssueType::kValue},
    {"date with time", R"({"resourceType":"Patient","birthDate":"1974-12-25T10:00:00Z"})",
     "Patient.birthDate", IssueType::kValue},
    {"date as number", R"({"resourceType":"Patient","birthDate":1974})", "Patient.birthDate",
     IssueType::kValue},
    {"dateTime without timezone",
     R"({"resourceType":"Patient","deceasedDateTime":"2015-02-07T13:28:17"})",
     "Patient.deceasedDateTime", IssueType::kValue},
    {"instant without timezone",
     R"({"resourceType":"Patient","meta":{"lastUpdated":"2015-02-07T13:28:17"}})",
     "Patient.meta.lastUpdated", IssueType::kValue},
    {"instant without time",
     R"({"resourceType":"Observation","status":"final","code":{"text":"x"},"issued":"2015-02-07"})",
     "Observation.issued", IssueType::kValue},
    {"bad time",
     R"({"resourceType":"Observation","status":"final","code":{"text":"x"},"valueTime":"25:00:00"})",
     "Observation.valueTime", IssueType::kValue},
    {"wrong gender code", R"({"resourceType":"Patient","gender":"f"})", "Patient.gender",
     IssueType::kCodeInvalid},
    {"observation status code", R"({"resourceType":"Observation","status":"done","code":{}})",
     "Observation.status", IssueType::kCodeInvalid},
    {"integer out of range", R"({"resourceType":"Patient","multipleBirthInteger":2147483648})",
     "Patient.multipleBirthInteger", IssueType::kValue},
    {"integer with fraction", R"({"resourceType":"Patient","multipleBirthInteger":1.5})",
     "Patient.multipleBirthInteger", IssueType::kValue},
    {"integer as string", R"({"resourceType":"Patient","multipleBirthInteger":"2"})",
     "Patient.multipleBirthInteger", IssueType::kValue},
    {"positiveInt zero",
     R"({"resourceType":"Observation","status":"final","code":{"text":"x"},"valueSampledData":{"origin":{"value":1},"period":1,"dimensions":0}})",
     "Observation.valueSampledData.dimensions", IssueType::kValue},
    {"boolean as string", R"({"resourceType":"Patient","active":"true"})", "Patient.active",
     IssueType::kValue},
    {"decimal as string",
     R"({"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":"1.5"}})",
     "Observation.valueQuantity.value", IssueType::kValue},
    {"string where object expected", R"({"resourceType":"Patient","maritalStatus":"M"})",
     "Patient.maritalStatus", IssueType::kStructure},
    {"object for a primitive", R"({"resourceType":"Patient","active":{"value":true}})",
     "Patient.active", IssueType::kStructure},
    {"array for a single element", R"({"resourceType":"Patient","gender":["male"]})",
     "Patient.gender", IssueType::kStructure},
    {"array for a single complex element",
     R"({"resourceType":"Patient","maritalStatus":[{"text":"x"}]})", "Patient.maritalStatus",
     IssueType::kStructure},
    {"single value for a repeating element", R"({"resourceType":"Patient","name":{"family":"A"}})",
     "Patient.name", IssueType::kStructure},
    {"two value[x]",
     R"({"resourceType":"Observation","status":"final","code":{"text":"x"},"valueString":"a","valueBoolean":true})",
     "Observation.valueBoolean", IssueType::kStructure},
    {"choice with unknown type suffix",
     R"({"resourceType":"Observation","status":"final","code":{"text":"x"},"valueHumanName":{"text":"a"}})",
     "Observation.valueHumanName", IssueType::kStructure},
    {"bad id", R"({"resourceType":"Patient","id":"a_b"})", "Patient.id", IssueType::kValue},
    {"id too long",
     R"({"resourceType":"Patient","id":"12345678901234567890123456789012345678901234567890123456789012345"})",
     "Patient.id", IssueType::kValue},
    {"empty string", R"({"resourceType":"Patient","name":[{"family":""}]})",
     "Patient.name[0].family", IssueType::kValue},
    {"control character", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\\u0001\"}]}",
     "Patient.name[0].family", IssueType::kValue},
    {"code with trailing space", R"({"resourceType":"Patient","language":"en "})",
     "Patient.language", IssueType::kValue},
    {"empty object", R"({"resourceType":"Patient","maritalStatus":{}})", "Patient.maritalStatus",
     IssueType::kStructure},
    {"empty array", R"({"resourceType":"Patient","name":[]})", "Patient.name",
     IssueType::kStructure},
    {"null", R"({"resourceType":"Patient","active":null})", "Patient.active",
     IssueType::kStructure},
    {"null in array", R"({"resourceType":"Patient","name":[{"given":["a",null]}]})",
     "Patient.name[0].given[1]", IssueType::kStructure},
    {"null complex", R"({"resourceType":"Patient","name":[null]})", "Patient.name[0]",
     IssueType::kStructure},
    {"bad _element form", R"({"resourceType":"Patient","_birthDate":"x"})", "Patient.birthDate",
     IssueType::kStructure},
    {"unknown element in _element",
     R"({"resourceType":"Patient","birthDate":"1970","_birthDate":{"foo":1}})",
     "Patient.birthDate.foo", IssueType::kStructure},
    {"_element arrays differ in length",
     R"({"resourceType":"Patient","name":[{"given":["a","b"],"_given":[null]}]})",
     "Patient.name[0].given", IssueType::kStructure},
    {"_element array both null",
     R"({"resourceType":"Patient","name":[{"given":["a",null],"_given":[null,null]}]})",
     "Patient.name[0].given[1]", IssueType::kStructure},
    {"_element for complex element", R"({"resourceType":"Patient","_name":[{"id":"a"}]})",
     "Patient._name", IssueType::kStructure},
    {"unknown resourceType", R"({"resourceType":"Patiente"})", "resourceType", IssueType::kValue},
    {"abstract resourceType", R"({"resourceType":"DomainResource"})", "resourceType",
     IssueType::kValue},
    {"missing resourceType", R"({"id":"a"})", "resourceType", IssueType::kRequired},
    {"root not an object", R"([{"resourceType":"Patient"}])", "", IssueType::kStructure},
    {"resourceType inside a data type",
     R"({"resourceType":"Patient","name":[{"resourceType":"HumanName","family":"A"}]})",
     "Patient.name[0].resourceType", IssueType::kStructure},
    {"unknown element inside contained resource",
     R"({"resourceType":"Patient","contained":[{"resourceType":"Organization","foo":"x"}]})",
     "Patient.contained[0].foo", IssueType::kStructure},
    {"contained without resourceType", R"({"resourceType":"Patient","contained":[{"name":"x"}]})",
     "Patient.contained[0].resourceType", IssueType::kRequired},
    {"bad element inside Bundle.entry.resource",
     R"({"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","birthDate":"yesterday"}}]})",
     "Bundle.entry[0].resource.birthDate", IssueType::kValue},
    {"bundle type code", R"({"resourceType":"Bundle","type":"pile"})", "Bundle.type",
     IssueType::kCodeInvalid},
    {"contentReference children",
     R"({"resourceType":"Questionnaire","status":"draft","item":[{"linkId":"1","type":"group","item":[{"linkId":"1.1","type":"string","bogus":true}]}]})",
     "Questionnaire.item[0].item[0].bogus", IssueType::kStructure},
    {"contentReference required",
     R"({"resourceType":"Questionnaire","status":"draft","item":[{"linkId":"1","type":"group","item":[{"type":"string"}]}]})",
     "Questionnaire.item[0].item[0].linkId", IssueType::kRequired},
    {"extension without url", R"({"resourceType":"Patient","extension":[{"valueString":"a"}]})",
     "Patient.extension[0].url", IssueType::kRequired},
    {"bad uri", R"({"resourceType":"Patient","implicitRules":"a b"})", "Patient.implicitRules",
     IssueType::kValue},
    {"bad oid", R"({"resourceType":"Patient","extension":[{"url":"http://x","valueOid":"3.1"}]})",
     "Patient.extension[0].valueOid", IssueType::kValue},
    {"bad base64", R"({"resourceType":"Patient","photo":[{"data":"abc"}]})",
     "Patient.photo[0].data", IssueType::kValue},
    {"xhtml not a div",
     R"({"resourceType":"Patient","text":{"status":"generated","div":"<p>x</p>"}})",
     "Patient.text.div", IssueType::kValue},
    {"codeable concept with required binding",
     R"({"resourceType":"Condition","subject":{"reference":"Patient/1"},"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"cured"}]}})",
     "Condition.clinicalStatus.coding[0].code", IssueType::kCodeInvalid},
    {"backbone code with required binding",
     R"({"resourceType":"Patient","meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"HTEST"}]},"communication":[{"language":{"text":"vi"}}],"contact":[{"gender":"x"}]})",
     "Patient.contact[0].gender", IssueType::kCodeInvalid},
};

class InvalidResourceTest : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidResourceTest, FailsWithExpression) {
  const InvalidCase& c = GetParam();
  auto parsed = json::Parse(c.json);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  Status status = Validate(*parsed);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kUnprocessable);
  auto it = std::find_if(status.issues().begin(), status.issues().end(),
                         [&](const Issue& i) { return i.expression == c.expression; });
  ASSERT_NE(it, status.issues().end()) << "expected " << c.expression << ", got:\n"
                                       << Describe(status);
  EXPECT_EQ(it->type, c.type) << it->diagnostics;
  EXPECT_EQ(it->severity, Issue::Severity::kError);
}

INSTANTIATE_TEST_SUITE_P(Table, InvalidResourceTest, ::testing::ValuesIn(kInvalidCases),
                         [](const ::testing::TestParamInfo<InvalidCase>& info) {
                           std::string name = info.param.name;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(ValidatorTest, AcceptsValidEdgeCases) {
  const char* const kValid[] = {
      R"({"resourceType":"Patient"})",
      R"({"resourceType":"Patient","birthDate":"1974","_birthDate":{"extension":[{"url":"http://x","valueString":"y"}]}})",
      R"({"resourceType":"Patient","_birthDate":{"id":"a"}})",
      R"({"resourceType":"Patient","name":[{"given":["a",null],"_given":[null,{"id":"b"}]}]})",
      R"({"resourceType":"Patient","deceasedDateTime":"2015-02-07T13:28:17.239+02:00"})",
      R"({"resourceType":"Patient","multipleBirthInteger":-2147483648})",
      R"({"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1.50e2}})",
      R"({"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p1"}}]})",
      R"({"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o"}],"managingOrganization":{"reference":"#o"}})",
      // A coding of another system than the required value set's is not checked.
      R"({"resourceType":"Condition","subject":{"reference":"Patient/1"},"clinicalStatus":{"coding":[{"system":"http://example.org","code":"cured"}]}})",
  };
  for (const char* text : kValid) {
    auto parsed = json::Parse(text);
    ASSERT_TRUE(parsed.ok());
    Status status = Validate(*parsed);
    EXPECT_TRUE(status.ok()) << text << "\n" << Describe(status);
  }
}

TEST(ValidatorTest, DiagnosticsDoNotEchoValues) {
  auto parsed = json::Parse(
      R"({"resourceType":"Patient","gender":"SECRET-1","birthDate":"SECRET-2","name":[{"family":""}],"active":"SECRET-3"})");
  ASSERT_TRUE(parsed.ok());
  Status status = Validate(*parsed);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.issues().size(), 4u) << Describe(status);
  for (const Issue& issue : status.issues()) {
    EXPECT_EQ(issue.diagnostics.find("SECRET"), std::string::npos);
    EXPECT_EQ(issue.expression.find("SECRET"), std::string::npos);
  }
}

TEST(ValidatorTest, IdRule) {
  auto with_id = json::Parse(R"({"resourceType":"Patient","id":"a"})");
  auto without_id = json::Parse(R"({"resourceType":"Patient"})");
  ValidationOptions required;
  required.id = ValidationOptions::IdRule::kRequired;
  ValidationOptions forbidden;
  forbidden.id = ValidationOptions::IdRule::kForbidden;
  EXPECT_TRUE(Validate(*with_id, required).ok());
  EXPECT_FALSE(Validate(*without_id, required).ok());
  EXPECT_TRUE(Validate(*without_id, forbidden).ok());
  Status status = Validate(*with_id, forbidden);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.issues()[0].expression, "Patient.id");
}

TEST(ValidatorTest, CapsTheNumberOfIssues) {
  std::string text = R"({"resourceType":"Patient")";
  for (int i = 0; i < 300; ++i) text += ",\"x" + std::to_string(i) + "\":1";
  text += "}";
  auto parsed = json::Parse(text);
  ASSERT_TRUE(parsed.ok());
  ValidationOptions options;
  options.max_issues = 50;
  EXPECT_EQ(Validate(*parsed, options).issues().size(), 50u);
  EXPECT_EQ(Validate(*parsed).issues().size(), 100u);
  options.max_issues = 0;
  EXPECT_EQ(Validate(*parsed, options).issues().size(), 1u);
}

TEST(ValidatorTest, BundleEntriesCanBeLeftToTheirOwnValidation) {
  Result<json::Value> batch = json::Parse(
      R"({"resourceType":"Bundle","type":"batch","entry":[{"resource":{"resourceType":"Patient","gender":"nam"},"request":{"method":"POST","url":"Patient"}}]})");
  ASSERT_TRUE(batch.ok());
  EXPECT_FALSE(Validate(*batch).ok());
  EXPECT_TRUE(Validate(*batch, {.validate_bundle_entries = false}).ok());
  // The Bundle itself is still checked.
  batch->set("type", json::Value::String("not-a-type"));
  EXPECT_FALSE(Validate(*batch, {.validate_bundle_entries = false}).ok());
}

}  // namespace
}  // namespace lienthong::fhir
