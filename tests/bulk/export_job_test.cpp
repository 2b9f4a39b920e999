#include "bulk/export_job.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "json/parser.h"

namespace lienthong::bulk {
namespace {

namespace fs = std::filesystem;

class ExportJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("lienthong-export-job-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    store::StoreOptions options;
    options.path = (root_ / "store").string();
    options.sync = false;
    auto opened = store::ResourceStore::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened.value());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(root_);
  }
  void Put(const std::string& type, const std::string& id) {
    store::WriteOp op;
    op.type = type;
    op.id = id;
    Result<json::Value> v =
        json::Parse(R"({"resourceType":")" + type + R"(","id":")" + id + R"("})");
    ASSERT_TRUE(v.ok());
    op.resource = std::move(v.value());
    ASSERT_TRUE(store_->CommitAndWait({std::move(op)}).ok());
  }
  static int Lines(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      EXPECT_TRUE(json::Parse(line).ok()) << line;
      ++n;
    }
    return n;
  }
  fs::path root_;
  std::unique_ptr<store::ResourceStore> store_;
};

TEST_F(ExportJobTest, SplitsFilesPerTypeAtTheLineLimit) {
  for (int i = 0; i < 7; ++i) Put("Patient", "p" + std::to_string(i));
  Put("Observation", "o1");
  ExportOptions options;
  options.max_lines_per_file = 3;
  std::atomic<uint64_t> progress{0};
  const std::string out = (root_ / "out").string();
  Result<std::vector<JobFile>> files = RunExport(*store_, options, out, nullptr, &progress);
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 4u);
  EXPECT_EQ((*files)[0].name, "Observation.000.ndjson");
  EXPECT_EQ((*files)[1].name, "Patient.000.ndjson");
  EXPECT_EQ((*files)[3].name, "Patient.002.ndjson");
  EXPECT_EQ((*files)[1].count, 3u);
  EXPECT_EQ((*files)[3].count, 1u);
  for (const JobFile& f : *files) EXPECT_EQ(Lines(out + "/" + f.name), int(f.count));
  EXPECT_EQ(progress.load(), 8u);
}

TEST_F(ExportJobTest, HonoursTypesSinceAndCancel) {
  Put("Patient", "p1");
  Put("Device", "d1");
  Put("Observation", "o1");
  ExportOptions options;
  options.types = {"Patient", "Device"};
  Result<std::vector<JobFile>> files = RunExport(*store_, options, (root_ / "typed").string());
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].type, "Patient");  // in the order asked for
  EXPECT_EQ((*files)[1].type, "Device");

  options.types.clear();
  options.since_us = store_->Read("Observation", "o1")->last_updated_us;
  files = RunExport(*store_, options, (root_ / "since").string());
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].type, "Observation");

  std::atomic<bool> cancel{true};
  files = RunExport(*store_, ExportOptions{}, (root_ / "cancelled").string(), &cancel);
  EXPECT_EQ(files.status().code(), ErrorCode::kUnavailable);
}

TEST(ExportFileNameTest, AcceptsOnlyExportFileNames) {
  EXPECT_TRUE(IsBulkFileName("Patient.000.ndjson"));
  EXPECT_TRUE(IsBulkFileName("ExplanationOfBenefit.1234.ndjson"));
  for (const char* bad : {"", "..", "../Patient.000.ndjson", "Patient.000.ndjson/..",
                          "Patient.ndjson", "Patient.00.ndjson", ".000.ndjson", "Patient.000.json",
                          "Pat/ient.000.ndjson", "Patient.0a0.ndjson"}) {
    EXPECT_FALSE(IsBulkFileName(bad)) << bad;
  }
  EXPECT_TRUE(IsNdjsonFormat("application/fhir+ndjson"));
  EXPECT_FALSE(IsNdjsonFormat("text/csv"));
}

}  // namespace
}  // namespace lienthong::bulk
