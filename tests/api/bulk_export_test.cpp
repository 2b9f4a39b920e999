// Bulk Data export ($export, $export-status, $export-file) against the real server.
#include <fmt/format.h>

#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "api_fixture.h"
#include "json/writer.h"

namespace lienthong::testing {
namespace {

class BulkExportTest : public ApiTest {
 protected:
  static std::vector<http::Header> Async() { return {{"Prefer", "respond-async"}}; }

  // Creates a resource with a server-assigned id; returns the id.
  std::string Create(const std::string& type, const std::string& body) {
    ClientResponse r = Post(type, body);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(Json(r).get_string("id"));
  }

  // Kicks off an export; returns the status URL path (below /fhir/), or "".
  std::string KickOff(const std::string& query, const std::string& operation = "$export") {
    ClientResponse r = Get(operation + query, Async());
    EXPECT_EQ(r.status, 202) << r.body;
    const std::string location(r.header("Content-Location"));
    const size_t at = location.find("/fhir/");
    EXPECT_NE(at, std::string::npos) << location;
    return at == std::string::npos ? "" : location.substr(at + 6);
  }

  // Polls the status URL until the export is complete; returns the manifest.
  json::Value WaitForManifest(const std::string& status_path) {
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < limit) {
      ClientResponse r = Get(status_path);
      if (r.status == 200) {
        EXPECT_NE(r.header("Content-Type").find("application/json"), std::string::npos);
        return Json(r);
      }
      EXPECT_EQ(r.status, 202) << r.body;
      if (r.status != 202) return json::Value();
      EXPECT_FALSE(r.header("X-Progress").empty());
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "export did not complete in time";
    return json::Value();
  }

  // Every resource of the export, as "Type/id" -> line, fetched through the
  // manifest's URLs; checks each file's type and count.
  std::map<std::string, std::string> Fetch(const json::Value& manifest) {
    std::map<std::string, std::string> out;
    const json::Value* output = manifest.find("output");
    if (output == nullptr) {
      ADD_FAILURE() << "manifest without output";
      return out;
    }
    for (size_t i = 0; i < output->size(); ++i) {
      const json::Value& file = output->at(i);
      const std::string url(file.get_string("url"));
      const size_t at = url.find("/fhir/");
      ClientResponse r = Get(url.substr(at + 6));
      EXPECT_EQ(r.status, 200) << url;
      EXPECT_EQ(r.header("Content-Type"), "application/fhir+ndjson");
      std::istringstream lines(r.body);
      std::string line;
      int64_t count = 0;
      while (std::getline(lines, line)) {
        Result<json::Value> resource = json::Parse(line);
        EXPECT_TRUE(resource.ok()) << line.substr(0, 200);
        if (!resource.ok()) continue;
        EXPECT_EQ(resource->get_string("resourceType"), file.get_string("type"));
        out[std::string(resource->get_string("resourceType")) + "/" +
            std::string(resource->get_string("id"))] = line;
        ++count;
      }
      EXPECT_EQ(file.find("count")->text(), std::to_string(count)) << url;
    }
    return out;
  }

