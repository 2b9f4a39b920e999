// `lienthong serve --tls-cert --tls-key`: the real binary answers over TLS,
// and SIGHUP makes it take up a renewed certificate without stopping.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "support/read_file.h"
#include "support/server_process.h"
#include "support/test_certificate.h"
#include "support/tls_client.h"

namespace lienthong {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class TlsServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lienthong-tls-serve-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    server_.reset();  // kills it if a test failed half-way
    fs::remove_all(dir_);
    EXPECT_FALSE(fs::exists(dir_));
  }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  // A new connection's view of the server certificate's serial; empty when
  // the handshake fails.
  std::string SerialSeenByNewConnection() {
    testing::TlsClient client("127.0.0.1", server_->port());
    return client.Connect().empty() ? client.peer_serial() : "";
  }

  fs::path dir_;
  std::unique_ptr<testing::ServerProcess> server_;
};

TEST_F(TlsServeTest, ServesHttpsAndReloadsTheCertificateOnSighup) {
  ASSERT_EQ(testing::WriteSelfSignedCertificate(Path("server.crt"), Path("server.key"),
                                                "lienthong-serve-a", 1),
            "");
  // The log lives inside dir_, so that removing dir_ removes it too.
  server_ = std::make_unique<testing::ServerProcess>(
      Path("data"), std::vector<std::string>{"--no-sync", "--tls-cert", Path("server.crt"),
                                             "--tls-key", Path("server.key")});
  ASSERT_TRUE(server_->Start()) << testing::ReadFile(server_->log_path());

  testing::TlsClient client("127.0.0.1", server_->port());
  ASSERT_EQ(client.Connect(), "");
  testing::ClientResponse health = client.Get("/health");
  ASSERT_EQ(health.status, 200) << health.error;
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  EXPECT_EQ(health.header("Strict-Transport-Security"), "max-age=31536000");
  EXPECT_EQ(health.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(client.peer_serial(), "1");

  ASSERT_EQ(testing::WriteSelfSignedCertificate(Path("server.crt"), Path("server.key"),
                                                "lienthong-serve-b", 2),
            "");
  ASSERT_TRUE(server_->Signal(SIGHUP));
  std::string serial;
  for (int i = 0; i < 250 && serial != "2"; ++i) {
    std::this_thread::sleep_for(20ms);
    serial = SerialSeenByNewConnection();
  }
  EXPECT_EQ(serial, "2");
  // Still running, and the connection opened before the reload still works.
  testing::ClientResponse again = client.Get("/health");
  EXPECT_EQ(again.status, 200) << again.error;

  EXPECT_EQ(server_->Stop(), 0);

  // Read once the server has stopped and flushed its log.
  const std::string log = testing::ReadFile(server_->log_path());
  EXPECT_NE(log.find("https://127.0.0.1:"), std::string::npos) << log;
  EXPECT_NE(log.find("TLS certificate and key reloaded"), std::string::npos) << log;
  EXPECT_EQ(log.find("PRIVATE KEY"), std::string::npos);
}

}  // namespace
}  // namespace lienthong
