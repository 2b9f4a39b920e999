// http::Server with TLS: the protocol policy, the transport headers, start-up
// failures and certificate reload, against certificates made for each test.
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "http/server.h"
#include "support/http_client.h"
#include "support/test_certificate.h"
#include "support/tls_client.h"

namespace lienthong::http {
namespace {

using namespace std::chrono_literals;
using testing::ClientResponse;
using testing::TlsClient;
using testing::TlsClientOptions;
namespace fs = std::filesystem;

class TlsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("lienthong-tls-" + std::to_string(::getpid()) + "-" + test->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // The server reads server.crt and server.key; tests overwrite them to renew.
    WriteCertificate("server", "lienthong-test-a", 1001);
  }

  void TearDown() override {
    if (server_) server_->Stop(5s);
    fs::remove_all(dir_);
    EXPECT_FALSE(fs::exists(dir_));
  }

  void WriteCertificate(const std::string& stem, const std::string& common_name, long serial) {
    std::string error = testing::WriteSelfSignedCertificate(
        Path(stem + ".crt"), Path(stem + ".key"), common_name, serial);
    ASSERT_EQ(error, "");
  }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  ServerOptions TlsOptions() const {
    ServerOptions options;
    options.bind_address = "127.0.0.1";
    options.port = 0;
    options.tls_cert_file = Path("server.crt");
    options.tls_key_file = Path("server.key");
    return options;
  }

  static std::unique_ptr<Server> MakeServer(ServerOptions options) {
    return std::make_unique<Server>(
        std::move(options),
        [](Request&& request, Responder respond) {
          Response response;
          response.body = "hello " + request.path;
          response.set_header("Content-Type", "text/plain");
          // The server's own policy must win over a handler's.
          response.set_header("X-Content-Type-Options", "sniff");
          respond(std::move(response));
        },
        [](int status, const std::string& message) {
          Response r;
          r.status = status;
          r.body = message;
          return r;
        });
  }

  void StartServer() {
    server_ = MakeServer(TlsOptions());
    Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started.ToString();
    ASSERT_TRUE(server_->tls());
  }

  TlsClient Client(TlsClientOptions options = {}) {
    return TlsClient("127.0.0.1", server_->port(), std::move(options));
  }

