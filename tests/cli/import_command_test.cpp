// lienthong import: bundles and NDJSON into a store that is not being served.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "json/parser.h"
#include "support/command_run.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace lienthong::testing {
namespace {

namespace fs = std::filesystem;

class ImportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("lienthong-import-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(ImportCommandTest, LoadsBulkNdjsonAndReportsBadLinesWithTheirPlace) {
  const fs::path data = root_ / "store";
  const fs::path extra = root_ / "extra.ndjson";
  {
    std::ofstream out(extra);
    out << R"({"resourceType":"Patient","id":"ok-1","gender":"female"})"
        << "\n"
        << R"({"resourceType":"Patient","id":"bad-1","gender":"nữ"})"
        << "\n"
        << "not json\n"
        << R"({"resourceType":"Patient","gender":"male"})"
        << "\n";
  }
  const std::string bulk = std::string(LIENTHONG_SOURCE_DIR) + "/data/synthea/bulk-ndjson";
  CommandRun run =
      RunLienthong(fmt::format("import --data-dir {} {} {}", data.string(), bulk, extra.string()));
  // Bad lines were skipped: exit status 2, each named with file and line.
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("extra.ndjson:2:"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("extra.ndjson:3:"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("extra.ndjson:4:"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("at Patient.gender"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("nữ"), std::string::npos) << "patient data in the report";
  // log.ndjson in the data set is an export log, not FHIR: its 4 lines are refused.
  EXPECT_NE(run.output.find("imported 7161 resources"), std::string::npos) << run.output;

  ServerProcess server(data.string());
  ASSERT_TRUE(server.Start());
  HttpClient client("127.0.0.1", server.port());
  EXPECT_EQ(client.Send("GET", "/fhir/Patient/ok-1").status, 200);
  EXPECT_EQ(client.Send("GET", "/fhir/Patient/bad-1").status, 404);
  // Every Patient line of the bulk file is readable under its own id.
  std::ifstream patients(bulk + "/Patient.000.ndjson");
  std::string line;
  int checked = 0;
  while (std::getline(patients, line)) {
    Result<json::Value> p = json::Parse(line);
    ASSERT_TRUE(p.ok());
    ClientResponse r = client.Send("GET", "/fhir/Patient/" + std::string(p->get_string("id")));
    EXPECT_EQ(r.status, 200);
    ++checked;
  }
  EXPECT_EQ(checked, 13);
  // The store is locked while served: import refuses instead of corrupting it.
  CommandRun locked =
      RunLienthong(fmt::format("import --data-dir {} {}", data.string(), extra.string()));
  EXPECT_EQ(locked.exit_code, 1) << locked.output;
  EXPECT_EQ(server.Stop(), 0);
}

TEST_F(ImportCommandTest, LoadsTransactionBundles) {
  const fs::path data = root_ / "store";
  const std::string bundles = std::string(LIENTHONG_SOURCE_DIR) + "/data/synthea/bundles";
  CommandRun run = RunLienthong(fmt::format("import --data-dir {} {}", data.string(), bundles));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("from 42 files"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace lienthong::testing
