// lienthong generate, then lienthong import of what it wrote: the store
// accepts every resource, in both output formats.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/command_run.h"
#include "support/read_file.h"

namespace lienthong::testing {
namespace {

namespace fs = std::filesystem;

using ::lienthong::testing::ReadFile;

class GenerateCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("lienthong-generate-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(GenerateCommandTest, GeneratedNdjsonAndBundlesImportWithNothingRejected) {
  for (const char* format : {"ndjson", "bundles"}) {
    const fs::path out = root_ / format;
    CommandRun gen = RunLienthong(
        fmt::format("generate --patients 50 --seed 11 --years 4 --province 01 --format {} --out {}",
                    format, out.string()));
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
    EXPECT_NE(gen.output.find("generated 50 patients"), std::string::npos) << gen.output;
    EXPECT_NE(gen.output.find("resources/s"), std::string::npos) << gen.output;

    const fs::path store = root_ / (std::string(format) + "-store");
    CommandRun import = RunLienthong(
        fmt::format("import --no-sync --data-dir {} {}", store.string(), out.string()));
    EXPECT_EQ(import.exit_code, 0) << import.output;
    EXPECT_NE(import.output.find("(0 rejected)"), std::string::npos) << import.output;
    // PUT entries carry the ids: loading the same files again changes nothing
    // and rejects nothing.
    CommandRun again = RunLienthong(
        fmt::format("import --no-sync --data-dir {} {}", store.string(), out.string()));
    EXPECT_EQ(again.exit_code, 0) << again.output;
  }
  EXPECT_TRUE(fs::exists(root_ / "ndjson" / "Patient.ndjson"));
  EXPECT_TRUE(fs::exists(root_ / "bundles" / "patients-0000" / "patient-0000050.json"));
}

TEST_F(GenerateCommandTest, SameSeedSameBytes) {
  const std::string args = "generate --patients 30 --seed 5 --out ";
  ASSERT_EQ(RunLienthong(args + (root_ / "a").string()).exit_code, 0);
  ASSERT_EQ(RunLienthong(args + (root_ / "b").string()).exit_code, 0);
  for (const char* file : {"Patient.ndjson", "Encounter.ndjson", "Observation.ndjson"}) {
    EXPECT_EQ(ReadFile(root_ / "a" / file), ReadFile(root_ / "b" / file)) << file;
  }
}

TEST_F(GenerateCommandTest, UnknownProvinceIsAUsageError) {
  CommandRun run = RunLienthong("generate --patients 1 --province 00 --out " + root_.string());
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("unknown province"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace lienthong::testing
