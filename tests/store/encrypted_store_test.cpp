// An encrypted store: reads back with its key, refuses a missing, wrong or
// unexpected key without touching a file, and keeps no resource text in clear.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "json/parser.h"
#include "store/encrypted_env.h"
#include "store/key_check.h"
#include "store/resource_store.h"
#include "store/store_files.h"

namespace lienthong::store {
namespace {

namespace fs = std::filesystem;

// A name no other test data holds, with Vietnamese letters (UTF-8 bytes).
constexpr char kName[] = "Nguyễn Thị Hoàng Diệu Ưng";
constexpr char kAsciiPart[] = "Zyxwvutsra";

std::string Key(char fill) { return std::string(kEncryptionKeyBytes, fill); }

class EncryptedStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lienthong-encrypted-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result<std::unique_ptr<ResourceStore>> Open(const std::string& key) {
    StoreOptions options;
    options.path = dir_.string();
    options.encryption_key = key;
    return ResourceStore::Open(options);
  }

  // Writes a Patient with kName in several versions and closes the store.
  void WritePatient(const std::string& key) {
    auto store = Open(key);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (int version = 0; version < 3; ++version) {
      WriteOp op;
      op.type = "Patient";
      op.id = "p1";
      op.resource =
          json::Parse(std::string(R"({"resourceType":"Patient","id":"p1","name":[{"text":")") +
                      kName + " " + kAsciiPart + R"("}],"gender":")" +
                      (version % 2 ? "male" : "female") + R"("})")
              .value();
      ASSERT_TRUE((*store)->CommitAndWait({std::move(op)}).ok());
    }
    (*store)->Close();
  }

  fs::path dir_;
};

TEST_F(EncryptedStoreTest, ReopensWithItsKeyAndReadsEverythingBack) {
  WritePatient(Key('k'));
  auto store = Open(Key('k'));
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto current = (*store)->Read("Patient", "p1");
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  EXPECT_EQ(current->version, 3u);
  EXPECT_NE(current->json.find(kName), std::string::npos);
  for (uint64_t v = 1; v <= 3; ++v) {
    auto old = (*store)->ReadVersion("Patient", "p1", v);
    ASSERT_TRUE(old.ok()) << v;
    EXPECT_NE(old->json.find(v % 2 ? "female" : "male"), std::string::npos) << v;
  }
  HistoryQuery query;
  query.type = "Patient";
  query.id = "p1";
  auto history = (*store)->History(query);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->entries.size(), 3u);
}

TEST_F(EncryptedStoreTest, EveryRocksDbFileIsEncryptedAndNoneHoldsTheNameInClear) {
  WritePatient(Key('k'));
  EXPECT_EQ(FilesContaining(dir_, kName), "");
  EXPECT_EQ(FilesContaining(dir_, kAsciiPart), "");
  EXPECT_EQ(FilesContaining(dir_, "Patient"), "");
  for (const auto& [name, state] : FolderState(dir_)) {
    if (name == kKeyCheckFileName || name == "LOCK") continue;
    EXPECT_EQ(testing::ReadFile(dir_ / name).substr(0, 8), kEncryptedFileMagic) << name;
  }
}

TEST_F(EncryptedStoreTest, APlainStoreHoldsTheNameInClearSoTheCheckAboveCanFail) {
  WritePatient("");
  EXPECT_NE(FilesContaining(dir_, kAsciiPart), "");
}

TEST_F(EncryptedStoreTest, RefusesAMissingOrWrongKeyWithoutTouchingAFile) {
  WritePatient(Key('k'));
  const auto before = FolderState(dir_);
  for (const std::string& key : {std::string(), Key('w')}) {
    auto store = Open(key);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), ErrorCode::kInvalid);
    EXPECT_NE(store.status().message().find(key.empty() ? "encrypted" : "not this store's key"),
              std::string::npos)
        << store.status().message();
    EXPECT_EQ(FolderState(dir_), before);
  }
}

TEST_F(EncryptedStoreTest, APlainStoreRefusesAKeyWithoutTouchingAFile) {
  WritePatient("");
  const auto before = FolderState(dir_);
  auto store = Open(Key('k'));
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("not encrypted"), std::string::npos);
  EXPECT_EQ(FolderState(dir_), before);
}

TEST_F(EncryptedStoreTest, AFileUnderAnotherKeyIsRefusedNotMisread) {
  WritePatient(Key('k'));
  // Replace the key-check file as if the key were 'w': RocksDB then reads the
  // files with 'w', and their headers name another key.
  ASSERT_TRUE(WriteKeyCheckFile((dir_ / kKeyCheckFileName).string(), Key('w')).ok());
  auto store = Open(Key('w'));
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("another key"), std::string::npos)
      << store.status().message();
}

TEST_F(EncryptedStoreTest, EachFileHasItsOwnInitialisationVector) {
  WritePatient(Key('k'));
  std::set<std::string> ivs;
  size_t files = 0;
  for (const auto& [name, state] : FolderState(dir_)) {
    if (name == kKeyCheckFileName || name == "LOCK") continue;
    ++files;
    ivs.insert(testing::ReadFile(dir_ / name).substr(16, 16));
  }
  EXPECT_GT(files, 3u);
  EXPECT_EQ(ivs.size(), files);
}

}  // namespace
}  // namespace lienthong::store
