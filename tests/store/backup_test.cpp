// Backups and restores of a store (backup.h) and key rotation (rekey.h): each
// restore is compared, version by version, with what the store held when the
// backup was taken.
#include "store/backup.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "json/parser.h"
#include "store/key_check.h"
#include "store/rekey.h"
#include "store/resource_store.h"
#include "store/store_files.h"

namespace lienthong::store {
namespace {

namespace fs = std::filesystem;

constexpr char kName[] = "Trịnh Quỳnh Xuyến Qwertzuiop";
constexpr char kAsciiPart[] = "Qwertzuiop";

std::string Key(char fill) { return std::string(kEncryptionKeyBytes, fill); }

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("lienthong-backup-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(root_);
  }

  Result<std::unique_ptr<ResourceStore>> OpenAt(const fs::path& dir, const std::string& key) {
    StoreOptions options;
    options.path = dir.string();
    options.encryption_key = key;
    options.create_if_missing = true;
    return ResourceStore::Open(options);
  }
  void OpenStore(const std::string& key = "") {
    auto opened = OpenAt(root_ / "data", key);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened.value());
  }

  void Put(int n, const std::string& text) {
    WriteOp op;
    op.type = "Patient";
    op.id = "p" + std::to_string(n);
    op.resource = json::Parse(R"({"resourceType":"Patient","id":")" + op.id +
                              R"(","name":[{"text":")" + text + R"("}]})")
                      .value();
    auto r = store_->CommitAndWait({std::move(op)});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  void Delete(int n) {
    WriteOp op;
    op.kind = WriteOp::Kind::kDelete;
    op.type = "Patient";
    op.id = "p" + std::to_string(n);
    ASSERT_TRUE(store_->CommitAndWait({std::move(op)}).ok());
  }

  // Every version of every Patient p0..p59 and the system history, as text.
  static std::string Dump(ResourceStore& store) {
    std::string out;
    for (int n = 0; n < 60; ++n) {
      auto current = store.Read("Patient", "p" + std::to_string(n));
      if (!current.ok()) continue;
      out += fmt::format("p{} current {} deleted {}\n", n, current->version, current->deleted);
      for (uint64_t v = 1; v <= current->version; ++v) {
        auto version = store.ReadVersion("Patient", "p" + std::to_string(n), v);
        out += version.ok() ? fmt::format("  v{} {} {}\n", v, version->deleted, version->json)
                            : fmt::format("  v{} missing\n", v);
      }
    }
    HistoryQuery query;
    query.count = 10000;
    auto history = store.History(query);
    if (history.ok()) {
      for (const HistoryEntry& e : history->entries) {
        out += fmt::format("h {}/{}/{} {}\n", e.resource.type, e.resource.id, e.resource.version,
                           e.resource.last_updated_us);
      }
    }
    return out;
  }

  // Restores the latest backup in `backup` into a new folder and dumps it.
  std::string RestoreAndDump(const fs::path& backup, const std::string& key,
                             const std::string& name) {
    const fs::path target = root_ / name;
    Status restored = RestoreLatestBackup(backup.string(), key, target.string());
    EXPECT_TRUE(restored.ok()) << restored.ToString();
    auto opened = OpenAt(target, key);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    if (!opened.ok()) return "";
    return Dump(**opened);
  }

  fs::path root_;
  std::unique_ptr<ResourceStore> store_;
};

TEST_F(BackupTest, EachRestoreHoldsEveryVersionAsItWasWhenItsBackupWasTaken) {
  OpenStore();
  for (int n = 0; n < 40; ++n) {
    for (int v = 0; v < 3; ++v) Put(n, fmt::format("{} v{} {}", kName, v, std::string(400, 'x')));
  }
  for (int n = 0; n < 40; n += 7) Delete(n);
  const std::string first_state = Dump(*store_);
  auto first = store_->Backup((root_ / "backup").string(), 0);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  fs::copy(root_ / "backup", root_ / "backup-1", fs::copy_options::recursive);

  for (int n = 35; n < 45; ++n) Put(n, "later");
  Delete(1);
  const std::string second_state = Dump(*store_);
  ASSERT_NE(first_state, second_state);
  auto second = store_->Backup((root_ / "backup").string(), 0);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->id, first->id + 1);
  // Incremental: the first backup's table files are shared, not copied again.
  EXPECT_LT(second->added_bytes, first->added_bytes);
  store_->Close();

  EXPECT_EQ(RestoreAndDump(root_ / "backup-1", "", "restored-1"), first_state);
  EXPECT_EQ(RestoreAndDump(root_ / "backup", "", "restored-2"), second_state);
}

TEST_F(BackupTest, ABackupOfAStoppedStoreDirectoryRestoresTheSame) {
  OpenStore();
  for (int n = 0; n < 20; ++n) Put(n, kName);
  Delete(3);
  const std::string state = Dump(*store_);
  store_.reset();
  std::ofstream(root_ / "data" / "extra-settings.json") << R"({"a":1})";
  auto backup = BackupStoreDirectory((root_ / "data").string(), "", (root_ / "backup").string(), 0);
  ASSERT_TRUE(backup.ok()) << backup.status().ToString();
  EXPECT_EQ(RestoreAndDump(root_ / "backup", "", "restored"), state);
  EXPECT_EQ(testing::ReadFile(root_ / "restored" / "extra-settings.json"), R"({"a":1})");
}

