// lienthong backup, restore and rekey against the real binary, with a backup
// taken while a real encrypted server takes writes.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "json/parser.h"
#include "support/command_run.h"
#include "support/http_client.h"
#include "support/read_file.h"
#include "support/server_process.h"

namespace lienthong::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kSurname[] = "Phạm Quxylofon";
constexpr char kAsciiPart[] = "Quxylofon";

// The files below dir whose bytes contain `needle`, comma-separated.
std::string FilesContaining(const fs::path& dir, const std::string& needle) {
  std::string found;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && ReadFile(e.path()).find(needle) != std::string::npos) {
      found += e.path().filename().string() + ",";
    }
  }
  return found;
}

class BackupCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("lienthong-backup-cmd-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    key_ = WriteKey("key", std::string(64, 'a'));
    new_key_ = WriteKey("new-key", std::string(64, 'b'));
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string WriteKey(const std::string& name, const std::string& hex) {
    const fs::path path = root_ / name;
    std::ofstream(path) << hex << "\n";
    ::chmod(path.c_str(), 0600);
    return path.string();
  }
  // Every Patient of an encrypted store, id -> versionId, read by export.
  std::map<std::string, int> Export(const fs::path& data, const std::string& key) {
    const fs::path out = root_ / ("export-" + std::to_string(exports_++));
    CommandRun run =
        RunLienthong(fmt::format("export --data-dir {} --out {} --encryption-key-file {}",
                                 data.string(), out.string(), key));
    EXPECT_EQ(run.exit_code, 0) << run.output;
    std::map<std::string, int> out_ids;
    std::ifstream in(out / "Patient.000.ndjson");
    EXPECT_TRUE(fs::exists(out / "Patient.000.ndjson"));
    std::string line;
    while (std::getline(in, line)) {
      Result<json::Value> r = json::Parse(line);
      EXPECT_TRUE(r.ok()) << line.substr(0, 80);
      if (!r.ok()) continue;
      out_ids[std::string(r->get_string("id"))] =
          std::stoi(std::string(r->find("meta")->get_string("versionId")));
    }
    return out_ids;
  }

  fs::path root_;
  std::string key_;
  std::string new_key_;
  int exports_ = 0;
};

TEST_F(BackupCommandTest, ABackupTakenWhileTheServerWritesRestoresToAConsistentStore) {
  const fs::path data = root_ / "data";
  ServerProcess server(data.string(), {"--encryption-key-file", key_});
  ASSERT_TRUE(server.Start()) << ReadFile(server.log_path());

  std::mutex mu;
  std::map<std::string, int> acknowledged;  // guarded by mu
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    HttpClient client("127.0.0.1", server.port());
    for (int i = 0; !stop.load(); ++i) {
      const std::string id = "p" + std::to_string(i % 150);
      const std::string body = fmt::format(
          R"({{"resourceType":"Patient","id":"{}","name":[{{"family":"{}","given":["{}"]}}]}})", id,
          kSurname, i);
      ClientResponse r = client.Send("PUT", "/fhir/Patient/" + id, body,
                                     {{"Content-Type", "application/fhir+json"}});
      if (r.status != 200 && r.status != 201) continue;
      std::lock_guard<std::mutex> lock(mu);
      acknowledged[id] =
          std::stoi(std::string(json::Parse(r.body)->find("meta")->get_string("versionId")));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  std::map<std::string, int> before_backup;
  {
    std::lock_guard<std::mutex> lock(mu);
    before_backup = acknowledged;
  }
  const fs::path backup = root_ / "backup";
  CommandRun run = RunLienthong(fmt::format("backup --data-dir {} --to {} --encryption-key-file {}",
                                            data.string(), backup.string(), key_));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  std::map<std::string, int> after_backup;
  {
    std::lock_guard<std::mutex> lock(mu);
    after_backup = acknowledged;
  }
  stop = true;
  writer.join();
  EXPECT_EQ(server.Stop(), 0);
  ASSERT_GT(before_backup.size(), 10u);

  EXPECT_EQ(FilesContaining(backup, kAsciiPart), "");
  run = RunLienthong(
      fmt::format("backup --verify {} --encryption-key-file {}", backup.string(), key_));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  run = RunLienthong(
      fmt::format("restore --from {} --data-dir {}", backup.string(), (root_ / "no-key").string()));
  EXPECT_EQ(run.exit_code, 2) << run.output;
  const fs::path restored = root_ / "restored";
  run = RunLienthong(fmt::format("restore --from {} --data-dir {} --encryption-key-file {}",
                                 backup.string(), restored.string(), key_));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // Every write acknowledged before the backup began is in it; none of it
  // is newer than what was acknowledged once it ended.
  const std::map<std::string, int> in_backup = Export(restored, key_);
  for (const auto& [id, version] : before_backup) {
    ASSERT_TRUE(in_backup.contains(id)) << id;
    EXPECT_GE(in_backup.at(id), version) << id;
  }
  for (const auto& [id, version] : in_backup) {
    ASSERT_TRUE(after_backup.contains(id)) << id;
    EXPECT_LE(version, after_backup.at(id) + 1) << id;  // +1: in flight when the backup ended
  }
}

TEST_F(BackupCommandTest, TheServerRefusesToStartWithAWrongKeyAndRekeyChangesIt) {
  const fs::path data = root_ / "data";
  {
    ServerProcess server(data.string(), {"--encryption-key-file", key_});
    ASSERT_TRUE(server.Start()) << ReadFile(server.log_path());
    HttpClient client("127.0.0.1", server.port());
    ClientResponse r = client.Send(
        "PUT", "/fhir/Patient/x1",
        fmt::format(R"({{"resourceType":"Patient","id":"x1","name":[{{"family":"{}"}}]}})",
                    kSurname),
        {{"Content-Type", "application/fhir+json"}});
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(server.Stop(), 0);
    EXPECT_EQ(ReadFile(server.log_path()).find(ReadFile(key_).substr(0, 64)), std::string::npos);
  }
  {
    ServerProcess wrong(data.string(), {"--encryption-key-file", new_key_});
    EXPECT_FALSE(wrong.Start());
    EXPECT_NE(ReadFile(wrong.log_path()).find("not this store's key"), std::string::npos)
        << ReadFile(wrong.log_path());
  }
  CommandRun run =
      RunLienthong(fmt::format("rekey --data-dir {} --encryption-key-file {} --new-key-file {}",
                               data.string(), key_, new_key_));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(Export(data, new_key_).count("x1"), 1u);
  run = RunLienthong(fmt::format("export --data-dir {} --out {} --encryption-key-file {}",
                                 data.string(), (root_ / "old").string(), key_));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("not this store's key"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace lienthong::testing
