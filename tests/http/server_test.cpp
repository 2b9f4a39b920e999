#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "support/http_client.h"

namespace lienthong::http {
namespace {

using namespace std::chrono_literals;
using testing::ClientResponse;
using testing::HttpClient;
using Clock = std::chrono::steady_clock;

std::string QueryText(const Request& request) {
  std::string text;
  for (const auto& [name, value] : request.query) {
    if (!text.empty()) text += '|';
    text += name + '=' + value;
  }
  return text;
}

// Starts a Server on a free loopback port with a handler that routes on the
// path: /echo echoes, /big and /small answer fixed bodies, /slow answers from
// another thread after ?ms=, /throw throws.
class ServerTest : public ::testing::Test {
 protected:
  void StartServer(ServerOptions options = {}) {
    options.bind_address = "127.0.0.1";
    options.port = 0;
    options.max_body_bytes =
        options.max_body_bytes == ServerOptions{}.max_body_bytes ? 10000 : options.max_body_bytes;
    server_ = std::make_unique<Server>(
        options,
        [this](Request&& request, Responder respond) { Handle(std::move(request), respond); },
        [](int status, std::string message) {
          Response r;
          r.status = status;
          r.body = "error: " + message;
          r.set_header("Content-Type", "text/plain");
          return r;
        });
    Status status = server_->Start();
    ASSERT_TRUE(status.ok()) << status.ToString();
    ASSERT_NE(server_->port(), 0);
  }

  void TearDown() override {
    if (server_) server_->Stop(5s);
    std::lock_guard<std::mutex> lock(workers_mu_);
    for (std::thread& t : workers_) t.join();
  }

  void Handle(Request&& request, Responder respond) {
    handled_.fetch_add(1);
    Response response;
    if (request.path == "/slow") {
      int ms = request.query.empty() ? 100 : std::stoi(request.query[0].second);
      std::lock_guard<std::mutex> lock(workers_mu_);
      workers_.emplace_back([ms, respond = std::move(respond)] {
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        Response late;
        late.body = "slept " + std::to_string(ms);
        respond(std::move(late));
      });
      return;
    }
    if (request.path == "/throw") throw std::runtime_error("handler bug");
    if (request.path == "/big") {
      response.body = std::string(5000, 'x');
    } else if (request.path == "/big-raw") {
      response.body = std::string(5000, 'x');
      response.compressible = false;
    } else if (request.path == "/big-vary") {
      response.body = std::string(5000, 'x');
      response.set_header("Vary", "Prefer");
    } else if (request.path == "/small") {
      response.body = std::string(100, 'x');
    } else {
      response.body = request.body;
    }
    response.set_header("X-Method", request.method);
    response.set_header("X-Path", request.path);
    response.set_header("X-Query", QueryText(request));
    response.set_header("X-Remote", request.remote_address);
    response.set_header("X-Seen-Request-Id", request.request_id);
    response.set_header("X-Deadline-Ok", request.deadline > request.received_at ? "yes" : "no");
    response.set_header("X-Seen-Content-Encoding", std::string(request.header("Content-Encoding")));
    respond(std::move(response));
  }

  HttpClient Client() { return HttpClient("127.0.0.1", server_->port()); }

  std::unique_ptr<Server> server_;
  std::atomic<int> handled_{0};
  std::mutex workers_mu_;
  std::vector<std::thread> workers_;
};

TEST_F(ServerTest, KeepAliveReusesOneConnection) {
  StartServer();
  HttpClient client = Client();
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    ClientResponse r = client.Send("GET", "/echo");
    ASSERT_EQ(r.status, 200) << r.error;
    EXPECT_TRUE(r.keep_alive);
    EXPECT_EQ(r.header("Server"), "lienthong");
    EXPECT_EQ(r.header("X-Remote"), "127.0.0.1");
    EXPECT_EQ(r.header("X-Deadline-Ok"), "yes");
    EXPECT_EQ(r.header("X-Request-Id"), r.header("X-Seen-Request-Id"));
    ids.insert(std::string(r.header("X-Request-Id")));
  }
  EXPECT_EQ(ids.size(), 20u);
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, HonoursASafeIncomingRequestId) {
  StartServer();
  HttpClient client = Client();
  ClientResponse r = client.Send("GET", "/echo", "", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(r.header("X-Request-Id"), "abc-123");
  r = client.Send("GET", "/echo", "", {{"X-Request-Id", "bad id with spaces"}});
  EXPECT_NE(r.header("X-Request-Id"), "bad id with spaces");
  EXPECT_FALSE(r.header("X-Request-Id").empty());
}

TEST_F(ServerTest, ParsesPathAndQuery) {
  StartServer();
  HttpClient client = Client();
  ClientResponse r = client.Send("GET", "/echo%2Fx/a%20b?name=an+b&x=%C3%A1&flag&&y=1%2B1");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("X-Path"), "/echo/x/a b");
  EXPECT_EQ(r.header("X-Query"), "name=an b|x=\xC3\xA1|flag=|y=1+1");
}

TEST_F(ServerTest, MalformedPercentEncodingIs400) {
  StartServer();
  HttpClient client = Client();
  ClientResponse r = client.Send("GET", "/echo?x=%G0");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(handled_.load(), 0);
}

TEST_F(ServerTest, EchoesBodyAndMethod) {
  StartServer();
  HttpClient client = Client();
  ClientResponse r = client.Send("PUT", "/echo", "{\"resourceType\":\"Patient\"}");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("X-Method"), "PUT");
  EXPECT_EQ(r.body, "{\"resourceType\":\"Patient\"}");
}

