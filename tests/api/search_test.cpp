// FHIR search against the real server: table-driven semantics per parameter
// type and modifier (including Vietnamese diacritics and date precision),
// paging, index maintenance on update and delete, and the conditional
// interactions.
#include <fmt/format.h>

#include <set>
#include <string>
#include <vector>

#include "api_fixture.h"

namespace lienthong::testing {
namespace {

const Fixture kResources[] = {
    {"Patient/pa", R"({"resourceType":"Patient","id":"pa",
      "meta":{"tag":[{"system":"http://example.org/tags","code":"vip"}]},
      "identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"NI"}]},
                     "system":"https://lienthong.vn/fhir/sid/cccd","value":"001080012345"}],
      "active":true,"name":[{"family":"Nguyễn","given":["Văn","An"]}],
      "telecom":[{"system":"phone","value":"0912345678"}],"gender":"male","birthDate":"1980-05-12",
      "address":[{"city":"Hà Nội","country":"VN"}]})"},
    {"Patient/pb",
     R"({"resourceType":"Patient","id":"pb","name":[{"family":"Trần","given":["Thị","Lan"]}],
      "gender":"female","birthDate":"1992","address":[{"city":"Hồ Chí Minh"}]})"},
    {"Patient/pc",
     R"({"resourceType":"Patient","id":"pc","name":[{"family":"Đặng","given":["Ngọc","Minh"]}],
      "gender":"male","birthDate":"2015-07"})"},
    {"Patient/pd", R"({"resourceType":"Patient","id":"pd","name":[{"family":"Lê","given":["Đức"]}],
      "gender":"other"})"},
    {"Observation/o1", R"({"resourceType":"Observation","id":"o1","status":"final",
      "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
      "code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},
      "subject":{"reference":"Patient/pa"},"effectiveDateTime":"2024-03-01T10:00:00+07:00",
      "valueQuantity":{"value":80,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}})"},
    {"Observation/o2", R"({"resourceType":"Observation","id":"o2","status":"final",
      "code":{"coding":[{"system":"http://loinc.org","code":"15074-8"}]},
      "subject":{"reference":"Patient/pb"},"effectivePeriod":{"start":"2024-01-01","end":"2024-01-31"},
      "valueQuantity":{"value":5.5,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}})"},
    {"Observation/o3", R"({"resourceType":"Observation","id":"o3","status":"final",
      "code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]},
      "subject":{"reference":"Patient/pa/_history/1"},"effectiveDateTime":"2023-12-31",
      "valueQuantity":{"value":100,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}})"},
    {"Observation/o4", R"({"resourceType":"Observation","id":"o4","status":"preliminary",
      "code":{"text":"Ghi chú của điều dưỡng"},
      "subject":{"reference":"Patient/pc","identifier":{"system":"https://lienthong.vn/fhir/sid/cccd","value":"079215000111"}},
      "valueString":"ổn định"})"},
    {"RiskAssessment/r1", R"({"resourceType":"RiskAssessment","id":"r1","status":"final",
      "subject":{"reference":"Patient/pa"},"prediction":[{"probabilityDecimal":0.25}]})"},
    {"ValueSet/va",
     R"({"resourceType":"ValueSet","id":"va","status":"active","url":"http://example.org/vs/a"})"},
    {"ValueSet/vb",
     R"({"resourceType":"ValueSet","id":"vb","status":"active","url":"http://example.org/vs/b"})"},
};

class SearchTest : public ApiTest {
 public:
  HttpClient* client() { return client_.get(); }

 protected:
  static void SetUpTestSuite() {
    ApiTest::SetUpTestSuite();
    PutAll(kResources);
  }

  // The ids of the matches of a search (type?query).
  std::set<std::string> Ids(const std::string& query, int* status = nullptr) {
    return MatchIds(query, {}, status);
  }
};

TEST_F(SearchTest, StringFoldsCaseAndVietnameseDiacritics) {
  const std::vector<std::pair<std::string, std::set<std::string>>> cases = {
      {Q("Patient", "name=nguyen"), {"pa"}},
      {Q("Patient", "name=NGUYEN"), {"pa"}},
      {Q("Patient", "name=Nguyễn"), {"pa"}},
      {Q("Patient", "name=nguyen van an"), {"pa"}},
      {Q("Patient", "name=an nguyen"), {}},
      {Q("Patient", "name=van an nguyen"), {"pa"}},
      {Q("Patient", "name=dang"), {"pc"}},  // Đặng: đ folds to d
      {Q("Patient", "name=duc"), {"pd"}},   // Đức
      {Q("Patient", "name=ng"), {"pa", "pc"}},
      {Q("Patient", "name:exact=Nguyễn"), {"pa"}},
      {Q("Patient", "name:exact=nguyen"), {}},
      {Q("Patient", "name:contains=uye"), {"pa"}},
      {Q("Patient", "name:contains=an"), {"pa", "pb", "pc"}},  // An, Lan, Đặng
      {Q("Patient", "family=tran"), {"pb"}},
      {Q("Patient", "given=thi"), {"pb"}},
      {Q("Patient", "address-city=ha noi"), {"pa"}},
      {Q("Patient", "address-city=ho chi"), {"pb"}},
      {Q("Patient", "name=nguyen,tran"), {"pa", "pb"}},
  };
  for (const auto& [query, expected] : cases) EXPECT_EQ(Ids(query), expected) << query;
}

TEST_F(SearchTest, TokenSystemsCodesAndModifiers) {
  const std::vector<std::pair<std::string, std::set<std::string>>> cases = {
      {Q("Patient", "gender=male"), {"pa", "pc"}},
      {Q("Patient", "gender=male,female"), {"pa", "pb", "pc"}},
      {Q("Patient", "gender:not=male"), {"pb", "pd"}},
      {Q("Patient", "identifier=001080012345"), {"pa"}},
      {Q("Patient", "identifier=https://lienthong.vn/fhir/sid/cccd|001080012345"), {"pa"}},
      {Q("Patient", "identifier=https://lienthong.vn/fhir/sid/cccd|"), {"pa"}},
      {Q("Patient", "identifier=|001080012345"), {}},
      {Q("Patient", "identifier=http://other|001080012345"), {}},
      {Q("Patient",
         "identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|NI|001080012345"),
       {"pa"}},
      {Q("Patient", "telecom=0912345678"), {"pa"}},
      {Q("Patient", "active=true"), {"pa"}},
      {Q("Patient", "_tag=http://example.org/tags|vip"), {"pa"}},
      {Q("Observation", "code=http://loinc.org|8867-4"), {"o1"}},
      {Q("Observation", "code=8867-4"), {"o1"}},
      {Q("Observation", "code=http://loinc.org|"), {"o1", "o2", "o3"}},
      {Q("Observation", "code:text=ghi chu"), {"o4"}},
      {Q("Observation", "code:text=heart"), {"o1"}},
      {Q("Observation", "status=final"), {"o1", "o2", "o3"}},
      {Q("Observation", "category=vital-signs"), {"o1"}},
  };
  for (const auto& [query, expected] : cases) EXPECT_EQ(Ids(query), expected) << query;
}

TEST_F(SearchTest, DatesByPrecisionAndPrefix) {
  const std::vector<std::pair<std::string, std::set<std::string>>> cases = {
      {Q("Patient", "birthdate=1980"), {"pa"}},
      {Q("Patient", "birthdate=1980-05"), {"pa"}},
      {Q("Patient", "birthdate=1980-05-12"), {"pa"}},
      {Q("Patient", "birthdate=1980-05-13"), {}},
      // A month is not inside one day: eq needs the resource's range inside the value's.
      {Q("Patient", "birthdate=2015-07-15"), {}},
      {Q("Patient", "birthdate=2015"), {"pc"}},
      {Q("Patient", "birthdate=gt1990"), {"pb", "pc"}},
      {Q("Patient", "birthdate=lt1990"), {"pa"}},
      {Q("Patient", "birthdate=ge1992"), {"pb", "pc"}},
      {Q("Patient", "birthdate=le1992"), {"pa", "pb"}},
      {Q("Patient", "birthdate=sa1992"), {"pc"}},
      {Q("Patient", "birthdate=eb1992"), {"pa"}},
      {Q("Patient", "birthdate=ne1980"), {"pb", "pc"}},
      {Q("Patient", "birthdate=ge1980&birthdate=lt1993"), {"pa", "pb"}},
      {Q("Patient", "birthdate:missing=true"), {"pd"}},
      {Q("Patient", "birthdate:missing=false"), {"pa", "pb", "pc"}},
      {Q("Observation", "date=2024-01"), {"o2"}},
      {Q("Observation", "date=2024-01-15"), {}},
      {Q("Observation", "date=ge2024-01-15"), {"o1", "o2"}},
      {Q("Observation", "date=lt2024"), {"o3"}},
      {Q("Observation", "date=2024-03-01T03:00:00Z"), {"o1"}},  // the same instant
      {Q("Observation", "date=2024-03-01T10:00:00Z"), {}},
      {Q("Observation", "date=2024-03-01"), {"o1"}},
      {Q("Observation", "date=2024-03-01T10:00:00%2B07:00"), {"o1"}},
      {Q("Patient", "_lastUpdated=gt2020-01-01"), {"pa", "pb", "pc", "pd"}},
      {Q("Patient", "_lastUpdated=lt2020-01-01"), {}},
  };
  for (const auto& [query, expected] : cases) EXPECT_EQ(Ids(query), expected) << query;
}

TEST_F(SearchTest, NumbersAndQuantitiesWithPrecisionAndUnits) {
  const std::vector<std::pair<std::string, std::set<std::string>>> cases = {
      {Q("RiskAssessment", "probability=0.25"), {"r1"}},
      {Q("RiskAssessment", "probability=0.3"), {"r1"}},  // 0.3 means [0.25, 0.35)
      {Q("RiskAssessment", "probability=0.30"), {}},
      {Q("RiskAssessment", "probability=gt0.2"), {"r1"}},
      {Q("RiskAssessment", "probability=lt0.2"), {}},
      // More digits than a double holds: the value still matches itself.
      {Q("RiskAssessment", "probability=0.2500000000000000000"), {"r1"}},
      {Q("RiskAssessment", "probability=ne0.2500000000000000000"), {}},
      {Q("Observation", "value-quantity=80"), {"o1"}},
      {Q("Observation", "value-quantity=gt79|http://unitsofmeasure.org|/min"), {"o1"}},
      {Q("Observation", "value-quantity=80||/min"), {"o1"}},
      {Q("Observation", "value-quantity=5.5|http://unitsofmeasure.org|mmol/L"), {"o2"}},
      // 100 mg/dL is 1 g/L and 1000 mg/L: compared in canonical units.
      {Q("Observation", "value-quantity=1|http://unitsofmeasure.org|g/L"), {"o3"}},
      {Q("Observation", "value-quantity=1000|http://unitsofmeasure.org|mg/L"), {"o3"}},
      {Q("Observation", "value-quantity=lt10"), {"o2"}},
      {Q("Observation", "value-quantity=ge80"), {"o1", "o3"}},
  };
  for (const auto& [query, expected] : cases) EXPECT_EQ(Ids(query), expected) << query;
}

TEST_F(SearchTest, ReferencesChainsAndUris) {
  const std::vector<std::pair<std::string, std::set<std::string>>> cases = {
      {Q("Observation", "subject=Patient/pa"), {"o1", "o3"}},
      {Q("Observation", "subject=pa"), {"o1", "o3"}},
      {Q("Observation", "patient=pb"), {"o2"}},
      {Q("Observation", "subject:Patient=pc"), {"o4"}},
      {Q("Observation", "subject=http://elsewhere.example/fhir/Patient/pa"), {"o1", "o3"}},
      {Q("Observation", "subject:identifier=https://lienthong.vn/fhir/sid/cccd|079215000111"),
       {"o4"}},
      {Q("Observation", "subject:identifier=079215000111"), {"o4"}},
      {Q("Observation", "subject.name=tran"), {"o2"}},
      {Q("Observation", "subject:Patient.gender=male"), {"o1", "o3", "o4"}},
      {Q("Observation", "patient.identifier=001080012345"), {"o1", "o3"}},
      {Q("Observation", "subject:Patient.name=nguyen&code=8867-4"), {"o1"}},
      {Q("RiskAssessment", "subject.address-city=ha noi"), {"r1"}},
      {Q("ValueSet", "url=http://example.org/vs/a"), {"va"}},
      {Q("ValueSet", "url=http://example.org/vs"), {}},
      {Q("ValueSet", "url:below=http://example.org/vs"), {"va", "vb"}},
      {Q("ValueSet", "url:above=http://example.org/vs/a/extra"), {"va"}},
      {Q("Patient", "_id=pa,pb"), {"pa", "pb"}},
      {Q("Patient", "_id=nope"), {}},
      {Q("Patient", "gender=male&birthdate=gt2000"), {"pc"}},
      {Q("Patient", "name=nguyen&gender=female"), {}},
  };
  for (const auto& [query, expected] : cases) EXPECT_EQ(Ids(query), expected) << query;
}

TEST_F(SearchTest, UnknownParametersStrictAndLenient) {
  ClientResponse lenient = Get("Patient?gender=female&colour=blue");
  ASSERT_EQ(lenient.status, 200);
  json::Value bundle = Json(lenient);
  EXPECT_EQ(bundle.find("total")->text(), "1");
  // The self link names what was applied, not the ignored parameter.
  const std::string self(bundle.find("link")->at(0).get_string("url"));
  EXPECT_NE(self.find("gender=female"), std::string::npos) << self;
  EXPECT_EQ(self.find("colour"), std::string::npos) << self;
  EXPECT_NE(lenient.body.find("ignored search parameters: colour"), std::string::npos);

  ClientResponse strict = Get("Patient?gender=female&colour=blue", {{"Prefer", "handling=strict"}});
  EXPECT_EQ(strict.status, 400);
  EXPECT_NE(strict.body.find("colour"), std::string::npos) << strict.body;

  for (const char* bad :
       {"Patient?birthdate=yesterday", "Patient?name:fuzzy=an", "Patient?gender:missing=maybe",
        "Patient?_count=-1", "RiskAssessment?probability=abc", "Patient?_total=some"}) {
    ClientResponse r = Get(bad);
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_NE(r.body.find("OperationOutcome"), std::string::npos) << bad;
  }
}

TEST_F(SearchTest, PagesStayValidAfterNewWritesAndCountsWithoutEntries) {
  ClientResponse count = Get("Patient?_summary=count");
  ASSERT_EQ(count.status, 200);
  json::Value counted = Json(count);
  EXPECT_EQ(counted.find("total")->text(), "4");
  EXPECT_EQ(counted.find("entry"), nullptr);

  ClientResponse first = Get("Patient?_count=2");
  ASSERT_EQ(first.status, 200);
  json::Value page1 = Json(first);
  EXPECT_EQ(page1.find("entry")->size(), 2u);
  std::string next;
  for (const auto& link : page1.find("link")->members()) {
    if (link.value.get_string("relation") == "next")
      next = std::string(link.value.get_string("url"));
  }
  ASSERT_FALSE(next.empty());
  // A write between pages does not disturb the next page.
  ASSERT_EQ(Put("Patient/pz", R"({"resourceType":"Patient","id":"pz","gender":"male"})").status,
            201);
  ClientResponse second = client_->Send("GET", next.substr(next.find("/fhir/")));
  ASSERT_EQ(second.status, 200);
  std::set<std::string> seen;
  for (const auto& e : page1.find("entry")->members()) {
    seen.insert(std::string(e.value.find("resource")->get_string("id")));
  }
  const json::Value page2 = Json(second);
  for (const auto& e : page2.find("entry")->members()) {
    EXPECT_TRUE(seen.insert(std::string(e.value.find("resource")->get_string("id"))).second);
  }
  EXPECT_TRUE(seen.count("pa") && seen.count("pb") && seen.count("pc") && seen.count("pd"));
  EXPECT_EQ(Delete("Patient/pz").status, 200);

  ClientResponse no_total = Get("Patient?_total=none&_count=1");
  ASSERT_EQ(no_total.status, 200);
  EXPECT_EQ(Json(no_total).find("total"), nullptr);

  // One indexed value streams its pages from the index: the first page
  // gives the total; later pages give it only when _total asks, and each
  // continues right after the one before.
  std::set<std::string> paged;
  for (const char* gender : {"female", "male"}) {
    std::string path = std::string("/fhir/Patient?gender=") + gender + "&_count=1";
    ClientResponse all = Get(std::string("Patient?gender=") + gender + "&_summary=count");
    const std::string expected_total(Json(all).find("total")->text());
    bool first_page = true;
    while (!path.empty()) {
      ClientResponse r = client_->Send("GET", path);
      ASSERT_EQ(r.status, 200);
      json::Value bundle = Json(r);
      const json::Value* total = bundle.find("total");
      if (first_page) {
        ASSERT_NE(total, nullptr);
        EXPECT_EQ(total->text(), expected_total);
      } else {
        EXPECT_EQ(total, nullptr) << path;
        ClientResponse asked = client_->Send("GET", path + "&_total=accurate");
        EXPECT_EQ(Json(asked).find("total")->text(), expected_total);
      }
      first_page = false;
      if (const json::Value* entries = bundle.find("entry")) {
        for (const auto& e : entries->members()) {
          EXPECT_TRUE(paged.insert(std::string(e.value.find("resource")->get_string("id"))).second);
        }
      }
      path.clear();
      for (const auto& link : bundle.find("link")->members()) {
        if (link.value.get_string("relation") == "next") {
          const std::string url(link.value.get_string("url"));
          path = url.substr(url.find("/fhir/"));
        }
      }
    }
  }
  EXPECT_EQ(paged, (std::set<std::string>{"pa", "pb", "pc"}));  // pd has no gender

  // POST _search with a form body answers as GET does.
  ClientResponse posted = client_->Send("POST", "/fhir/Patient/_search", "gender=female",
                                        {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(Json(posted).find("total")->text(), "1");
}

TEST_F(SearchTest, UpdatesAndDeletesReplaceIndexEntriesInTheSameCommit) {
  ASSERT_EQ(Put("Patient/pu", R"({"resourceType":"Patient","id":"pu","name":[{"family":"Võ"}],
      "gender":"female"})")
                .status,
            201);
  EXPECT_EQ(Ids(Q("Patient", "family=vo")), std::set<std::string>{"pu"});
  ASSERT_EQ(Put("Patient/pu", R"({"resourceType":"Patient","id":"pu","name":[{"family":"Vũ"}],
      "gender":"male"})")
                .status,
            200);
  EXPECT_EQ(Ids(Q("Patient", "family=vo")), std::set<std::string>{});
  EXPECT_EQ(Ids(Q("Patient", "family=vu")), std::set<std::string>{"pu"});
  EXPECT_EQ(Ids(Q("Patient", "gender=female")), std::set<std::string>{"pb"});
  EXPECT_EQ(Delete("Patient/pu").status, 200);
  EXPECT_EQ(Ids(Q("Patient", "family=vu")), std::set<std::string>{});
  EXPECT_EQ(Ids(Q("Patient", "gender=male")), (std::set<std::string>{"pa", "pc"}));
}

TEST_F(SearchTest, ConditionalCreateUpdateAndDelete) {
  const std::string body =
      R"({"resourceType":"Patient","identifier":[{"system":"urn:test:cond","value":"c-1"}],"gender":"female"})";
  // If-None-Exist that matches: nothing is created, the match comes back.
  ClientResponse existing = Post("Patient", body,
                                 {{"If-None-Exist",
                                   "identifier=https://lienthong.vn/fhir/sid/"
                                   "cccd%7C001080012345"}});
  EXPECT_EQ(existing.status, 200) << existing.body;
  EXPECT_EQ(Json(existing).get_string("id"), "pa");
  // No match: created, once.
  ClientResponse created =
      Post("Patient", body, {{"If-None-Exist", "identifier=urn:test:cond%7Cc-1"}});
  EXPECT_EQ(created.status, 201) << created.body;
  const std::string id(Json(created).get_string("id"));
  ClientResponse again =
      Post("Patient", body, {{"If-None-Exist", "identifier=urn:test:cond%7Cc-1"}});
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(Json(again).get_string("id"), id);
  // Several matches: 412.
  EXPECT_EQ(Post("Patient", body, {{"If-None-Exist", "gender=male"}}).status, 412);

  // Conditional update: the single match is updated.
  ClientResponse updated = Put(
      "Patient?identifier=urn:test:cond%7Cc-1",
      R"({"resourceType":"Patient","identifier":[{"system":"urn:test:cond","value":"c-1"}],"gender":"other"})");
  EXPECT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(Json(updated).get_string("id"), id);
  EXPECT_EQ(Json(updated).find("meta")->get_string("versionId"), "2");
  // No match: created.
  ClientResponse made =
      Put("Patient?identifier=urn:test:cond%7Cc-2",
          R"({"resourceType":"Patient","identifier":[{"system":"urn:test:cond","value":"c-2"}]})");
  EXPECT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(Put("Patient?gender=male", R"({"resourceType":"Patient"})").status, 412);

  // Conditional delete of several at once.
  ClientResponse deleted = Delete("Patient?identifier=urn:test:cond%7C");
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(Ids(Q("Patient", "identifier=urn:test:cond|")), std::set<std::string>{});
  EXPECT_EQ(Get("Patient/" + id).status, 410);
  // Unknown parameters are errors in conditional interactions.
  EXPECT_EQ(Delete("Patient?colour=blue").status, 400);
}

TEST_F(SearchTest, PatientCompartmentAndEverything) {
  EXPECT_EQ(Ids("Patient/pa/Observation"), (std::set<std::string>{"o1", "o3"}));
  EXPECT_EQ(Ids("Patient/pa/Observation?code=8867-4"), std::set<std::string>{"o1"});
  EXPECT_EQ(Ids("Patient/pb/Observation"), std::set<std::string>{"o2"});
  EXPECT_EQ(Ids("Patient/pa/RiskAssessment"), std::set<std::string>{"r1"});
  EXPECT_EQ(Ids("Patient/pa/Patient"), std::set<std::string>{"pa"});
  EXPECT_EQ(Ids("Patient/pa/ValueSet"), std::set<std::string>{});  // not in the compartment
  EXPECT_EQ(Ids("Patient/nobody/Observation"), std::set<std::string>{});

  ClientResponse all = Get("Patient/pa/$everything");
  ASSERT_EQ(all.status, 200) << all.body;
  std::set<std::string> got;
  const json::Value everything = Json(all);
  for (const auto& e : everything.find("entry")->members()) {
    const json::Value* r = e.value.find("resource");
    got.insert(std::string(r->get_string("resourceType")) + "/" + std::string(r->get_string("id")));
  }
  EXPECT_EQ(got, (std::set<std::string>{"Patient/pa", "Observation/o1", "Observation/o3",
                                        "RiskAssessment/r1"}));
  // _type and paging.
  ClientResponse typed = Get("Patient/pa/$everything?_type=Observation&_count=1");
  ASSERT_EQ(typed.status, 200);
  json::Value page = Json(typed);
  EXPECT_EQ(page.find("total")->text(), "2");
  ASSERT_EQ(page.find("entry")->size(), 1u);
  std::string next;
  for (const auto& link : page.find("link")->members()) {
    if (link.value.get_string("relation") == "next")
      next = std::string(link.value.get_string("url"));
  }
  ASSERT_FALSE(next.empty());
  ClientResponse second = client_->Send("GET", next.substr(next.find("/fhir/")));
  ASSERT_EQ(second.status, 200);
  json::Value page2 = Json(second);
  ASSERT_EQ(page2.find("entry")->size(), 1u);
  EXPECT_NE(page.find("entry")->at(0).find("resource")->get_string("id"),
            page2.find("entry")->at(0).find("resource")->get_string("id"));
  EXPECT_EQ(Get("Patient/nobody/$everything").status, 404);
}

// The entries of a search, in order, as "mode Type/id".
std::vector<std::string> Entries(SearchTest& test, const std::string& query) {
  ClientResponse r = test.client()->Send("GET", "/fhir/" + query);
  EXPECT_EQ(r.status, 200) << query << ": " << r.body;
  std::vector<std::string> out;
  Result<json::Value> bundle = json::Parse(r.body, {.max_depth = 1000});
  if (!bundle.ok()) return out;
  if (const json::Value* entries = bundle->find("entry")) {
    for (const auto& e : entries->members()) {
      const json::Value* res = e.value.find("resource");
      out.push_back(std::string(e.value.find("search")->get_string("mode")) + " " +
                    std::string(res->get_string("resourceType")) + "/" +
                    std::string(res->get_string("id")));
    }
  }
  return out;
}

TEST_F(SearchTest, SortsBySeveralKeysWithMissingValuesLast) {
  using V = std::vector<std::string>;
  const std::string four = "Patient?_id=pa,pb,pc,pd&";
  EXPECT_EQ(Entries(*this, four + "_sort=birthdate"),
            (V{"match Patient/pa", "match Patient/pb", "match Patient/pc", "match Patient/pd"}));
  EXPECT_EQ(Entries(*this, four + "_sort=-birthdate"),
            (V{"match Patient/pc", "match Patient/pb", "match Patient/pa", "match Patient/pd"}));
  // Đặng, Lê, Nguyễn, Trần: folded for sorting as for matching.
  EXPECT_EQ(Entries(*this, four + "_sort=family"),
            (V{"match Patient/pc", "match Patient/pd", "match Patient/pa", "match Patient/pb"}));
  EXPECT_EQ(Entries(*this, four + "_sort=gender,-birthdate"),
            (V{"match Patient/pb", "match Patient/pc", "match Patient/pa", "match Patient/pd"}));
  // Paging keeps the order.
  ClientResponse first = Get(four + "_sort=birthdate&_count=2");
  ASSERT_EQ(first.status, 200);
  json::Value page1 = Json(first);
  std::string next;
  for (const auto& link : page1.find("link")->members()) {
    if (link.value.get_string("relation") == "next")
      next = std::string(link.value.get_string("url"));
  }
  ASSERT_FALSE(next.empty());
  EXPECT_EQ(Entries(*this, next.substr(next.find("/fhir/") + 6)),
            (V{"match Patient/pc", "match Patient/pd"}));
  EXPECT_EQ(Get("Patient?_sort=colour").status, 400);
}

TEST_F(SearchTest, IncludesRevincludesAndReverseChains) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Entries(*this, "Observation?_id=o1,o2&_include=Observation:subject"),
            (V{"match Observation/o1", "match Observation/o2", "include Patient/pa",
               "include Patient/pb"}));
  EXPECT_EQ(Entries(*this, "Observation?code=8867-4&_include=Observation:subject:Patient"),
            (V{"match Observation/o1", "include Patient/pa"}));
  EXPECT_EQ(Entries(*this, "Observation?_id=o1&_include=*"),
            (V{"match Observation/o1", "include Patient/pa"}));
  EXPECT_EQ(Entries(*this, "Patient?_id=pa&_revinclude=Observation:subject"),
            (V{"match Patient/pa", "include Observation/o1", "include Observation/o3"}));
  EXPECT_EQ(Entries(*this,
                    "Patient?_id=pa&_revinclude=Observation:subject"
                    "&_revinclude=RiskAssessment:subject"),
            (V{"match Patient/pa", "include Observation/o1", "include Observation/o3",
               "include RiskAssessment/r1"}));
  // :iterate goes on from what was included: the risk assessment's patient,
  // then that patient's observations.
  EXPECT_EQ(Entries(*this,
                    "RiskAssessment?_id=r1&_include=RiskAssessment:subject"
                    "&_revinclude:iterate=Observation:subject"),
            (V{"match RiskAssessment/r1", "include Patient/pa", "include Observation/o1",
               "include Observation/o3"}));
  EXPECT_EQ(Entries(*this,
                    "RiskAssessment?_id=r1&_include=RiskAssessment:subject"
                    "&_revinclude=Observation:subject"),
            (V{"match RiskAssessment/r1", "include Patient/pa"}));

  EXPECT_EQ(Ids(Q("Patient", "_has:Observation:subject:code=8867-4")), std::set<std::string>{"pa"});
  EXPECT_EQ(Ids(Q("Patient", "_has:Observation:patient:status=preliminary")),
            std::set<std::string>{"pc"});
  EXPECT_EQ(Ids(Q("Patient", "_has:Observation:subject:status=final&gender=female")),
            std::set<std::string>{"pb"});
  // Nested: patients with an observation whose patient has a risk assessment.
  EXPECT_EQ(Ids(Q("Patient",
                  "_has:Observation:subject:patient._has:RiskAssessment:subject:"
                  "probability=0.25")),
            std::set<std::string>{"pa"});
  EXPECT_EQ(Get("Patient?_has:Observation:colour:code=1").status, 400);
  EXPECT_EQ(Get("Patient?_include=Patient:name").status, 400);
}

}  // namespace
}  // namespace lienthong::testing
