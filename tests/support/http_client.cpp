#include "support/http_client.h"

#include <optional>

#include <zlib.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace lienthong::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

bool Gunzip(std::string_view in, std::string* out) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 32) != Z_OK) return false;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream.avail_in = static_cast<uInt>(in.size());
  out->clear();
  char chunk[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof(chunk);
    rc = inflate(&stream, Z_NO_FLUSH);
    out->append(chunk, sizeof(chunk) - stream.avail_out);
  }
  inflateEnd(&stream);
  return rc == Z_STREAM_END;
}

}  // namespace

std::string Gzip(std::string_view data) {
  z_stream stream{};
  deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string_view ClientResponse::header(std::string_view name) const {
  for (const http::Header& h : headers) {
    if (http::EqualsIgnoreCase(h.name, name)) return h.value;
  }
  return {};
}

struct HttpClient::Transport {
  net::io_context context;
  beast::tcp_stream stream{context};
  beast::flat_buffer buffer;
};

HttpClient::HttpClient(std::string host, uint16_t port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {}

HttpClient::~HttpClient() = default;

void HttpClient::Disconnect() { transport_.reset(); }

bool HttpClient::EnsureConnected(std::string* error) {
  if (transport_ != nullptr) return true;
  auto transport = std::make_unique<Transport>();
  beast::error_code ec;
  net::ip::tcp::endpoint endpoint(net::ip::make_address(host_, ec), port_);
  if (ec) {
    *error = "bad host: " + ec.message();
    return false;
  }
  transport->stream.expires_after(timeout_);
  transport->stream.socket().connect(endpoint, ec);
  if (ec) {
    *error = "connect: " + ec.message();
    return false;
  }
  transport_ = std::move(transport);
  ++connections_opened_;
  return true;
}

ClientResponse HttpClient::Send(std::string_view method, std::string_view target,
                                std::string_view body, const std::vector<http::Header>& headers) {
  std::string bytes;
  bytes.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: ");
  bytes.append(host_).append(":").append(std::to_string(port_)).append("\r\n");
  bool has_length = false;
  for (const http::Header& h : headers) {
    if (http::EqualsIgnoreCase(h.name, "Content-Length") ||
        http::EqualsIgnoreCase(h.name, "Transfer-Encoding")) {
      has_length = true;
    }
    bytes.append(h.name).append(": ").append(h.value).append("\r\n");
  }
  if (!has_length && (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")) {
    bytes.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  bytes.append("\r\n").append(body);
  return Exchange(bytes, method == "HEAD");
}

ClientResponse HttpClient::SendRaw(std::string_view bytes) {
  return Exchange(bytes, bytes.substr(0, 5) == "HEAD ");
}

ClientResponse HttpClient::Exchange(std::string_view bytes, bool head) {
  ClientResponse result;
  // A kept-alive connection the server has since closed fails on first use;
  // retry once on a fresh one.
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool reused = transport_ != nullptr;
    if (!EnsureConnected(&result.error)) return result;
    beast::error_code ec;
    transport_->stream.expires_after(timeout_);
    net::write(transport_->stream, net::buffer(bytes.data(), bytes.size()), ec);
    std::optional<bhttp::response_parser<bhttp::string_body>> parser;
    // Interim 1xx responses (100 Continue) precede the real one.
    while (!ec) {
      parser.emplace();
      parser->body_limit(1ull << 32);
      parser->skip(head);
      bhttp::read(transport_->stream, transport_->buffer, *parser, ec);
      int status = static_cast<int>(parser->get().result_int());
      if (ec || status < 100 || status >= 200 || status == 101) break;
    }
    if (ec) {
      transport_.reset();
      if (reused && attempt == 0) continue;
      result.error = ec.message();
      return result;
    }
    auto& message = parser->get();
    result.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      result.headers.push_back({std::string(field.name_string().data(), field.name_string().size()),
                                std::string(field.value().data(), field.value().size())});
    }
    result.wire_body_size = message.body().size();
    result.keep_alive = message.keep_alive();
    result.gzipped = http::EqualsIgnoreCase(result.header("Content-Encoding"), "gzip");
    if (result.gzipped) {
      if (!Gunzip(message.body(), &result.body)) result.error = "corrupt gzip body";
    } else {
      result.body = std::move(message.body());
    }
    if (!result.keep_alive) transport_.reset();
    return result;
  }
  return result;
}

}  // namespace lienthong::testing
