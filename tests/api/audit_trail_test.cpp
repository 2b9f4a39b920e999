// Every answered FHIR request (and every batch entry) leaves one AuditEvent
// in the trail, with its interaction, resource, patient and outcome, and
// `lienthong audit verify` finds the chain intact or names the broken line.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include "json/parser.h"
#include "support/command_run.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace lienthong::testing {
namespace {

namespace fs = std::filesystem;

std::vector<json::Value> TrailEvents(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir + "/audit")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<json::Value> events;
  for (const fs::path& f : files) {
    std::ifstream in(f);
    for (std::string line; std::getline(in, line);) {
      Result<json::Value> parsed = json::Parse(line, {.max_depth = 64});
      EXPECT_TRUE(parsed.ok());
      if (parsed.ok()) events.push_back(*parsed->find("event"));
    }
  }
  return events;
}

TEST(AuditTrailTest, EveryRequestLeavesOneEvent) {
  const std::string dir =
      (fs::temp_directory_path() / ("lienthong-audit-api-" + std::to_string(::getpid()))).string();
  fs::remove_all(dir);
  ServerProcess server(dir);
  ASSERT_TRUE(server.Start());
  HttpClient client("127.0.0.1", server.port());
  const std::vector<http::Header> json = {{"Content-Type", "application/fhir+json"}};
  EXPECT_EQ(client.Send("PUT", "/fhir/Patient/a1", R"({"resourceType":"Patient","id":"a1"})", json)
                .status,
            201);
  EXPECT_EQ(client.Send("GET", "/fhir/Patient/a1").status, 200);
  EXPECT_EQ(client.Send("GET", "/fhir/Observation?subject=Patient/a1").status, 200);
  EXPECT_EQ(client.Send("GET", "/fhir/Patient/missing").status, 404);
  EXPECT_EQ(client
                .Send("POST", "/fhir",
                      R"({"resourceType":"Bundle","type":"batch","entry":[
                            {"request":{"method":"GET","url":"Patient/a1"}},
                            {"request":{"method":"GET","url":"Observation?subject=Patient/a1"}}]})",
                      json)
                .status,
            200);
  EXPECT_EQ(server.Stop(), 0);

  const std::vector<json::Value> events = TrailEvents(dir);
  // Five requests, and the batch's two entries.
  ASSERT_EQ(events.size(), 7u);
  struct Expected {
    const char* interaction;
    const char* action;
    const char* outcome;
    const char* entity;
  };
  const Expected expected[] = {
      {"update", "U", "0", "Patient/a1"},       {"read", "R", "0", "Patient/a1"},
      {"search-type", "E", "0", "Observation"}, {"read", "R", "4", "Patient/missing"},
      {"read", "R", "0", "Patient/a1"},         {"search-type", "E", "0", "Observation"},
      {"batch-transaction", "E", "0", ""},
  };
  for (size_t i = 0; i < events.size(); ++i) {
    SCOPED_TRACE(i);
    const json::Value& e = events[i];
    EXPECT_EQ(e.get_string("resourceType"), "AuditEvent");
    EXPECT_EQ(e.find("subtype")->at(0).get_string("code"), expected[i].interaction);
    EXPECT_EQ(e.get_string("action"), expected[i].action);
    EXPECT_EQ(e.get_string("outcome"), expected[i].outcome);
    EXPECT_EQ(e.find("agent")->at(0).find("network")->get_string("address"), "127.0.0.1");
    const json::Value* entities = e.find("entity");
    if (expected[i].entity[0] != '\0') {
      ASSERT_NE(entities, nullptr);
      EXPECT_EQ(entities->at(0).find("what")->get_string("reference"), expected[i].entity);
    }
  }
  // A read of a Patient names the patient.
  EXPECT_EQ(events[1].find("entity")->at(1).find("what")->get_string("reference"), "Patient/a1");

  CommandRun intact = RunLienthong("audit verify --data-dir " + dir);
  EXPECT_EQ(intact.exit_code, 0) << intact.output;
  EXPECT_NE(intact.output.find("intact: 7 lines"), std::string::npos) << intact.output;
  // Change one line: verify names the file and line.
  fs::path file;
  for (const auto& e : fs::directory_iterator(dir + "/audit")) file = e.path();
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  in.close();
  lines[2].replace(lines[2].find("\"outcome\":\"0\""), 13, "\"outcome\":\"4\"");
  std::ofstream out(file, std::ios::trunc);
  for (const std::string& l : lines) out << l << "\n";
  out.close();
  CommandRun broken = RunLienthong("audit verify --data-dir " + dir);
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.output.find(file.string() + " line 3"), std::string::npos) << broken.output;
  fs::remove_all(dir);
  fs::remove(dir + ".log");
}

}  // namespace
}  // namespace lienthong::testing
