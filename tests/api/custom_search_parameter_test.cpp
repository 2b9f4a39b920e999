// Custom search parameters: a SearchParameter stored on the server takes
// effect at $reindex, indexes what was written before and everything written
// after, is listed in the CapabilityStatement, and survives a restart.
#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "api/api_fixture.h"

namespace lienthong::testing {
namespace {

constexpr char kEthnicity[] = "http://fhir.hl7.org.vn/core/StructureDefinition/vn-core-ethnicity";

std::string PatientWithEthnicity(const std::string& id, const std::string& code) {
  return R"({"resourceType":"Patient","id":")" + id + R"(","extension":[{"url":")" + kEthnicity +
         R"(","valueCodeableConcept":{"coding":[{"system":"urn:oid:1.2.3","code":")" + code +
         R"("}]}}]})";
}

class CustomSearchParameterTest : public ApiTest {
 protected:
  // The matches of a search, and whether its Bundle warned that the index
  // is incomplete.
  std::set<std::string> Ids(const std::string& query, bool* incomplete = nullptr) {
    if (incomplete != nullptr) {
      const ClientResponse r = Get(query);
      *incomplete = r.body.find(R"("code":"incomplete")") != std::string::npos;
    }
    return MatchIds(query);
  }
  // Runs $reindex to the end; returns the final status answer.
  ClientResponse Reindex() {
    ClientResponse kick =
        client_->Send("POST", "/fhir/$reindex", {}, {{"Prefer", "respond-async"}});
    if (kick.status != 202) return kick;
    const std::string location(kick.header("Content-Location"));
    const std::string path = location.substr(location.find("/fhir/"));
    ClientResponse r;
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < limit) {
      r = client_->Send("GET", path);
      if (r.status != 202) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return r;
  }
};

TEST_F(CustomSearchParameterTest, TakesEffectAtReindexAndIndexesEveryWriteAfter) {
  ASSERT_EQ(Put("Patient/kinh-1", PatientWithEthnicity("kinh-1", "01")).status, 201);
  ASSERT_EQ(Put("Patient/khmer-1", PatientWithEthnicity("khmer-1", "51")).status, 201);
  const std::string sp = R"({"resourceType":"SearchParameter","id":"patient-ethnicity",
      "url":"http://example.org/SearchParameter/patient-ethnicity","name":"ethnicity",
      "status":"active","description":"Ethnic group","code":"ethnicity","base":["Patient"],
      "type":"token","expression":"Patient.extension.where(url='http://fhir.hl7.org.vn/core/StructureDefinition/vn-core-ethnicity').value"})";
  ASSERT_EQ(Put("SearchParameter/patient-ethnicity", sp).status, 201);

  // Stored, but not taken up yet: an unknown parameter.
  EXPECT_EQ(Get("Patient?ethnicity=51", {{"Prefer", "handling=strict"}}).status, 400);

  ClientResponse done = Reindex();
  ASSERT_EQ(done.status, 200) << done.body;
  bool incomplete = true;
  EXPECT_EQ(Ids("Patient?ethnicity=51", &incomplete), std::set<std::string>{"khmer-1"});
  EXPECT_FALSE(incomplete);
  EXPECT_EQ(Ids("Patient?ethnicity=urn:oid:1.2.3|01"), std::set<std::string>{"kinh-1"});

  // Written after: indexed by its own write.
  ASSERT_EQ(Put("Patient/khmer-2", PatientWithEthnicity("khmer-2", "51")).status, 201);
  ASSERT_EQ(Put("Patient/kinh-1", PatientWithEthnicity("kinh-1", "51")).status, 200);
  EXPECT_EQ(Ids("Patient?ethnicity=51"), (std::set<std::string>{"khmer-1", "khmer-2", "kinh-1"}));
  EXPECT_TRUE(Ids("Patient?ethnicity=01").empty());

  // The CapabilityStatement lists it for Patient.
  ClientResponse cs = Get("metadata");
  EXPECT_NE(cs.body.find("http://example.org/SearchParameter/patient-ethnicity"),
            std::string::npos);

  // After a restart it is still in use, and the index still covers the store.
  ASSERT_EQ(server_->Stop(), 0);
  ASSERT_TRUE(server_->Start());
  client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
  EXPECT_EQ(Ids("Patient?ethnicity=51", &incomplete),
            (std::set<std::string>{"khmer-1", "khmer-2", "kinh-1"}));
  EXPECT_FALSE(incomplete);

  // A parameter stored and then taken up at a start, without a reindex:
  // searches say the index is incomplete until $reindex has run.
  const std::string birth_year = R"({"resourceType":"SearchParameter","id":"patient-birth-year",
      "url":"http://example.org/SearchParameter/patient-birth-year","name":"birthyear",
      "status":"active","description":"Birth date again","code":"born","base":["Patient"],
      "type":"date","expression":"Patient.birthDate"})";
  ASSERT_EQ(Put("SearchParameter/patient-birth-year", birth_year).status, 201);
  ASSERT_EQ(server_->Stop(), 0);
  ASSERT_TRUE(server_->Start());
  client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
  Ids("Patient?ethnicity=51", &incomplete);
  EXPECT_TRUE(incomplete);
  ASSERT_EQ(Reindex().status, 200);
  Ids("Patient?ethnicity=51", &incomplete);
  EXPECT_FALSE(incomplete);
}

TEST_F(CustomSearchParameterTest, OneThatCannotBeUsedIsRefusedAtReindex) {
  const std::string bad = R"({"resourceType":"SearchParameter","id":"bad-one",
      "url":"http://example.org/SearchParameter/bad-one","name":"bad","status":"active",
      "description":"A code Patient already has","code":"gender","base":["Patient"],
      "type":"token","expression":"Patient.gender"})";
  ASSERT_EQ(Put("SearchParameter/bad-one", bad).status, 201);
  ClientResponse r = client_->Send("POST", "/fhir/$reindex", {}, {{"Prefer", "respond-async"}});
  EXPECT_EQ(r.status, 422) << r.body;
  json::Value outcome = ExpectOutcome(r);
  EXPECT_NE(r.body.find("bad-one"), std::string::npos) << r.body;
  // Retired, it is left out and the reindex goes ahead.
  std::string retired = bad;
  retired.replace(retired.find("\"active\""), 8, "\"retired\"");
  ASSERT_EQ(Put("SearchParameter/bad-one", retired).status, 200);
  ClientResponse done = Reindex();
  EXPECT_EQ(done.status, 200) << done.body;
}

}  // namespace
}  // namespace lienthong::testing
