// lienthong fhirpath: a result array on stdout, a message and a non-zero
// exit status on errors, R4 types when the input has a resourceType.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/command_run.h"

namespace lienthong::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kPatient =
    fs::path(LIENTHONG_SOURCE_DIR) / "tests/data/fhirpath-r4/patient-example.json";

class FhirPathCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lienthong-fhirpath-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }

  fs::path dir_;
};

TEST_F(FhirPathCommandTest, PrintsTheResultAsAJsonArray) {
  CommandRun run =
      RunLienthong("fhirpath \"Patient.name.where(use = 'official').given\" " + kPatient.string());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "[\"Peter\",\"James\"]\n");

  run = RunLienthong("fhirpath 'birthDate + 1 year' " + kPatient.string());
  EXPECT_EQ(run.output, "[\"1975-12-25\"]\n");
  run = RunLienthong("fhirpath \"name.count() > 2 and gender = 'male'\" " + kPatient.string());
  EXPECT_EQ(run.output, "[true]\n");
}

TEST_F(FhirPathCommandTest, ReadsStandardInputAndPlainJson) {
  const fs::path doc = Write("plain.json", R"({"items": [{"n": 1}, {"n": 2.5}, {"n": "x"}]})");
  CommandRun run = RunLienthong(
      "fhirpath 'items.n.where($this is Integer or $this is Decimal).sum' < " + doc.string());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "[]\n");
  run = RunLienthong("fhirpath 'items.n' - < " + doc.string());
  EXPECT_EQ(run.output, "[1,2.5,\"x\"]\n");
  run = RunLienthong("fhirpath --untyped 'gender' " + kPatient.string());
  EXPECT_EQ(run.output, "[\"male\"]\n");
}

TEST_F(FhirPathCommandTest, ErrorsExitNonZeroWithAMessage) {
  CommandRun syntax = RunLienthong("fhirpath 'name.given +' " + kPatient.string());
  EXPECT_EQ(syntax.exit_code, 2);
  EXPECT_NE(syntax.output.find("syntax error at"), std::string::npos) << syntax.output;

  CommandRun evaluation = RunLienthong("fhirpath 'name.single()' " + kPatient.string());
  EXPECT_EQ(evaluation.exit_code, 1);
  EXPECT_NE(evaluation.output.find("single() on 3 items"), std::string::npos) << evaluation.output;

  CommandRun unknown = RunLienthong("fhirpath 'name.given1' " + kPatient.string());
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.output.find("no element 'given1'"), std::string::npos) << unknown.output;

  const fs::path bad = Write("bad.json", "{not json");
  CommandRun input = RunLienthong("fhirpath 'a' " + bad.string());
  EXPECT_EQ(input.exit_code, 2);
  EXPECT_NE(input.output.find("input"), std::string::npos) << input.output;

  CommandRun missing = RunLienthong("fhirpath 'a' " + (dir_ / "missing.json").string());
  EXPECT_EQ(missing.exit_code, 2);
}

}  // namespace
}  // namespace lienthong::testing