TEST_F(BackupTest, VerifyPassesOnAGoodBackupAndNamesTheDamageInACorruptOne) {
  OpenStore();
  for (int n = 0; n < 20; ++n) Put(n, kName);
  ASSERT_TRUE(store_->Backup((root_ / "backup").string(), 0).ok());
  store_->Close();
  auto verified = VerifyLatestBackup((root_ / "backup").string(), "");
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  // Flip one byte in the middle of the largest file.
  fs::path largest;
  for (const auto& [name, state] : FolderState(root_ / "backup")) {
    if (largest.empty() || state.size > fs::file_size(root_ / "backup" / largest)) largest = name;
  }
  std::fstream file(root_ / "backup" / largest, std::ios::in | std::ios::out | std::ios::binary);
  const auto middle = static_cast<std::streamoff>(fs::file_size(root_ / "backup" / largest) / 2);
  file.seekg(middle);
  const char byte = static_cast<char>(file.get());
  file.seekp(middle);
  file.put(static_cast<char>(byte ^ 0x5a));
  file.close();
  verified = VerifyLatestBackup((root_ / "backup").string(), "");
  ASSERT_FALSE(verified.ok()) << largest;
  EXPECT_NE(verified.status().message().find("damaged"), std::string::npos)
      << verified.status().message();
}

TEST_F(BackupTest, AnEncryptedBackupHoldsNoClearTextAndRestoresOnlyWithTheKey) {
  OpenStore(Key('k'));
  for (int n = 0; n < 20; ++n) Put(n, kName);
  std::ofstream(root_ / "data" / "auth-secret") << "secret " << kAsciiPart;
  const std::string state = Dump(*store_);
  auto backup = store_->Backup((root_ / "backup").string(), 0);
  ASSERT_TRUE(backup.ok()) << backup.status().ToString();
  store_->Close();
  EXPECT_EQ(FilesContaining(root_ / "backup", kAsciiPart), "");
  EXPECT_EQ(FilesContaining(root_ / "backup", kName), "");

  for (const std::string& key : {std::string(), Key('w')}) {
    Status refused =
        RestoreLatestBackup((root_ / "backup").string(), key, (root_ / "refused").string());
    EXPECT_EQ(refused.code(), ErrorCode::kInvalid) << refused.ToString();
    EXPECT_FALSE(fs::exists(root_ / "refused"));
    EXPECT_FALSE(VerifyLatestBackup((root_ / "backup").string(), key).ok());
  }
  EXPECT_TRUE(VerifyLatestBackup((root_ / "backup").string(), Key('k')).ok());
  EXPECT_EQ(RestoreAndDump(root_ / "backup", Key('k'), "restored"), state);
  EXPECT_NE(testing::ReadFile(root_ / "restored" / "auth-secret").find(kAsciiPart),
            std::string::npos);
}

TEST_F(BackupTest, RestoreRefusesANonEmptyFolder) {
  OpenStore();
  Put(1, kName);
  ASSERT_TRUE(store_->Backup((root_ / "backup").string(), 0).ok());
  store_->Close();
  Status refused = RestoreLatestBackup((root_ / "backup").string(), "", (root_ / "data").string());
  EXPECT_EQ(refused.code(), ErrorCode::kConflict) << refused.ToString();
}

TEST_F(BackupTest, KeepRemovesTheOldestBackups) {
  OpenStore();
  for (int i = 0; i < 4; ++i) {
    Put(i, kName);
    auto b = store_->Backup((root_ / "backup").string(), 2);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
  }
  size_t kept = 0;
  for (const auto& e : fs::directory_iterator(root_ / "backup" / "meta")) kept += !e.is_directory();
  EXPECT_EQ(kept, 2u);
}

TEST_F(BackupTest, RekeyedStoreOpensWithTheNewKeyOnlyAndHoldsTheSameData) {
  OpenStore(Key('k'));
  for (int n = 0; n < 30; ++n) Put(n, kName);
  Delete(4);
  std::ofstream(root_ / "data" / "auth-secret") << "kept";
  const std::string state = Dump(*store_);
  store_.reset();

  ASSERT_TRUE(RekeyStore((root_ / "data").string(), Key('k'), Key('n')).ok());
  EXPECT_FALSE(fs::exists(root_ / "data.rekey"));
  EXPECT_FALSE(OpenAt(root_ / "data", Key('k')).ok());
  EXPECT_EQ(FilesContaining(root_ / "data", kAsciiPart), "");
  EXPECT_EQ(testing::ReadFile(root_ / "data" / "auth-secret"), "kept");
  OpenStore(Key('n'));
  EXPECT_EQ(Dump(*store_), state);
}

TEST_F(BackupTest, RekeyEncryptsAPlainStoreAndRefusesAWrongOldKey) {
  OpenStore();
  for (int n = 0; n < 10; ++n) Put(n, kName);
  const std::string state = Dump(*store_);
  store_.reset();
  const auto before = FolderState(root_ / "data");
  EXPECT_EQ(RekeyStore((root_ / "data").string(), Key('w'), Key('n')).code(), ErrorCode::kInvalid);
  EXPECT_EQ(FolderState(root_ / "data"), before);
  ASSERT_TRUE(RekeyStore((root_ / "data").string(), "", Key('n')).ok());
  EXPECT_EQ(FilesContaining(root_ / "data", kAsciiPart), "");
  OpenStore(Key('n'));
  EXPECT_EQ(Dump(*store_), state);
}

}  // namespace
}  // namespace lienthong::store