TEST_F(ServerTest, BodyOverLimitWithContentLengthIs413WithoutCallingHandler) {
  StartServer();
  HttpClient client = Client();
  ClientResponse r = client.Send("POST", "/echo", std::string(10001, 'b'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.body.rfind("error: ", 0), 0u);
  EXPECT_FALSE(r.keep_alive);
  // Refused from the Content-Length alone, before any body is read.
  r = client.SendRaw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(handled_.load(), 0);
  // At the limit is fine.
  r = client.Send("POST", "/echo", std::string(10000, 'b'));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), 10000u);
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413) {
  StartServer();
  HttpClient client = Client();
  std::string request = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 30; ++i) request += "3e8\r\n" + std::string(1000, 'c') + "\r\n";
  request += "0\r\n\r\n";
  ClientResponse r = client.SendRaw(request);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(handled_.load(), 0);
  // A small chunked body goes through.
  r = client.SendRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello world");
}

TEST_F(ServerTest, MalformedRequestsAre400AndClose) {
  StartServer();
  const std::string inputs[] = {
      "GARBAGE\r\n\r\n",
      "GET / HTTP/9.9\r\n\r\n",
      "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
      "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
  };
  for (const std::string& input : inputs) {
    HttpClient client = Client();
    ClientResponse r = client.SendRaw(input);
    EXPECT_EQ(r.status, 400) << input << " " << r.error;
    EXPECT_FALSE(r.keep_alive);
  }
  EXPECT_EQ(handled_.load(), 0);
}

TEST_F(ServerTest, HeaderBlockOverLimitIs431) {
  ServerOptions options;
  options.max_header_bytes = 2000;
  StartServer(options);
  HttpClient client = Client();
  ClientResponse r = client.Send("GET", "/echo", "", {{"X-Big", std::string(5000, 'h')}});
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(handled_.load(), 0);
}

TEST_F(ServerTest, GzipFollowsAcceptEncodingAndSize) {
  StartServer();
  struct Case {
    std::string target;
    std::string accept_encoding;
    bool gzipped;
  };
  const Case cases[] = {
      {"/big", "gzip", true},      {"/big", "gzip, deflate, br", true}, {"/big", "*", true},
      {"/big", "", false},         {"/big", "gzip;q=0", false},         {"/big", "br", false},
      {"/small", "gzip", false},    // under gzip_min_bytes
      {"/big-raw", "gzip", false},  // handler said not compressible
  };
  HttpClient client = Client();
  for (const Case& c : cases) {
    std::vector<Header> headers;
    if (!c.accept_encoding.empty()) headers.push_back({"Accept-Encoding", c.accept_encoding});
    ClientResponse r = client.Send("GET", c.target, "", headers);
    ASSERT_EQ(r.status, 200) << r.error;
    EXPECT_EQ(r.gzipped, c.gzipped) << c.target << " / " << c.accept_encoding;
    EXPECT_EQ(r.error, "");
    if (c.gzipped) {
      EXPECT_LT(r.wire_body_size, 200u);
    }
    // Whatever this client got, another would get the other encoding.
    EXPECT_EQ(r.header("Vary"), c.target == "/big" ? "Accept-Encoding" : "") << c.target;
    EXPECT_EQ(r.body, std::string(c.target == "/small" ? 100 : 5000, 'x'));
  }
}

