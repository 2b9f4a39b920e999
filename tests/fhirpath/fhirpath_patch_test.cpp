// FHIRPath Patch, table-driven: a resource, the operations, and the patched
// resource or the error code expected.
#include "fhirpath/fhirpath_patch.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::fhirpath {
namespace {

// One "operation" parameter; `more` holds the parts after type and path.
std::string Op(const std::string& type, const std::string& path, const std::string& more = "") {
  return R"({"name":"operation","part":[{"name":"type","valueCode":")" + type +
         R"("},{"name":"path","valueString":")" + path + R"("})" + more + "]}";
}
std::string Name(const std::string& name) {
  return R"(,{"name":"name","valueString":")" + name + R"("})";
}
// `value` is the rest of a part: "valueDate":"..." or "part":[...].
std::string Value(const std::string& value) { return R"(,{"name":"value",)" + value + "}"; }
std::string Integer(const std::string& part, int n) {
  return R"(,{"name":")" + part + R"(","valueInteger":)" + std::to_string(n) + "}";
}

struct Case {
  const char* name;
  const char* resource;
  std::vector<std::string> operations;
  const char* expected;  // the patched resource, compact; or "error 400" / "error 422"
};

std::string Apply(const Case& c) {
  Result<json::Value> resource = json::Parse(c.resource);
  if (!resource.ok()) return "bad test resource";
  std::string parameters = R"({"resourceType":"Parameters","parameter":[)";
  for (size_t i = 0; i < c.operations.size(); ++i) {
    parameters += (i > 0 ? "," : "") + c.operations[i];
  }
  parameters += "]}";
  Result<json::Value> patch = json::Parse(parameters);
  if (!patch.ok()) return "bad test patch: " + patch.status().message();
  Status applied = ApplyFhirPathPatch(*resource, *patch);
  if (!applied.ok()) {
    return "error " + std::to_string(InfoFor(applied.code()).http_status) + " " + applied.message();
  }
  return json::Write(*resource);
}

void RunTable(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    const std::string got = Apply(c);
    const std::string expected = c.expected;
    if (expected.starts_with("error")) {
      EXPECT_TRUE(got.starts_with(expected)) << c.name << ": " << got;
    } else {
      EXPECT_EQ(got, expected) << c.name;
    }
  }
}

constexpr const char* kPatient =
    R"({"resourceType":"Patient","id":"p","birthDate":"1990-05-17","_birthDate":{"id":"b"},)"
    R"("name":[{"family":"Nguyễn","given":["Thị","Lan"],"_given":[null,{"id":"g"}]}],)"
    R"("telecom":[{"system":"phone","value":"0901"},{"system":"email","value":"a@b.vn"}],)"
    R"("deceasedBoolean":false})";

