// lienthong export: a store's resources as NDJSON, and the round trip
// import -> export -> import into a fresh store -> export.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "json/parser.h"
#include "json/writer.h"
#include "support/command_run.h"

namespace lienthong::testing {
namespace {

namespace fs = std::filesystem;

// Every resource in the NDJSON files of `dir`, as "Type/id" -> the resource
// without meta.versionId and meta.lastUpdated (which a new store assigns anew).
std::map<std::string, std::string> ReadExport(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    EXPECT_EQ(e.path().extension(), ".ndjson") << e.path();
    std::ifstream in(e.path());
    std::string line;
    while (std::getline(in, line)) {
      Result<json::Value> r = json::Parse(line, {.max_depth = 1000});
      EXPECT_TRUE(r.ok()) << e.path() << ": " << line.substr(0, 100);
      if (!r.ok()) continue;
      const std::string key =
          std::string(r->get_string("resourceType")) + "/" + std::string(r->get_string("id"));
      EXPECT_TRUE(e.path().filename().string().starts_with(r->get_string("resourceType")));
      if (json::Value* meta = r->find("meta")) {
        meta->erase("versionId");
        meta->erase("lastUpdated");
        if (meta->empty()) r->erase("meta");
      }
      EXPECT_TRUE(out.emplace(key, json::Write(*r)).second) << "twice: " << key;
    }
  }
  return out;
}

class ExportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("lienthong-export-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(ExportCommandTest, ExportThenImportIntoAFreshStoreGivesTheSameResources) {
  const std::string bulk = std::string(LIENTHONG_SOURCE_DIR) + "/data/synthea/bulk-ndjson";
  const fs::path first = root_ / "first";
  const fs::path second = root_ / "second";
  // log.ndjson in the data set is not FHIR: its lines are refused (exit 2).
  CommandRun run =
      RunLienthong(fmt::format("import --no-sync --data-dir {} {}", first.string(), bulk));
  ASSERT_NE(run.output.find("imported 7160 resources"), std::string::npos) << run.output;

  run = RunLienthong(
      fmt::format("export --data-dir {} --out {}", first.string(), (root_ / "out1").string()));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("exported 7160 resources"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("resources/s"), std::string::npos) << run.output;

  run = RunLienthong(
      fmt::format("import --no-sync --data-dir {} {}", second.string(), (root_ / "out1").string()));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  run = RunLienthong(
      fmt::format("export --data-dir {} --out {}", second.string(), (root_ / "out2").string()));
  ASSERT_EQ(run.exit_code, 0) << run.output;

  const std::map<std::string, std::string> a = ReadExport(root_ / "out1");
  const std::map<std::string, std::string> b = ReadExport(root_ / "out2");
  EXPECT_EQ(a.size(), 7160u);
  EXPECT_TRUE(a == b) << "the two exports differ";
  // Each Patient of the source file is in the export.
  std::ifstream patients(bulk + "/Patient.000.ndjson");
  std::string line;
  int found = 0;
  while (std::getline(patients, line)) {
    Result<json::Value> p = json::Parse(line);
    ASSERT_TRUE(p.ok());
    found += a.count("Patient/" + std::string(p->get_string("id")));
  }
  EXPECT_EQ(found, 13);
}

TEST_F(ExportCommandTest, FiltersByTypeAndSince) {
  const std::string bulk = std::string(LIENTHONG_SOURCE_DIR) + "/data/synthea/bulk-ndjson";
  const fs::path store = root_ / "store";
  RunLienthong(fmt::format("import --no-sync --data-dir {} {}", store.string(), bulk));
  CommandRun run = RunLienthong(fmt::format("export --data-dir {} --out {} --type Patient,Device",
                                            store.string(), (root_ / "typed").string()));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::set<std::string> files;
  for (const auto& e : fs::directory_iterator(root_ / "typed")) {
    files.insert(e.path().filename().string());
  }
  EXPECT_EQ(files, (std::set<std::string>{"Device.000.ndjson", "Patient.000.ndjson"}));

  run = RunLienthong(fmt::format("export --data-dir {} --out {} --since 2999-01-01T00:00:00Z",
                                 store.string(), (root_ / "none").string()));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("exported 0 resources"), std::string::npos) << run.output;

  run = RunLienthong(fmt::format("export --data-dir {} --out {} --type NoSuchType", store.string(),
                                 (root_ / "bad").string()));
  EXPECT_EQ(run.exit_code, 2) << run.output;
}

}  // namespace
}  // namespace lienthong::testing
