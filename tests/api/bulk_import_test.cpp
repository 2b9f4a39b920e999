// Bulk import ($import, $import-status, $import-file) against the real server:
// file inputs from the import folder, loopback HTTP inputs from another
// server's $export, skipping and rejecting invalid lines, and refused requests.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "json/parser.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace lienthong::testing {
namespace {

namespace fs = std::filesystem;

const char* kPatients =
    R"({"resourceType":"Patient","id":"imp-1","gender":"female","birthDate":"1980-02-03"}
{"resourceType":"Patient","id":"imp-2","gender":"nữ"}
not json at all
{"resourceType":"Patient","id":"imp-3","name":[{"family":"Trần","given":["Thị","Lan"]}]}
)";

const char* kObservations =
    R"({"resourceType":"Observation","id":"obs-1","status":"final","code":{"text":"Mạch"},"subject":{"reference":"Patient/imp-1"}}
{"resourceType":"Patient","id":"imp-4"}
)";

class BulkImportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = fs::temp_directory_path() / ("lienthong-import-op-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "import");
    Write("patients.ndjson", kPatients);
    Write("observations.ndjson", kObservations);
    Write("valid.ndjson", R"({"resourceType":"Patient","id":"ok-5","gender":"male"})"
                          "\n");
    std::ofstream(root_ / "outside.ndjson") << R"({"resourceType":"Patient","id":"x"})"
                                            << "\n";
    server_ = std::make_unique<ServerProcess>(
        (root_ / "store").string(),
        std::vector<std::string>{"--import-dir", (root_ / "import").string()});
    ASSERT_TRUE(server_->Start()) << "see " << server_->log_path();
  }
  static void TearDownTestSuite() {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0);
    }
    server_.reset();
    fs::remove_all(root_);
  }
  void SetUp() override { client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port()); }

  static void Write(const std::string& name, const std::string& text) {
    std::ofstream(root_ / "import" / name) << text;
  }
  static std::string FileUrl(const std::string& name) {
    return "file://" + (root_ / "import" / name).string();
  }
  static std::string Input(const std::string& type, const std::string& url) {
    return fmt::format(
        R"({{"name":"input","part":[{{"name":"type","valueCode":"{}"}},{{"name":"url","valueUri":"{}"}}]}})",
        type, url);
  }
  static std::string Parameters(const std::vector<std::string>& inputs,
                                const std::string& on_invalid = "") {
    std::string params = R"({"name":"inputFormat","valueCode":"application/fhir+ndjson"})";
    for (const std::string& i : inputs) params += "," + i;
    if (!on_invalid.empty()) {
      params += fmt::format(R"(,{{"name":"onInvalid","valueCode":"{}"}})", on_invalid);
    }
    return R"({"resourceType":"Parameters","parameter":[)" + params + "]}";
  }

  ClientResponse KickOff(const std::string& body, bool async = true) {
    std::vector<http::Header> headers = {{"Content-Type", "application/fhir+json"}};
    if (async) headers.push_back({"Prefer", "respond-async"});
    return client_->Send("POST", "/fhir/$import", body, headers);
  }
  static std::string StatusPath(const ClientResponse& r) {
    const std::string location(r.header("Content-Location"));
    const size_t at = location.find("/fhir/");
    return at == std::string::npos ? "" : location.substr(at);
  }
  // Polls until the job is finished; returns the final answer.
  ClientResponse Wait(const std::string& status_path) {
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    ClientResponse r;
    while (std::chrono::steady_clock::now() < limit) {
      r = client_->Send("GET", status_path);
      if (r.status != 202) return r;
      EXPECT_FALSE(r.header("X-Progress").empty());
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "import did not finish in time";
    return r;
  }
  int Status(const std::string& path) { return client_->Send("GET", "/fhir/" + path).status; }
  static json::Value Json(const ClientResponse& r) {
    Result<json::Value> parsed = json::Parse(r.body, {.max_depth = 100});
    EXPECT_TRUE(parsed.ok()) << r.body.substr(0, 300);
    return parsed.ok() ? std::move(parsed.value()) : json::Value();
  }

  static inline fs::path root_;
  static inline std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(BulkImportTest, SkipsInvalidLinesAndReportsEachWithItsPlace) {
  ClientResponse kick = KickOff(Parameters({Input("Patient", FileUrl("patients.ndjson")),
                                            Input("Observation", FileUrl("observations.ndjson"))}));
  ASSERT_EQ(kick.status, 202) << kick.body;
  ClientResponse done = Wait(StatusPath(kick));
  ASSERT_EQ(done.status, 200) << done.body;
  json::Value manifest = Json(done);
  const json::Value* output = manifest.find("output");
  ASSERT_NE(output, nullptr);
  ASSERT_EQ(output->size(), 2u);
  EXPECT_EQ(output->at(0).get_string("type"), "Patient");
  EXPECT_EQ(output->at(0).get_string("inputUrl"), FileUrl("patients.ndjson"));
  EXPECT_EQ(output->at(0).find("count")->text(), "2");
  EXPECT_EQ(output->at(1).find("count")->text(), "1");

  EXPECT_EQ(Status("Patient/imp-1"), 200);
  EXPECT_EQ(Status("Patient/imp-2"), 404);
  EXPECT_EQ(Status("Patient/imp-3"), 200);
  EXPECT_EQ(Status("Observation/obs-1"), 200);
  // A Patient in an input declared as Observation is refused.
  EXPECT_EQ(Status("Patient/imp-4"), 404);

  // The error file: one OperationOutcome per bad line, with input and line.
  const json::Value* errors = manifest.find("error");
  ASSERT_NE(errors, nullptr);
  ASSERT_EQ(errors->size(), 1u);
  EXPECT_EQ(errors->at(0).get_string("type"), "OperationOutcome");
  const std::string url(errors->at(0).get_string("url"));
  ClientResponse file = client_->Send("GET", url.substr(url.find("/fhir/")));
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.header("Content-Type"), "application/fhir+ndjson");
  std::istringstream lines(file.body);
  std::string line;
  std::vector<std::string> diagnostics;
  while (std::getline(lines, line)) {
    Result<json::Value> outcome = json::Parse(line);
    ASSERT_TRUE(outcome.ok());
    EXPECT_EQ(outcome->get_string("resourceType"), "OperationOutcome");
    diagnostics.push_back(std::string(outcome->find("issue")->at(0).get_string("diagnostics")));
  }
  ASSERT_EQ(diagnostics.size(), 3u) << file.body;
  EXPECT_NE(diagnostics[0].find("patients.ndjson line 2"), std::string::npos);
  EXPECT_NE(diagnostics[1].find("patients.ndjson line 3"), std::string::npos);
  EXPECT_NE(diagnostics[2].find("observations.ndjson line 2"), std::string::npos);
  EXPECT_NE(file.body.find("Patient.gender"), std::string::npos);
  EXPECT_EQ(file.body.find("nữ"), std::string::npos) << "resource content in the report";
}