  static std::set<std::string> Keys(const std::map<std::string, std::string>& m) {
    std::set<std::string> keys;
    for (const auto& [k, v] : m) keys.insert(k);
    return keys;
  }
};

TEST_F(BulkExportTest, PatientAndGroupExportKeepToThePatientsCompartments) {
  const std::string p1 = Create("Patient", R"({"resourceType":"Patient","gender":"male"})");
  const std::string p2 = Create("Patient", R"({"resourceType":"Patient","gender":"female"})");
  const std::string p3 = Create("Patient", R"({"resourceType":"Patient","gender":"other"})");
  auto observation = [&](const std::string& patient) {
    return Create("Observation", fmt::format(R"({{"resourceType":"Observation","status":"final",
        "code":{{"text":"Mạch"}},"subject":{{"reference":"Patient/{}"}}}})",
                                             patient));
  };
  const std::string o1 = observation(p1);
  const std::string o2 = observation(p2);
  const std::string e3 =
      Create("Encounter", fmt::format(R"({{"resourceType":"Encounter","status":"finished",
        "class":{{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"}},
        "subject":{{"reference":"Patient/{}"}}}})",
                                      p3));
  const std::string org =
      Create("Organization", R"({"resourceType":"Organization","name":"Bệnh viện huyện"})");
  const std::string group =
      Create("Group", fmt::format(R"({{"resourceType":"Group","type":"person","actual":true,
        "member":[{{"entity":{{"reference":"Patient/{}"}}}},{{"entity":{{"reference":"Patient/{}"}}}}]}})",
                                  p1, p3));

  const std::set<std::string> everyone =
      Keys(Fetch(WaitForManifest(KickOff("", "Patient/$export"))));
  for (const std::string& k : {"Patient/" + p1, "Patient/" + p2, "Patient/" + p3,
                               "Observation/" + o1, "Observation/" + o2, "Encounter/" + e3}) {
    EXPECT_TRUE(everyone.count(k)) << k;
  }
  EXPECT_FALSE(everyone.count("Organization/" + org)) << "not in the Patient compartment";
  // Group is in the Patient compartment (through Group.member).
  EXPECT_TRUE(everyone.count("Group/" + group));

  EXPECT_EQ(Keys(Fetch(WaitForManifest(KickOff("", "Group/" + group + "/$export")))),
            (std::set<std::string>{"Patient/" + p1, "Patient/" + p3, "Observation/" + o1,
                                   "Encounter/" + e3, "Group/" + group}));
  EXPECT_EQ(
      Keys(Fetch(WaitForManifest(KickOff("?_type=Observation", "Group/" + group + "/$export")))),
      std::set<std::string>{"Observation/" + o1});
}

TEST_F(BulkExportTest, ExportsEveryCurrentResourceAndHonoursTypeAndSince) {
  std::set<std::string> written;
  for (int i = 0; i < 5; ++i) {
    written.insert("Patient/" + Create("Patient", fmt::format(R"({{"resourceType":"Patient",
        "name":[{{"family":"Nguyen{}"}}]}})",
                                                              i)));
  }
  for (int i = 0; i < 3; ++i) {
    written.insert("Observation/" + Create("Observation", R"({"resourceType":"Observation",
        "status":"final","code":{"text":"weight"}})"));
  }
  written.insert("Organization/" +
                 Create("Organization", R"({"resourceType":"Organization","name":"Tram Y te"})"));
  // A deleted resource is not exported.
  const std::string gone = Create("Patient", R"({"resourceType":"Patient"})");
  ASSERT_EQ(Delete("Patient/" + gone).status / 100, 2);

  const json::Value manifest = WaitForManifest(KickOff(""));
  EXPECT_FALSE(manifest.get_string("transactionTime").empty());
  EXPECT_EQ(manifest.find("requiresAccessToken")->as_bool(), false);
  EXPECT_NE(manifest.get_string("request").find("/fhir/$export"), std::string::npos);
  EXPECT_TRUE(manifest.find("error")->is_array());
  std::map<std::string, std::string> all = Fetch(manifest);
  EXPECT_EQ(Keys(all), written);

  // _type: only the types asked for.
  std::set<std::string> patients_and_orgs;
  for (const std::string& k : written) {
    if (!k.starts_with("Observation/")) patients_and_orgs.insert(k);
  }
  EXPECT_EQ(Keys(Fetch(WaitForManifest(KickOff("?_type=Patient,Organization")))),
            patients_and_orgs);

  // _since: only what changed at or after the instant.
  const std::string since(manifest.get_string("transactionTime"));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const std::string later =
      "Patient/" + Create("Patient", R"({"resourceType":"Patient","gender":"female"})");
  EXPECT_EQ(Keys(Fetch(WaitForManifest(
                KickOff("?_since=" + since + "&_outputFormat=" + "application%2Ffhir%2Bndjson")))),
            std::set<std::string>{later});
}

