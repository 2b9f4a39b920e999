#include "support/tls_client.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace lienthong::testing {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

struct X509Free {
  void operator()(X509* certificate) const { X509_free(certificate); }
};

}  // namespace

// Every operation is asynchronous and run to completion at once, so that
// tcp_stream's expiry bounds it (a synchronous call could wait for ever).
struct TlsClient::Transport {
  net::io_context io;
  ssl::context tls{ssl::context::tls_client};
  std::optional<beast::ssl_stream<beast::tcp_stream>> stream;  // made once tls is configured
  beast::flat_buffer buffer;

  beast::error_code Run() {
    io.restart();
    io.run();
    return result;
  }
  auto Done() {
    return [this](beast::error_code ec, auto&&...) { result = ec; };
  }
  beast::error_code result;
};

TlsClient::TlsClient(std::string host, uint16_t port, TlsClientOptions options,
                     std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), options_(std::move(options)), timeout_(timeout) {}

TlsClient::~TlsClient() = default;

std::string TlsClient::Connect() {
  transport_.reset();
  auto t = std::make_unique<Transport>();
  SSL_CTX* ctx = t->tls.native_handle();
  if (options_.security_level >= 0) SSL_CTX_set_security_level(ctx, options_.security_level);
  if (options_.min_version != 0) SSL_CTX_set_min_proto_version(ctx, options_.min_version);
  if (options_.max_version != 0) SSL_CTX_set_max_proto_version(ctx, options_.max_version);
  if (!options_.tls12_ciphers.empty() &&
      SSL_CTX_set_cipher_list(ctx, options_.tls12_ciphers.c_str()) != 1) {
    ERR_clear_error();
    return "the client refuses cipher list " + options_.tls12_ciphers;
  }
  t->stream.emplace(t->io, t->tls);
  beast::error_code ec;
  net::ip::tcp::endpoint endpoint(net::ip::make_address(host_, ec), port_);
  if (ec) return "bad host: " + ec.message();
  beast::get_lowest_layer(*t->stream).expires_after(timeout_);
  beast::get_lowest_layer(*t->stream).async_connect(endpoint, t->Done());
  if (ec = t->Run(); ec) return "connect: " + ec.message();
  t->stream->async_handshake(ssl::stream_base::client, t->Done());
  if (ec = t->Run(); ec) return "handshake: " + ec.message();
  transport_ = std::move(t);
  return {};
}

ClientResponse TlsClient::Get(std::string_view target) {
  ClientResponse result;
  if (transport_ == nullptr) {
    result.error = "not connected";
    return result;
  }
  Transport& t = *transport_;
  std::string request = "GET " + std::string(target) + " HTTP/1.1\r\nHost: " + host_ + ":" +
                        std::to_string(port_) + "\r\n\r\n";
  beast::get_lowest_layer(*t.stream).expires_after(timeout_);
  net::async_write(*t.stream, net::buffer(request), t.Done());
  beast::error_code ec = t.Run();
  bhttp::response_parser<bhttp::string_body> parser;
  if (!ec) {
    bhttp::async_read(*t.stream, t.buffer, parser, t.Done());
    ec = t.Run();
  }
  if (ec) {
    result.error = ec.message();
    transport_.reset();
    return result;
  }
  auto& message = parser.get();
  result.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    result.headers.push_back({std::string(field.name_string().data(), field.name_string().size()),
                              std::string(field.value().data(), field.value().size())});
  }
  result.wire_body_size = message.body().size();
  result.keep_alive = message.keep_alive();
  result.body = std::move(message.body());
  if (!result.keep_alive) transport_.reset();
  return result;
}

std::string TlsClient::protocol() const {
  return transport_ ? SSL_get_version(transport_->stream->native_handle()) : "";
}

std::string TlsClient::cipher() const {
  return transport_ ? SSL_get_cipher_name(transport_->stream->native_handle()) : "";
}

std::string TlsClient::peer_serial() const {
  if (transport_ == nullptr) return {};
  std::unique_ptr<X509, X509Free> peer(
      SSL_get1_peer_certificate(transport_->stream->native_handle()));
  if (peer == nullptr) return {};
  return std::to_string(ASN1_INTEGER_get(X509_get0_serialNumber(peer.get())));
}

std::string TlsClient::peer_common_name() const {
  if (transport_ == nullptr) return {};
  std::unique_ptr<X509, X509Free> peer(
      SSL_get1_peer_certificate(transport_->stream->native_handle()));
  if (peer == nullptr) return {};
  char name[256] = {};
  if (X509_NAME_get_text_by_NID(X509_get_subject_name(peer.get()), NID_commonName, name,
                                sizeof(name)) < 0) {
    return {};
  }
  return name;
}

}  // namespace lienthong::testing