TEST_F(BulkImportTest, RejectWritesNothingWhenAnyLineIsInvalid) {
  Write("reject.ndjson", R"({"resourceType":"Patient","id":"rej-1"}
{"resourceType":"Patient","id":"rej-2","birthDate":"1990-13-45"}
)");
  ClientResponse kick = KickOff(Parameters(
      {Input("Patient", FileUrl("valid.ndjson")), Input("Patient", FileUrl("reject.ndjson"))},
      "reject"));
  ASSERT_EQ(kick.status, 202) << kick.body;
  ClientResponse done = Wait(StatusPath(kick));
  EXPECT_EQ(done.status, 422) << done.body;
  json::Value outcome = Json(done);
  EXPECT_EQ(outcome.get_string("resourceType"), "OperationOutcome");
  EXPECT_NE(done.body.find("reject.ndjson line 2"), std::string::npos) << done.body;
  EXPECT_NE(done.body.find("Patient.birthDate"), std::string::npos) << done.body;
  EXPECT_EQ(Status("Patient/ok-5"), 404) << "a rejected import wrote a valid line";
  EXPECT_EQ(Status("Patient/rej-1"), 404);

  // Without the bad file the same request imports.
  ClientResponse again = KickOff(Parameters({Input("Patient", FileUrl("valid.ndjson"))}, "reject"));
  ASSERT_EQ(again.status, 202);
  EXPECT_EQ(Wait(StatusPath(again)).status, 200);
  EXPECT_EQ(Status("Patient/ok-5"), 200);
}