TEST_F(BulkExportTest, RefusesBadKickOffs) {
  // Without Prefer: respond-async.
  ClientResponse r = Get("$export");
  EXPECT_EQ(r.status, 400);
  ExpectOutcome(r);
  r = Get("$export?_outputFormat=text%2Fcsv", Async());
  EXPECT_EQ(r.status, 400);
  ExpectOutcome(r);
  r = Get("$export?_type=Patient,NoSuchType", Async());
  EXPECT_EQ(r.status, 400);
  ExpectOutcome(r);
  r = Get("$export?_since=yesterday", Async());
  EXPECT_EQ(r.status, 400);
  // A zone offset whose '+' the client did not encode is still read as one.
  r = Get("$export?_type=Device&_since=2999-01-01T00:00:00+07:00", Async());
  EXPECT_EQ(r.status, 202) << r.body;
  // Group export needs the group; Patient export only compartment types.
  r = Get("Group/no-such-group/$export", Async());
  EXPECT_EQ(r.status, 404);
  ExpectOutcome(r);
  r = Get("Patient/$export?_type=Organization", Async());
  EXPECT_EQ(r.status, 400);
  ExpectOutcome(r);
  r = Get("Observation/$export", Async());
  EXPECT_EQ(r.status, 404);
  ExpectOutcome(r);
}

TEST_F(BulkExportTest, UnknownJobsAndFilesAreNotFound) {
  EXPECT_EQ(Get("$export-status/0192a5c4-0000-7000-8000-000000000000").status, 404);
  EXPECT_EQ(Get("$export-status/..").status, 404);
  EXPECT_EQ(Delete("$export-status/0192a5c4-0000-7000-8000-000000000000").status, 404);

  Create("Patient", R"({"resourceType":"Patient"})");
  const std::string status = KickOff("?_type=Patient");
  const json::Value manifest = WaitForManifest(status);
  const std::string job = status.substr(status.rfind('/') + 1);
  EXPECT_EQ(Get("$export-file/" + job + "/Patient.000.ndjson").status, 200);
  EXPECT_EQ(Get("$export-file/" + job + "/Observation.000.ndjson").status, 404);
  // Attempts to leave the export folder.
  for (const std::string& bad : std::vector<std::string>{
           "$export-file/" + job + "/..%2F..%2FCURRENT", "$export-file/" + job + "/..",
           "$export-file/" + job + "/%2E%2E%2FPatient.000.ndjson", "$export-file/../CURRENT",
           "$export-file/..%2F" + job + "/Patient.000.ndjson",
           "$export-file/" + job + "/Patient.000.ndjson%00"}) {
    const int code = Get(bad).status;
    EXPECT_TRUE(code == 404 || code == 400) << bad << " answered " << code;
  }
}

TEST_F(BulkExportTest, DeleteCancelsAndRemovesTheJob) {
  for (int i = 0; i < 20; ++i) Create("Patient", R"({"resourceType":"Patient"})");
  const std::string status = KickOff("");
  ClientResponse r = Delete(status);
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(Get(status).status, 404);
  EXPECT_EQ(Delete(status).status, 404);

  // A completed job: its files go with it.
  const std::string done = KickOff("?_type=Patient");
  WaitForManifest(done);
  const std::string job = done.substr(done.rfind('/') + 1);
  ASSERT_EQ(Get("$export-file/" + job + "/Patient.000.ndjson").status, 200);
  EXPECT_EQ(Delete(done).status, 202);
  EXPECT_EQ(Get(done).status, 404);
  EXPECT_EQ(Get("$export-file/" + job + "/Patient.000.ndjson").status, 404);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(std::filesystem::exists(data_dir_ + "/exports/" + job));
}

TEST_F(BulkExportTest, CapabilityStatementNamesTheOperation) {
  ClientResponse r = Get("metadata");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export"),
            std::string::npos);
}

}  // namespace
}  // namespace lienthong::testing