TEST_F(ServerTest, VaryIsMergedWithTheHandlers) {
  StartServer();
  HttpClient client = Client();
  ClientResponse r = client.Send("GET", "/big-vary", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_TRUE(r.gzipped);
  EXPECT_EQ(r.header("Vary"), "Prefer, Accept-Encoding");
}

TEST_F(ServerTest, AcceptsGzipRequestBodyWithinLimit) {
  StartServer();
  HttpClient client = Client();
  std::string body(8000, 'z');
  ClientResponse r =
      client.Send("POST", "/echo", testing::Gzip(body), {{"Content-Encoding", "gzip"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, body);
  EXPECT_EQ(r.header("X-Seen-Content-Encoding"), "");
  // Small on the wire, over the limit once inflated.
  r = client.Send("POST", "/echo", testing::Gzip(std::string(20000, 'z')),
                  {{"Content-Encoding", "gzip"}});
  EXPECT_EQ(r.status, 413);
  r = client.Send("POST", "/echo", "definitely not gzip", {{"Content-Encoding", "gzip"}});
  EXPECT_EQ(r.status, 400);
  r = client.Send("POST", "/echo", "x", {{"Content-Encoding", "compress"}});
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(handled_.load(), 1);
}

TEST_F(ServerTest, HeadSendsHeadersWithoutBody) {
  StartServer();
  HttpClient client = Client();
  ClientResponse r = client.Send("HEAD", "/big-raw");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("X-Method"), "HEAD");
  EXPECT_EQ(r.header("Content-Length"), "5000");
  EXPECT_EQ(r.body, "");
  // The connection is still in step for the next request.
  r = client.Send("GET", "/small");
  EXPECT_EQ(r.body.size(), 100u);
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, Http10ClosesUnlessKeepAliveAsked) {
  StartServer();
  HttpClient client = Client();
  ClientResponse r = client.SendRaw("GET /small HTTP/1.0\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.keep_alive);
  r = client.SendRaw("GET /small HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.keep_alive);
  EXPECT_EQ(r.header("Connection"), "keep-alive");
  r = client.Send("GET", "/small", "", {{"Connection", "close"}});
  EXPECT_FALSE(r.keep_alive);
}

TEST_F(ServerTest, ExpectContinueGetsTheBody) {
  StartServer();
  HttpClient client = Client();
  ClientResponse r = client.SendRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello");
  // The client reads the interim 100 and then the final response.
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, "hello");
}

TEST_F(ServerTest, AsyncHandlerAnswersFromAnotherThread) {
  StartServer();
  HttpClient client = Client();
  Clock::time_point start = Clock::now();
  ClientResponse r = client.Send("GET", "/slow?ms=150");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "slept 150");
  EXPECT_GE(Clock::now() - start, 150ms);
  r = client.Send("GET", "/small");  // and the connection carries on
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, HandlerThatThrowsGets500) {
  StartServer();
  HttpClient client = Client();
  ClientResponse r = client.Send("GET", "/throw");
  EXPECT_EQ(r.status, 500);
  r = client.Send("GET", "/small");
  EXPECT_EQ(r.status, 200);
}

TEST_F(ServerTest, StopWaitsForInFlightRequest) {
  StartServer();
  ClientResponse slow;
  std::thread requester([&] {
    HttpClient client = Client();
    slow = client.Send("GET", "/slow?ms=400");
  });
  while (handled_.load() == 0) std::this_thread::sleep_for(1ms);
  Clock::time_point start = Clock::now();
  server_->Stop(5s);
  Clock::duration took = Clock::now() - start;
  requester.join();
  EXPECT_EQ(slow.status, 200) << slow.error;
  EXPECT_EQ(slow.body, "slept 400");
  EXPECT_FALSE(slow.keep_alive);  // answered during shutdown
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 3s);
  // No longer accepting.
  HttpClient late = Client();
  EXPECT_EQ(late.Send("GET", "/small").status, 0);
}

TEST_F(ServerTest, StopGraceIsBounded) {
  StartServer();
  std::thread requester([&] {
    HttpClient client = Client();
    client.Send("GET", "/slow?ms=1500");
  });
  while (handled_.load() == 0) std::this_thread::sleep_for(1ms);
  Clock::time_point start = Clock::now();
  server_->Stop(100ms);
  EXPECT_LT(Clock::now() - start, 1s);
  requester.join();
  // The worker answers into a stopped server (TearDown joins it): no crash.
}

TEST_F(ServerTest, IdleConnectionIsClosedAfterReadTimeout) {
  ServerOptions options;
  options.read_timeout = 200ms;
  StartServer(options);
  HttpClient client = Client();
  EXPECT_EQ(client.Send("GET", "/small").status, 200);
  std::this_thread::sleep_for(600ms);
  EXPECT_EQ(client.Send("GET", "/small").status, 200);
  EXPECT_EQ(client.connections_opened(), 2);  // the first was closed by the server

  // A client that starts a request and stalls is cut off too.
  boost::asio::io_context context;
  boost::asio::ip::tcp::socket socket(context);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  boost::asio::write(socket, boost::asio::buffer(std::string("GET /small HTTP/1.1\r\nHo")));
  char byte;
  boost::system::error_code ec;
  Clock::time_point start = Clock::now();
  boost::asio::read(socket, boost::asio::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec);  // closed without an answer
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST_F(ServerTest, RefusesConnectionsOverTheLimit) {
  ServerOptions options;
  options.max_connections = 2;
  StartServer(options);
  HttpClient a = Client();
  HttpClient b = Client();
  ASSERT_EQ(a.Send("GET", "/small").status, 200);
  ASSERT_EQ(b.Send("GET", "/small").status, 200);
  HttpClient c = Client();
  ClientResponse r = c.Send("GET", "/small");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  a.Disconnect();
  // Once a slot frees up, new connections are served again.
  for (int i = 0; i < 100 && r.status != 200; ++i) {
    std::this_thread::sleep_for(10ms);
    r = c.Send("GET", "/small");
  }
  EXPECT_EQ(r.status, 200);
}

TEST_F(ServerTest, ManyConcurrentConnections) {
  StartServer();
  constexpr int kClients = 64;
  constexpr int kRequests = 25;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client = Client();
      for (int j = 0; j < kRequests; ++j) {
        std::string body = std::to_string(i) + ":" + std::to_string(j);
        ClientResponse r = client.Send("POST", "/echo", body);
        if (r.status == 200 && r.body == body) ok.fetch_add(1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), kClients * kRequests);
}

TEST_F(ServerTest, SurvivesRandomBytes) {
  StartServer();
  std::mt19937 random(12345);
  const std::string prefixes[] = {"", "GET / HTTP/1.1\r\n",
                                  "POST /echo HTTP/1.1\r\nContent-Length: 3\r\n",
                                  "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"};
  for (int i = 0; i < 200; ++i) {
    std::string input = prefixes[i % 4];
    size_t length = random() % 300;
    for (size_t j = 0; j < length; ++j) input.push_back(static_cast<char>(random() % 256));
    input += "\r\n\r\n";
    boost::asio::io_context context;
    boost::asio::ip::tcp::socket socket(context);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
    boost::system::error_code ec;
    boost::asio::write(socket, boost::asio::buffer(input), ec);
    socket.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
    std::string reply;
    char chunk[4096];
    // The server answers or closes; it must not keep the connection hanging
    // once the client has finished sending.
    while (true) {
      size_t n = socket.read_some(boost::asio::buffer(chunk), ec);
      if (ec) break;
      reply.append(chunk, n);
    }
    EXPECT_TRUE(reply.empty() || reply.rfind("HTTP/1.1 ", 0) == 0) << reply;
  }
  HttpClient client = Client();
  EXPECT_EQ(client.Send("GET", "/small").status, 200);
}

TEST_F(ServerTest, EveryResponseSaysNosniffAndPlainHttpNoHsts) {
  StartServer();
  HttpClient client = Client();
  ClientResponse ok = client.Send("GET", "/small");
  ASSERT_EQ(ok.status, 200);
  // Answered by the HTTP layer itself, without the handler.
  ClientResponse error = client.Send("GET", "/%zz");
  ASSERT_EQ(error.status, 400);
  for (const ClientResponse* r : {&ok, &error}) {
    EXPECT_EQ(r->header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r->header("Strict-Transport-Security"), "");
  }
}

TEST_F(ServerTest, BindFailureIsReported) {
  StartServer();
  ServerOptions options;
  options.bind_address = "127.0.0.1";
  // SO_REUSEADDR does not allow two listeners on one port.
  options.port = server_->port();
  Server second(
      options, [](Request&&, Responder respond) { respond(Response()); }, nullptr);
  EXPECT_FALSE(second.Start().ok());
  ServerOptions bad;
  bad.bind_address = "not an address";
  Server third(
      bad, [](Request&&, Responder respond) { respond(Response()); }, nullptr);
  EXPECT_FALSE(third.Start().ok());
}

}  // namespace
}  // namespace lienthong::http
