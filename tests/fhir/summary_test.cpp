#include "fhir/summary.h"

#include <gtest/gtest.h>

#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::fhir {
namespace {

constexpr const char* kSubsetted =
    R"({"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationValue","code":"SUBSETTED","display":"Resource encoded in summary mode"})";

const char* const kPatient = R"({"resourceType":"Patient","id":"p1",)"
                             R"("text":{"status":"generated","div":"<div>x</div>"},)"
                             R"("extension":[{"url":"http://x","valueString":"y"}],)"
                             R"("active":true,"name":[{"family":"Nguyen","given":["An"]}],)"
                             R"("gender":"female","birthDate":"1970-01-01",)"
                             R"("maritalStatus":{"text":"M"},"photo":[{"data":"aGVsbG8="}],)"
                             R"("contact":[{"name":{"family":"Tran"},"gender":"male"}],)"
                             R"("link":[{"other":{"reference":"Patient/p2"},"type":"seealso"}]})";

const char* const kObservation =
    R"({"resourceType":"Observation","id":"o1","meta":{"versionId":"2"},)"
    R"("text":{"status":"generated","div":"<div>x</div>"},"status":"final",)"
    R"("code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},)"
    R"("subject":{"reference":"Patient/p1"},"valueQuantity":{"value":70,"unit":"kg"},)"
    R"("note":[{"text":"fasting"}],"interpretation":[{"text":"normal"}]})";

json::Value ParseOrDie(const std::string& text) {
  auto parsed = json::Parse(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? std::move(parsed).value() : json::Value();
}

struct SummaryCase {
  const char* name;
  const char* input;
  SummaryMode mode;
  std::string expected;
};

const SummaryCase kSummaryCases[] = {
    {"patient true", kPatient, SummaryMode::kTrue,
     std::string(R"({"resourceType":"Patient","id":"p1","meta":{"tag":[)") + kSubsetted +
         R"(]},"active":true,"name":[{"family":"Nguyen","given":["An"]}],"gender":"female",)"
         R"("birthDate":"1970-01-01","link":[{"other":{"reference":"Patient/p2"},"type":"seealso"}]})"},
    {"patient text", kPatient, SummaryMode::kText,
     std::string(R"({"resourceType":"Patient","id":"p1","meta":{"tag":[)") + kSubsetted +
         R"(]},"text":{"status":"generated","div":"<div>x</div>"}})"},
    {"patient data", kPatient, SummaryMode::kData,
     std::string(R"({"resourceType":"Patient","id":"p1","meta":{"tag":[)") + kSubsetted +
         R"(]},"extension":[{"url":"http://x","valueString":"y"}],"active":true,)"
         R"("name":[{"family":"Nguyen","given":["An"]}],"gender":"female","birthDate":"1970-01-01",)"
         R"("maritalStatus":{"text":"M"},"photo":[{"data":"aGVsbG8="}],)"
         R"("contact":[{"name":{"family":"Tran"},"gender":"male"}],)"
         R"("link":[{"other":{"reference":"Patient/p2"},"type":"seealso"}]})"},
    {"patient false", kPatient, SummaryMode::kFalse, kPatient},
    {"observation true", kObservation, SummaryMode::kTrue,
     std::string(R"({"resourceType":"Observation","id":"o1","meta":{"versionId":"2","tag":[)") +
         kSubsetted +
         R"(]},"status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},)"
         R"("subject":{"reference":"Patient/p1"},"valueQuantity":{"value":70,"unit":"kg"}})"},
    {"observation text keeps mandatory", kObservation, SummaryMode::kText,
     std::string(R"({"resourceType":"Observation","id":"o1","meta":{"versionId":"2","tag":[)") +
         kSubsetted +
         R"(]},"text":{"status":"generated","div":"<div>x</div>"},"status":"final",)"
         R"("code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]}})"},
    {"nothing removed means no tag", R"({"resourceType":"Patient","id":"p","active":true})",
     SummaryMode::kTrue, R"({"resourceType":"Patient","id":"p","active":true})"},
};

class SummaryTest : public ::testing::TestWithParam<SummaryCase> {};

TEST_P(SummaryTest, Applies) {
  json::Value resource = ParseOrDie(GetParam().input);
  ApplySummary(resource, GetParam().mode);
  EXPECT_EQ(json::Write(resource), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Table, SummaryTest, ::testing::ValuesIn(kSummaryCases),
                         [](const ::testing::TestParamInfo<SummaryCase>& info) {
                           std::string name = info.param.name;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(SummaryTest, ParseSummaryMode) {
  EXPECT_EQ(*ParseSummaryMode("true"), SummaryMode::kTrue);
  EXPECT_EQ(*ParseSummaryMode("false"), SummaryMode::kFalse);
  EXPECT_EQ(*ParseSummaryMode("text"), SummaryMode::kText);
  EXPECT_EQ(*ParseSummaryMode("data"), SummaryMode::kData);
  EXPECT_EQ(*ParseSummaryMode("count"), SummaryMode::kCount);
  EXPECT_EQ(ParseSummaryMode("TRUE").status().code(), ErrorCode::kInvalid);
  EXPECT_FALSE(ParseSummaryMode("").ok());
}

TEST(SummaryTest, TagIsAddedOnce) {
  json::Value resource = ParseOrDie(kPatient);
  ApplySummary(resource, SummaryMode::kText);
  ApplySummary(resource, SummaryMode::kData);
  EXPECT_EQ(resource.find("meta")->find("tag")->size(), 1u);
}

TEST(ElementsTest, PatientKeepsListedAndMandatory) {
  json::Value resource = ParseOrDie(kPatient);
  ApplyElements(resource, {"gender", "Patient.birthDate"});
  EXPECT_EQ(json::Write(resource),
            std::string(R"({"resourceType":"Patient","id":"p1","meta":{"tag":[)") + kSubsetted +
                R"(]},"gender":"female","birthDate":"1970-01-01"})");
}

TEST(ElementsTest, ObservationChoiceAndMandatory) {
  json::Value resource = ParseOrDie(kObservation);
  ApplyElements(resource, {"value"});
  EXPECT_EQ(
      json::Write(resource),
      std::string(R"({"resourceType":"Observation","id":"o1","meta":{"versionId":"2","tag":[)") +
          kSubsetted +
          R"(]},"status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},)"
          R"("valueQuantity":{"value":70,"unit":"kg"}})");
  json::Value by_variant = ParseOrDie(kObservation);
  ApplyElements(by_variant, {"valueQuantity", "subject"});
  EXPECT_NE(by_variant.find("valueQuantity"), nullptr);
  EXPECT_NE(by_variant.find("subject"), nullptr);
  EXPECT_EQ(by_variant.find("note"), nullptr);
}

TEST(ElementsTest, KeepsPrimitiveExtensionsWithTheirElement) {
  json::Value resource = ParseOrDie(
      R"({"resourceType":"Patient","birthDate":"1970","_birthDate":{"id":"b"},"active":true})");
  ApplyElements(resource, {"birthDate"});
  EXPECT_NE(resource.find("_birthDate"), nullptr);
  EXPECT_EQ(resource.find("active"), nullptr);
}

}  // namespace
}  // namespace lienthong::fhir