TEST(FhirPathPatchTest, Add) {
  RunTable({
      {"primitive",
       R"({"resourceType":"Patient","id":"p"})",
       {Op("add", "Patient", Name("birthDate") + Value(R"("valueDate":"1990-01-01")"))},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990-01-01"})"},
      {"to the end of a list",
       kPatient,
       {Op("add", "Patient",
           Name("telecom") + Value(R"("valueContactPoint":{"system":"sms","value":"0902"})"))},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990-05-17","_birthDate":{"id":"b"},)"
       R"("name":[{"family":"Nguyễn","given":["Thị","Lan"],"_given":[null,{"id":"g"}]}],)"
       R"("telecom":[{"system":"phone","value":"0901"},{"system":"email","value":"a@b.vn"},)"
       R"({"system":"sms","value":"0902"}],"deceasedBoolean":false})"},
      {"a primitive to a list with an extension array",
       kPatient,
       {Op("add", "Patient.name[0]", Name("given") + Value(R"("valueString":"Hoa")"))},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990-05-17","_birthDate":{"id":"b"},)"
       R"("name":[{"family":"Nguyễn","given":["Thị","Lan","Hoa"],"_given":[null,{"id":"g"},null]}],)"
       R"("telecom":[{"system":"phone","value":"0901"},{"system":"email","value":"a@b.vn"}],)"
       R"("deceasedBoolean":false})"},
      {"an anonymous complex value from nested parts",
       R"({"resourceType":"Patient","id":"p"})",
       {Op("add", "Patient",
           Name("contact") +
               Value(R"("part":[{"name":"name","valueHumanName":{"family":"Trần"}},)"
                     R"({"name":"telecom","valueContactPoint":{"system":"phone","value":"1"}},)"
                     R"({"name":"gender","valueCode":"female"}])"))},
       R"({"resourceType":"Patient","id":"p","contact":[{"name":{"family":"Trần"},)"
       R"("telecom":[{"system":"phone","value":"1"}],"gender":"female"}]})"},
      {"nested parts two levels deep, with a choice inside",
       R"({"resourceType":"Observation","id":"o","status":"final","code":{"text":"bp"}})",
       {Op("add", "Observation",
           Name("component") +
               Value(R"("part":[{"name":"code","part":[{"name":"text","valueString":"sys"}]},)"
                     R"({"name":"value","valueQuantity":{"value":120,"unit":"mm[Hg]"}}])"))},
       R"({"resourceType":"Observation","id":"o","status":"final","code":{"text":"bp"},)"
       R"("component":[{"code":{"text":"sys"},"valueQuantity":{"value":120,"unit":"mm[Hg]"}}]})"},
      {"a choice element takes the value's type",
       R"({"resourceType":"Patient","id":"p"})",
       {Op("add", "Patient", Name("deceased") + Value(R"("valueDateTime":"2020-01-01")"))},
       R"({"resourceType":"Patient","id":"p","deceasedDateTime":"2020-01-01"})"},
      {"an extension on a primitive, from parts",
       R"({"resourceType":"Patient","id":"p","birthDate":"1990"})",
       {Op("add", "Patient.birthDate",
           Name("extension") + Value(R"("part":[{"name":"url","valueUri":"http://example.org/x"},)"
                                     R"({"name":"value","valueString":"ước tính"}])"))},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990","_birthDate":{"extension":)"
       R"([{"url":"http://example.org/x","valueString":"ước tính"}]}})"},
      {"an id on a primitive in a list",
       kPatient,
       {Op("add", "Patient.name[0].given[0]", Name("id") + Value(R"("valueString":"g0")"))},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990-05-17","_birthDate":{"id":"b"},)"
       R"("name":[{"family":"Nguyễn","given":["Thị","Lan"],"_given":[{"id":"g0"},{"id":"g"}]}],)"
       R"("telecom":[{"system":"phone","value":"0901"},{"system":"email","value":"a@b.vn"}],)"
       R"("deceasedBoolean":false})"},
      {"an id a primitive already has",
       kPatient,
       {Op("add", "Patient.birthDate", Name("id") + Value(R"("valueString":"x")"))},
       "error 422"},
      {"anything else on a primitive",
       kPatient,
       {Op("add", "Patient.birthDate", Name("family") + Value(R"("valueString":"x")"))},
       "error 422"},
      {"a non-repeating element already there",
       kPatient,
       {Op("add", "Patient", Name("birthDate") + Value(R"("valueDate":"1990-01-01")"))},
       "error 422"},
      {"a choice already there under another type",
       kPatient,
       {Op("add", "Patient", Name("deceased") + Value(R"("valueDateTime":"2020-01-01")"))},
       "error 422"},
      {"an element the type does not have",
       kPatient,
       {Op("add", "Patient", Name("colour") + Value(R"("valueString":"x")"))},
       "error 422"},
      {"a path that selects two elements",
       kPatient,
       {Op("add", "Patient.telecom", Name("use") + Value(R"("valueCode":"home")"))},
       "error 422"},
      {"a path that selects nothing",
       kPatient,
       {Op("add", "Patient.contact", Name("gender") + Value(R"("valueCode":"male")"))},
       "error 422"},
  });
}

TEST(FhirPathPatchTest, Insert) {
  RunTable({
      {"at the front keeps the extension array aligned",
       kPatient,
       {Op("insert", "Patient.name[0].given",
           Integer("index", 0) + Value(R"("valueString":"Bà")"))},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990-05-17","_birthDate":{"id":"b"},)"
       R"("name":[{"family":"Nguyễn","given":["Bà","Thị","Lan"],"_given":[null,null,{"id":"g"}]}],)"
       R"("telecom":[{"system":"phone","value":"0901"},{"system":"email","value":"a@b.vn"}],)"
       R"("deceasedBoolean":false})"},
      {"in the middle of a list of complex values",
       kPatient,
       {Op("insert", "Patient.telecom",
           Integer("index", 1) + Value(R"("valueContactPoint":{"system":"fax","value":"9"})"))},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990-05-17","_birthDate":{"id":"b"},)"
       R"("name":[{"family":"Nguyễn","given":["Thị","Lan"],"_given":[null,{"id":"g"}]}],)"
       R"("telecom":[{"system":"phone","value":"0901"},{"system":"fax","value":"9"},)"
       R"({"system":"email","value":"a@b.vn"}],"deceasedBoolean":false})"},
      {"the first element of an absent list",
       R"({"resourceType":"Patient","id":"p"})",
       {Op("insert", "Patient.identifier",
           Integer("index", 0) + Value(R"("valueIdentifier":{"value":"079"})"))},
       R"({"resourceType":"Patient","id":"p","identifier":[{"value":"079"}]})"},
      {"past the end",
       kPatient,
       {Op("insert", "Patient.telecom",
           Integer("index", 3) + Value(R"("valueContactPoint":{"value":"9"})"))},
       "error 422"},
      {"a negative index",
       kPatient,
       {Op("insert", "Patient.telecom",
           Integer("index", -1) + Value(R"("valueContactPoint":{"value":"9"})"))},
       "error 422"},
      {"into an element that does not repeat",
       kPatient,
       {Op("insert", "Patient.birthDate", Integer("index", 0) + Value(R"("valueDate":"2000")"))},
       "error 422"},
      {"a path that does not end in a list name",
       kPatient,
       {Op("insert", "Patient.telecom.first()",
           Integer("index", 0) + Value(R"("valueContactPoint":{"value":"9"})"))},
       "error 400"},
  });
}

TEST(FhirPathPatchTest, Delete) {
  RunTable({
      {"a primitive and its extension",
       kPatient,
       {Op("delete", "Patient.birthDate")},
       R"({"resourceType":"Patient","id":"p",)"
       R"("name":[{"family":"Nguyễn","given":["Thị","Lan"],"_given":[null,{"id":"g"}]}],)"
       R"("telecom":[{"system":"phone","value":"0901"},{"system":"email","value":"a@b.vn"}],)"
       R"("deceasedBoolean":false})"},
      {"one element of a list, chosen by where()",
       kPatient,
       {Op("delete", "Patient.telecom.where(system = 'phone')")},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990-05-17","_birthDate":{"id":"b"},)"
       R"("name":[{"family":"Nguyễn","given":["Thị","Lan"],"_given":[null,{"id":"g"}]}],)"
       R"("telecom":[{"system":"email","value":"a@b.vn"}],"deceasedBoolean":false})"},
      {"a list element with an extension; the emptied extension array goes",
       kPatient,
       {Op("delete", "Patient.name[0].given[1]")},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990-05-17","_birthDate":{"id":"b"},)"
       R"("name":[{"family":"Nguyễn","given":["Thị"]}],)"
       R"("telecom":[{"system":"phone","value":"0901"},{"system":"email","value":"a@b.vn"}],)"
       R"("deceasedBoolean":false})"},
      {"the last element of a list removes the list",
       R"({"resourceType":"Patient","id":"p","telecom":[{"value":"1"}]})",
       {Op("delete", "Patient.telecom[0]")},
       R"({"resourceType":"Patient","id":"p"})"},
      {"a choice element by its name",
       kPatient,
       {Op("delete", "Patient.deceased")},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990-05-17","_birthDate":{"id":"b"},)"
       R"("name":[{"family":"Nguyễn","given":["Thị","Lan"],"_given":[null,{"id":"g"}]}],)"
       R"("telecom":[{"system":"phone","value":"0901"},{"system":"email","value":"a@b.vn"}]})"},
      {"the last extension of a primitive takes its emptied companion along",
       R"({"resourceType":"Patient","id":"p","birthDate":"1990","_birthDate":{"extension":)"
       R"([{"url":"http://example.org/x","valueString":"y"}]},"name":[{"given":["A","B"],)"
       R"("_given":[null,{"extension":[{"url":"http://example.org/x","valueString":"y"}]}]}]})",
       {Op("delete", "Patient.birthDate.extension[0]"),
        Op("delete", "Patient.name[0].given[1].extension[0]")},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990","name":[{"given":["A","B"]}]})"},
      {"nothing selected is no change",
       R"({"resourceType":"Patient","id":"p"})",
       {Op("delete", "Patient.telecom")},
       R"({"resourceType":"Patient","id":"p"})"},
      {"several selected", kPatient, {Op("delete", "Patient.telecom")}, "error 422"},
      {"the resource itself", kPatient, {Op("delete", "Patient")}, "error 422"},
  });
}

TEST(FhirPathPatchTest, Replace) {
  RunTable({
      {"a primitive drops its old extension",
       kPatient,
       {Op("replace", "Patient.birthDate", Value(R"("valueDate":"1991-01-01")"))},
       R"({"resourceType":"Patient","id":"p","birthDate":"1991-01-01",)"
       R"("name":[{"family":"Nguyễn","given":["Thị","Lan"],"_given":[null,{"id":"g"}]}],)"
       R"("telecom":[{"system":"phone","value":"0901"},{"system":"email","value":"a@b.vn"}],)"
       R"("deceasedBoolean":false})"},
      {"a nested primitive",
       kPatient,
       {Op("replace", "Patient.name[0].family", Value(R"("valueString":"Lê")"))},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990-05-17","_birthDate":{"id":"b"},)"
       R"("name":[{"family":"Lê","given":["Thị","Lan"],"_given":[null,{"id":"g"}]}],)"
       R"("telecom":[{"system":"phone","value":"0901"},{"system":"email","value":"a@b.vn"}],)"
       R"("deceasedBoolean":false})"},
      {"a list element, in place",
       kPatient,
       {Op("replace", "Patient.telecom[1]", Value(R"("valueContactPoint":{"value":"x"})"))},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990-05-17","_birthDate":{"id":"b"},)"
       R"("name":[{"family":"Nguyễn","given":["Thị","Lan"],"_given":[null,{"id":"g"}]}],)"
       R"("telecom":[{"system":"phone","value":"0901"},{"value":"x"}],"deceasedBoolean":false})"},
      {"a choice element changes type",
       kPatient,
       {Op("replace", "Patient.deceased", Value(R"("valueDateTime":"2024-02-01")"))},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990-05-17","_birthDate":{"id":"b"},)"
       R"("name":[{"family":"Nguyễn","given":["Thị","Lan"],"_given":[null,{"id":"g"}]}],)"
       R"("telecom":[{"system":"phone","value":"0901"},{"system":"email","value":"a@b.vn"}],)"
       R"("deceasedDateTime":"2024-02-01"})"},
      {"a complex element from nested parts",
       kPatient,
       {Op("replace", "Patient.name[0]",
           Value(R"("part":[{"name":"family","valueString":"Võ"},)"
                 R"({"name":"given","valueString":"An"}])"))},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990-05-17","_birthDate":{"id":"b"},)"
       R"("name":[{"family":"Võ","given":["An"]}],)"
       R"("telecom":[{"system":"phone","value":"0901"},{"system":"email","value":"a@b.vn"}],)"
       R"("deceasedBoolean":false})"},
      {"nothing selected",
       kPatient,
       {Op("replace", "Patient.gender", Value(R"("valueCode":"male")"))},
       "error 422"},
      {"several selected",
       kPatient,
       {Op("replace", "Patient.telecom.value", Value(R"("valueString":"1")"))},
       "error 422"},
      {"a computed value",
       kPatient,
       {Op("replace", "Patient.telecom.count()", Value(R"("valueInteger":1)"))},
       "error 422"},
  });
}

TEST(FhirPathPatchTest, Move) {
  RunTable({
      {"forward",
       R"({"resourceType":"Patient","id":"p","telecom":[{"value":"a"},{"value":"b"},)"
       R"({"value":"c"}]})",
       {Op("move", "Patient.telecom", Integer("source", 0) + Integer("destination", 2))},
       R"({"resourceType":"Patient","id":"p","telecom":[{"value":"b"},{"value":"c"},)"
       R"({"value":"a"}]})"},
      {"a primitive with its extension",
       kPatient,
       {Op("move", "Patient.name[0].given", Integer("source", 1) + Integer("destination", 0))},
       R"({"resourceType":"Patient","id":"p","birthDate":"1990-05-17","_birthDate":{"id":"b"},)"
       R"("name":[{"family":"Nguyễn","given":["Lan","Thị"],"_given":[{"id":"g"},null]}],)"
       R"("telecom":[{"system":"phone","value":"0901"},{"system":"email","value":"a@b.vn"}],)"
       R"("deceasedBoolean":false})"},
      {"source out of range",
       kPatient,
       {Op("move", "Patient.telecom", Integer("source", 2) + Integer("destination", 0))},
       "error 422"},
      {"destination out of range",
       kPatient,
       {Op("move", "Patient.telecom", Integer("source", 0) + Integer("destination", 2))},
       "error 422"},
  });
}

TEST(FhirPathPatchTest, OperationsApplyInOrder) {
  RunTable({
      {"add, then replace what was added",
       R"({"resourceType":"Patient","id":"p"})",
       {Op("add", "Patient", Name("gender") + Value(R"("valueCode":"male")")),
        Op("replace", "Patient.gender", Value(R"("valueCode":"female")"))},
       R"({"resourceType":"Patient","id":"p","gender":"female"})"},
      {"a contained resource is part of the resource",
       R"({"resourceType":"Observation","id":"o","contained":[{"resourceType":"Patient",)"
       R"("id":"c","gender":"male"}]})",
       {Op("replace", "Observation.contained[0].gender", Value(R"("valueCode":"other")"))},
       R"({"resourceType":"Observation","id":"o","contained":[{"resourceType":"Patient",)"
       R"("id":"c","gender":"other"}]})"},
  });
}

TEST(FhirPathPatchTest, MalformedPatches) {
  json::Value patient = *json::Parse(kPatient);
  auto apply = [&](const char* text) {
    json::Value copy = patient;
    return ApplyFhirPathPatch(copy, *json::Parse(text)).code();
  };
  EXPECT_EQ(apply(R"({"resourceType":"Patient"})"), ErrorCode::kInvalid);
  EXPECT_EQ(apply(R"({"resourceType":"Parameters"})"), ErrorCode::kInvalid);
  EXPECT_EQ(apply(R"({"resourceType":"Parameters","parameter":[{"name":"op","part":[]}]})"),
            ErrorCode::kInvalid);
  const std::vector<std::string> malformed = {
      Op("upsert", "Patient"),
      Op("add", "Patient", Value(R"("valueDate":"1990")")),           // no name
      Op("add", "Patient", Name("birthDate")),                        // no value
      Op("insert", "Patient.telecom", Value(R"("valueString":"")")),  // no index
      Op("replace", "Patient.birthDate"),                             // no value
      Op("move", "Patient.telecom", Integer("source", 0)),            // no destination
      Op("delete", "Patient.name.where("),                            // syntax error
      Op("delete", "Patient.name", Integer("colour", 1)),             // unknown part
      Op("delete", "Patient.name", Name("a") + Name("b")),            // a part twice
      Op("add", "Patient", Name("deceased") + Value(R"("part":[{"name":"x","valueString":"y"}])")),
  };
  for (const std::string& op : malformed) {
    const std::string text = R"({"resourceType":"Parameters","parameter":[)" + op + "]}";
    EXPECT_EQ(apply(text.c_str()), ErrorCode::kInvalid) << op;
  }
  // A malformed later operation fails the patch before any operation applies.
  json::Value copy = patient;
  const std::string text = R"({"resourceType":"Parameters","parameter":[)" +
                           Op("delete", "Patient.birthDate") + "," + Op("nope", "Patient") + "]}";
  EXPECT_EQ(ApplyFhirPathPatch(copy, *json::Parse(text)).code(), ErrorCode::kInvalid);
  EXPECT_EQ(copy, patient);
}

}  // namespace
}  // namespace lienthong::fhirpath