  fs::path dir_;
  std::unique_ptr<Server> server_;
};

TEST_F(TlsServerTest, Tls12AndTls13HandshakesAnswerHttp) {
  StartServer();
  struct Case {
    int version;
    const char* protocol;
  };
  for (const Case& c : {Case{TLS1_2_VERSION, "TLSv1.2"}, Case{TLS1_3_VERSION, "TLSv1.3"}}) {
    SCOPED_TRACE(c.protocol);
    TlsClient client = Client({.min_version = c.version, .max_version = c.version});
    ASSERT_EQ(client.Connect(), "");
    EXPECT_EQ(client.protocol(), c.protocol);
    ClientResponse r = client.Get("/hello");
    ASSERT_EQ(r.status, 200) << r.error;
    EXPECT_EQ(r.body, "hello /hello");
    EXPECT_TRUE(r.keep_alive);
  }
}

TEST_F(TlsServerTest, Tls12NegotiatesForwardSecrecyWithAnAeadCipher) {
  StartServer();
  TlsClient client = Client({.min_version = TLS1_2_VERSION, .max_version = TLS1_2_VERSION});
  ASSERT_EQ(client.Connect(), "");
  const std::string cipher = client.cipher();
  EXPECT_EQ(cipher.rfind("ECDHE-", 0), 0u) << cipher;
  EXPECT_TRUE(cipher.find("GCM") != std::string::npos ||
              cipher.find("CHACHA20-POLY1305") != std::string::npos)
      << cipher;
}

TEST_F(TlsServerTest, RefusesOutdatedProtocolsAndCiphers) {
  StartServer();
  struct Case {
    const char* name;
    TlsClientOptions options;
    const char* reason;  // in the client's handshake error
  };
  const std::vector<Case> cases = {
      {"TLS 1.1",
       {.min_version = TLS1_1_VERSION,
        .max_version = TLS1_1_VERSION,
        .security_level = 0,
        .tls12_ciphers = "ALL:@SECLEVEL=0"},
       "version"},
      {"TLS 1.2 with CBC ciphers only",
       {.min_version = TLS1_2_VERSION,
        .max_version = TLS1_2_VERSION,
        .tls12_ciphers = "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA"},
       "handshake failure"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TlsClient client = Client(c.options);
    std::string error = client.Connect();
    EXPECT_NE(error.find(c.reason), std::string::npos) << error;
  }
  // The refusals cost the server nothing lasting.
  TlsClient client = Client();
  ASSERT_EQ(client.Connect(), "");
  EXPECT_EQ(client.Get("/after").status, 200);
}

TEST_F(TlsServerTest, PlainHttpOnTheTlsPortGetsNoAnswer) {
  StartServer();
  testing::HttpClient plain("127.0.0.1", server_->port(), 5s);
  ClientResponse r = plain.Send("GET", "/hello");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error, "");
}

TEST_F(TlsServerTest, EveryResponseCarriesHstsAndNosniffOnce) {
  StartServer();
  TlsClient client = Client();
  ASSERT_EQ(client.Connect(), "");
  ClientResponse ok = client.Get("/hello");
  ASSERT_EQ(ok.status, 200) << ok.error;
  ASSERT_EQ(client.Connect(), "");
  // Answered by the HTTP layer itself, without the handler.
  ClientResponse error = client.Get("/%zz");
  ASSERT_EQ(error.status, 400) << error.error;
  for (const ClientResponse* r : {&ok, &error}) {
    EXPECT_EQ(r->header("Strict-Transport-Security"), "max-age=31536000");
    int nosniff = 0;
    for (const Header& h : r->headers) {
      if (EqualsIgnoreCase(h.name, "X-Content-Type-Options")) {
        ++nosniff;
        EXPECT_EQ(h.value, "nosniff");
      }
    }
    EXPECT_EQ(nosniff, 1);
  }
}

TEST_F(TlsServerTest, StartFailsOnUnusableCertificateOrKey) {
  WriteCertificate("other", "lienthong-test-other", 7);
  {
    std::ofstream garbage(Path("garbage.key"));
    garbage << "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n";
  }
  struct Case {
    std::string cert;
    std::string key;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {Path("server.crt"), Path("missing.key"), "cannot read TLS key file"},
      {Path("missing.crt"), Path("server.key"), "cannot read TLS certificate file"},
      {Path("server.crt"), "", "both a certificate file and a key file"},
      {Path("server.crt"), Path("other.key"), "does not match"},
      {Path("server.crt"), Path("garbage.key"), "cannot load TLS private key"},
      {Path("server.key"), Path("server.key"), "cannot load TLS certificate chain"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.cert + " " + c.key);
    ServerOptions options = TlsOptions();
    options.tls_cert_file = c.cert;
    options.tls_key_file = c.key;
    std::unique_ptr<Server> server = MakeServer(options);
    Status started = server->Start();
    ASSERT_FALSE(started.ok());
    EXPECT_EQ(started.code(), ErrorCode::kInvalid);
    EXPECT_NE(started.message().find(c.reason), std::string::npos) << started.message();
    // Never the key itself.
    EXPECT_EQ(started.message().find("BEGIN"), std::string::npos);
  }
}

TEST_F(TlsServerTest, ReloadServesTheNewCertificateToNewConnectionsOnly) {
  StartServer();
  TlsClient old_client = Client();
  ASSERT_EQ(old_client.Connect(), "");
  ASSERT_EQ(old_client.Get("/before").status, 200);
  EXPECT_EQ(old_client.peer_serial(), "1001");

  WriteCertificate("server", "lienthong-test-b", 1002);
  Status reloaded = server_->ReloadTls();
  ASSERT_TRUE(reloaded.ok()) << reloaded.ToString();

  TlsClient new_client = Client();
  ASSERT_EQ(new_client.Connect(), "");
  EXPECT_EQ(new_client.peer_serial(), "1002");
  EXPECT_EQ(new_client.peer_common_name(), "lienthong-test-b");
  EXPECT_EQ(new_client.Get("/new").status, 200);
  // The kept-alive connection goes on with the session it has.
  ClientResponse r = old_client.Get("/after");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, "hello /after");
  EXPECT_EQ(old_client.peer_serial(), "1001");
}

TEST_F(TlsServerTest, FailedReloadKeepsTheCertificateInUse) {
  StartServer();
  // A renewal half done: the new certificate is there, its key is not.
  WriteCertificate("next", "lienthong-test-next", 2002);
  fs::copy_file(Path("next.crt"), Path("server.crt"), fs::copy_options::overwrite_existing);
  Status reloaded = server_->ReloadTls();
  ASSERT_FALSE(reloaded.ok());
  EXPECT_NE(reloaded.message().find("does not match"), std::string::npos) << reloaded.message();
  TlsClient client = Client();
  ASSERT_EQ(client.Connect(), "");
  EXPECT_EQ(client.peer_serial(), "1001");
  EXPECT_EQ(client.Get("/still").status, 200);
}

TEST_F(TlsServerTest, ReloadWithoutTlsFails) {
  ServerOptions options;
  options.bind_address = "127.0.0.1";
  options.port = 0;
  server_ = MakeServer(options);
  ASSERT_TRUE(server_->Start().ok());
  EXPECT_FALSE(server_->tls());
  EXPECT_FALSE(server_->ReloadTls().ok());
}

}  // namespace
}  // namespace lienthong::http