TEST_F(BulkImportTest, ImportsAnotherServersExportOverLoopback) {
  // A second server holds the source data and exports it.
  const fs::path source_dir = root_ / "source";
  ServerProcess source(source_dir.string());
  ASSERT_TRUE(source.Start());
  HttpClient src("127.0.0.1", source.port());
  for (int i = 0; i < 30; ++i) {
    const std::string body = fmt::format(
        R"({{"resourceType":"Patient","id":"loop-{}","name":[{{"family":"Lê","given":["Văn"]}}]}})",
        i);
    ASSERT_EQ(src.Send("PUT", fmt::format("/fhir/Patient/loop-{}", i), body,
                       {{"Content-Type", "application/fhir+json"}})
                  .status,
              201);
  }
  ClientResponse exported = src.Send("GET", "/fhir/$export", {}, {{"Prefer", "respond-async"}});
  ASSERT_EQ(exported.status, 202);
  ClientResponse manifest;
  for (int tries = 0; tries < 3000; ++tries) {
    manifest = src.Send("GET", StatusPath(exported));
    if (manifest.status != 202) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(manifest.status, 200);
  // The export's files become the inputs of a JSON-manifest $import request.
  std::string inputs;
  const json::Value manifest_json = Json(manifest);
  const json::Value* files = manifest_json.find("output");
  ASSERT_NE(files, nullptr);
  for (const auto& f : files->members()) {
    inputs += fmt::format(R"({}{{"type":"{}","url":"{}"}})", inputs.empty() ? "" : ",",
                          f.value.get_string("type"), f.value.get_string("url"));
  }
  ClientResponse kick = KickOff(R"({"inputFormat":"application/fhir+ndjson","input":[)" + inputs +
                                R"(],"onInvalid":"reject"})");
  ASSERT_EQ(kick.status, 202) << kick.body;
  ClientResponse done = Wait(StatusPath(kick));
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Json(done).find("output")->at(0).find("count")->text(), "30");
  for (int i = 0; i < 30; ++i) {
    ClientResponse mine = client_->Send("GET", fmt::format("/fhir/Patient/loop-{}", i));
    ClientResponse theirs = src.Send("GET", fmt::format("/fhir/Patient/loop-{}", i));
    ASSERT_EQ(mine.status, 200);
    // Imported resources keep their id and content (meta is the new store's).
    json::Value a = Json(mine), b = Json(theirs);
    a.erase("meta");
    b.erase("meta");
    EXPECT_EQ(a, b);
  }
  EXPECT_EQ(source.Stop(), 0);
}

TEST_F(BulkImportTest, RefusesUnsafeOrMalformedRequestsAtOnce) {
  struct Case {
    std::string body;
    bool async;
    int status;
    std::string says;
  };
  const std::vector<Case> cases = {
      {Parameters({Input("Patient", FileUrl("valid.ndjson"))}), false, 400, "respond-async"},
      {Parameters({Input("Patient", "file://" + (root_ / "outside.ndjson").string())}), true, 400,
       "inside the server's import folder"},
      {Parameters({Input("Patient", FileUrl("../outside.ndjson"))}), true, 400,
       "inside the server's import folder"},
      {Parameters({Input("Patient", "file:///etc/passwd")}), true, 400, "import folder"},
      {Parameters({Input("Patient", "http://192.0.2.10/Patient.ndjson")}), true, 400, "loopback"},
      {Parameters({Input("Patient", "https://example.org/Patient.ndjson")}), true, 400, "file://"},
      {Parameters({Input("Patient", FileUrl("missing.ndjson"))}), true, 400, "no file"},
      {Parameters({Input("Patiente", FileUrl("valid.ndjson"))}), true, 400, "resource type"},
      {Parameters({}), true, 400, "at least one input"},
      {Parameters({Input("Patient", FileUrl("valid.ndjson"))}, "maybe"), true, 400,
       "skip or reject"},
      {R"({"resourceType":"Parameters","parameter":[{"name":"since","valueString":"x"}]})", true,
       400, "not supported"},
      {R"({"resourceType":"Patient"})", true, 400, "Parameters"},
      {"{", true, 400, ""},
  };
  for (const Case& c : cases) {
    ClientResponse r = KickOff(c.body, c.async);
    EXPECT_EQ(r.status, c.status) << c.body << "\n" << r.body;
    EXPECT_NE(r.body.find("OperationOutcome"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find(c.says), std::string::npos) << c.body << "\n" << r.body;
  }
  EXPECT_EQ(client_->Send("GET", "/fhir/$import").status, 405);
  EXPECT_EQ(client_->Send("GET", "/fhir/$import-status/nope").status, 404);
  EXPECT_EQ(client_->Send("GET", "/fhir/$import-file/nope/..%2F..%2Fetc.ndjson").status, 404);
}

TEST_F(BulkImportTest, DeleteRemovesAFinishedJob) {
  ClientResponse kick = KickOff(Parameters({Input("Patient", FileUrl("valid.ndjson"))}));
  ASSERT_EQ(kick.status, 202);
  const std::string status_path = StatusPath(kick);
  EXPECT_EQ(Wait(status_path).status, 200);
  EXPECT_EQ(client_->Send("DELETE", status_path).status, 202);
  EXPECT_EQ(client_->Send("GET", status_path).status, 404);
}

TEST_F(BulkImportTest, CapabilityStatementListsImport) {
  ClientResponse r = client_->Send("GET", "/fhir/metadata");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(R"("name":"import")"), std::string::npos);
}

}  // namespace
}  // namespace lienthong::testing
