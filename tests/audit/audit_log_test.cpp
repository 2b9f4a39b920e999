// The audit trail's chain: written, continued across a restart, and every
// kind of tampering found at its place.
#include "audit/audit_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "audit/audit_verify.h"

namespace lienthong::audit {
namespace {

namespace fs = std::filesystem;

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() / ("lienthong-audit-" + std::to_string(::getpid()))).string();
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(int n, int from = 0) {
    Result<std::unique_ptr<AuditLog>> log = AuditLog::Open(dir_);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    for (int i = from; i < from + n; ++i) {
      json::Value e = json::Value::Object();
      e.set("resourceType", json::Value::String("AuditEvent"));
      e.set("n", json::Value::Number(int64_t{i}));
      e.set("text", json::Value::String("Nguyễn \"quoted\"\n" + std::to_string(i)));
      (*log)->Append(std::move(e));
    }
    (*log)->Flush();
    EXPECT_TRUE((*log)->healthy());
  }
  std::vector<fs::path> Files() const {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir_)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
  }
  static std::vector<std::string> Lines(const fs::path& file) {
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
  }
  static void Rewrite(const fs::path& file, const std::vector<std::string>& lines) {
    std::ofstream out(file, std::ios::trunc);
    for (const std::string& l : lines) out << l << "\n";
  }

  std::string dir_;
};

TEST_F(AuditLogTest, ChainIsIntactAndContinuesAcrossRestarts) {
  Write(20);
  VerifyReport first = VerifyTrail(dir_);
  EXPECT_TRUE(first.ok) << first.problem;
  EXPECT_EQ(first.lines, 20u);
  Write(5, 20);
  VerifyReport second = VerifyTrail(dir_);
  EXPECT_TRUE(second.ok) << second.file << ":" << second.line << " " << second.problem;
  EXPECT_EQ(second.lines, 25u);
  // A restart continues in a new file, never after a tail it did not write.
  EXPECT_EQ(Files().size(), 2u);
  for (const fs::path& f : Files()) {
    EXPECT_EQ(fs::status(f).permissions() & fs::perms::others_read, fs::perms::none);
  }
}

TEST_F(AuditLogTest, TamperingIsFoundWhereItHappened) {
  struct Case {
    const char* name;
    void (*tamper)(std::vector<std::string>&);
    uint64_t bad_line;
  };
  const Case cases[] = {
      {"a changed line",
       [](std::vector<std::string>& l) { l[6].replace(l[6].find("\"n\":6"), 5, "\"n\":7"); }, 7},
      {"a deleted line", [](std::vector<std::string>& l) { l.erase(l.begin() + 3); }, 4},
      {"an inserted line", [](std::vector<std::string>& l) { l.insert(l.begin() + 5, l[2]); }, 6},
      {"two lines swapped", [](std::vector<std::string>& l) { std::swap(l[8], l[9]); }, 9},
      {"a blank line", [](std::vector<std::string>& l) { l.insert(l.begin() + 1, ""); }, 2},
      {"a recomputed hash without its successor",
       [](std::vector<std::string>& l) { l[4].replace(l[4].find("\"hash\":\"") + 8, 4, "ffff"); },
       5},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    fs::remove_all(dir_);
    Write(12);
    const fs::path file = Files().front();
    std::vector<std::string> lines = Lines(file);
    c.tamper(lines);
    Rewrite(file, lines);
    VerifyReport report = VerifyTrail(dir_);
    EXPECT_FALSE(report.ok);
    EXPECT_EQ(report.file, file.string());
    EXPECT_EQ(report.line, c.bad_line) << report.problem;
    EXPECT_FALSE(report.problem.empty());
  }
}

TEST_F(AuditLogTest, AnEmptyTrailIsIntact) {
  VerifyReport report = VerifyTrail(dir_);
  EXPECT_TRUE(report.ok);
  EXPECT_EQ(report.lines, 0u);
}

}  // namespace
}  // namespace lienthong::audit
