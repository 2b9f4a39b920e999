#include "auth/jwks_fetcher.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace lienthong::auth {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

constexpr size_t kMaxBody = 1 << 20;
constexpr std::chrono::seconds kTimeout{10};

struct Url {
  bool https = false;
  std::string host;
  std::string port;
  std::string target;
};

Result<Url> ParseUrl(const std::string& url) {
  Url u;
  std::string rest;
  if (url.starts_with("https://")) {
    u.https = true;
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return Status::Invalid("a JWKS URL must be https");
  }
  const size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  u.target = slash == std::string::npos ? "/" : rest.substr(slash);
  // host:port, or [v6]:port; a bare v6 address needs its brackets.
  const size_t colon = authority.rfind(':');
  const size_t bracket = authority.rfind(']');
  if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
    u.port = authority.substr(colon + 1);
    authority = authority.substr(0, colon);
  }
  u.host = authority;
  if (u.port.empty()) u.port = u.https ? "443" : "80";
  const bool loopback = u.host == "localhost" || u.host.starts_with("127.") || u.host == "[::1]";
  if (!u.https && !loopback)
    return Status::Invalid("a JWKS URL must be https (http on loopback only)");
  if (u.host.empty()) return Status::Invalid("the JWKS URL has no host");
  return u;
}

template <typename Stream>
Result<std::string> Exchange(Stream& stream, const Url& u) {
  bhttp::request<bhttp::empty_body> request{bhttp::verb::get, u.target, 11};
  request.set(bhttp::field::host, u.host);
  request.set(bhttp::field::accept, "application/json, application/jwk-set+json");
  request.set(bhttp::field::user_agent, "lienthong");
  bhttp::write(stream, request);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kMaxBody);
  bhttp::read(stream, buffer, parser);
  if (parser.get().result_int() != 200) {
    return Status::IoError("the JWKS URL answered " + std::to_string(parser.get().result_int()));
  }
  return std::move(parser.get().body());
}

}  // namespace

Result<std::string> FetchJwks(const std::string& url) {
  Result<Url> parsed = ParseUrl(url);
  if (!parsed.ok()) return parsed.take_status();
  const Url& u = *parsed;
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    auto endpoints = resolver.resolve(u.host, u.port);
    if (!u.https) {
      beast::tcp_stream stream(io);
      stream.expires_after(kTimeout);
      stream.connect(endpoints);
      return Exchange(stream, u);
    }
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(asio::ssl::verify_peer);
    SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
    asio::ssl::stream<beast::tcp_stream> stream(io, tls);
    SSL_set_tlsext_host_name(stream.native_handle(), u.host.c_str());
    stream.set_verify_callback(asio::ssl::host_name_verification(u.host));
    beast::get_lowest_layer(stream).expires_after(kTimeout);
    beast::get_lowest_layer(stream).connect(endpoints);
    stream.handshake(asio::ssl::stream_base::client);
    return Exchange(stream, u);
  } catch (const std::exception& e) {
    return Status::IoError("cannot fetch the JWKS from " + url.substr(0, 200) + ": " + e.what());
  }
}

}  // namespace lienthong::auth
