// Reading a store key: the hex form, key-file permissions, and the
// environment variable.
#include "store/encryption_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace lienthong::store {
namespace {

namespace fs = std::filesystem;

const std::string kHex(64, 'a');

TEST(ParseHexKeyTest, AcceptsSixtyFourHexCharactersOnly) {
  struct Case {
    std::string text;
    bool ok;
  };
  const Case cases[] = {
      {kHex, true},
      {"  " + kHex + "\n", true},
      {std::string(64, 'F'), true},
      {std::string(62, 'a'), false},
      {std::string(66, 'a'), false},
      {std::string(63, 'a') + "g", false},
      {"", false},
  };
  for (const Case& c : cases) {
    Result<std::string> key = ParseHexKey(c.text);
    EXPECT_EQ(key.ok(), c.ok) << c.text;
    if (key.ok()) {
      EXPECT_EQ(key->size(), 32u);
    }
    // A refused key is never quoted back.
    if (!key.ok() && !c.text.empty()) {
      EXPECT_EQ(key.status().message().find(c.text), std::string::npos);
    }
  }
  EXPECT_EQ(ParseHexKey("0a" + std::string(62, '0'))->at(0), '\x0a');
}

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() / ("lienthong-key-" + std::to_string(::getpid()));
    std::ofstream(path_) << kHex << "\n";
    ::unsetenv(kEncryptionKeyVariable);
  }
  void TearDown() override {
    fs::remove(path_);
    ::unsetenv(kEncryptionKeyVariable);
  }
  fs::path path_;
};

TEST_F(KeyFileTest, RefusesAFileOthersMayReadAndReadsAPrivateOne) {
  ::chmod(path_.c_str(), 0644);
  Result<std::string> key = ReadKeyFile(path_.string());
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.status().message().find("chmod 600"), std::string::npos);
  ::chmod(path_.c_str(), 0600);
  key = ReadKeyFile(path_.string());
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(*key, std::string(32, '\xaa'));
}

TEST_F(KeyFileTest, TakesTheFileOrTheVariableButNotBoth) {
  ::chmod(path_.c_str(), 0600);
  EXPECT_EQ(LoadEncryptionKey("").value(), "");  // neither: a plain store
  ::setenv(kEncryptionKeyVariable, std::string(64, 'b').c_str(), 1);
  EXPECT_EQ(LoadEncryptionKey("").value(), std::string(32, '\xbb'));
  EXPECT_FALSE(LoadEncryptionKey(path_.string()).ok());
  ::unsetenv(kEncryptionKeyVariable);
  EXPECT_EQ(LoadEncryptionKey(path_.string()).value(), std::string(32, '\xaa'));
  ::setenv(kEncryptionKeyVariable, "short", 1);
  EXPECT_FALSE(LoadEncryptionKey("").ok());
}

}  // namespace
}  // namespace lienthong::store
