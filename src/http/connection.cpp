#include "http/connection.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <random>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

#include "http/gzip.h"
#include "http/response_head.h"
#include "http/target.h"

namespace lienthong::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

// How long an error response may take to be read by a client still sending
// a body we refused, before the connection is closed under it.
constexpr std::chrono::seconds kDrainTime{2};

// An incoming X-Request-Id is kept when it is short and plainly safe to log
// and echo; otherwise the server makes one.
bool IsSafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

// "<8 random hex digits>-<counter in hex>": unique within the process, and
// across restarts with high probability; costs one atomic increment.
void NewRequestId(std::string* out) {
  static const std::string prefix = [] {
    std::random_device random;
    char text[16];
    std::snprintf(text, sizeof(text), "%08x", static_cast<unsigned>(random()));
    return std::string(text);
  }();
  static std::atomic<uint64_t> counter{0};
  uint64_t n = counter.fetch_add(1, std::memory_order_relaxed) + 1;
  char text[24];
  char* end = text + sizeof(text);
  char* p = end;
  do {
    *--p = "0123456789abcdef"[n & 15];
    n >>= 4;
  } while (n != 0);
  *--p = '-';
  out->assign(prefix);
  out->append(p, static_cast<size_t>(end - p));
}

bool IsHttpError(const beast::error_code& ec) {
  return &ec.category() == &bhttp::make_error_code(bhttp::error::bad_target).category();
}

Response DefaultError(int status, std::string message) {
  Response r;
  r.status = status;
  r.body = std::move(message);
  r.set_header("Content-Type", "text/plain; charset=utf-8");
  return r;
}

// The stream over an accepted socket: the socket itself, or a TLS session
// (server side) over it.
template <typename Stream>
Stream MakeStream(TcpSocket socket, net::ssl::context* tls_context) {
  if constexpr (std::is_same_v<Stream, TlsStream>) {
    return Stream(std::move(socket), *tls_context);
  } else {
    return socket;
  }
}

}  // namespace

template <typename Stream>
Connection<Stream>::Connection(std::shared_ptr<ServerState> state, TcpSocket socket,
                               std::shared_ptr<net::ssl::context> tls_context)
    : state_(std::move(state)),
      tls_context_(std::move(tls_context)),
      stream_(MakeStream<Stream>(std::move(socket), tls_context_.get())),
      timer_(stream_.get_executor()) {
  state_->open_connections.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(state_->registry_mu);
  state_->connections.insert(this);
}

template <typename Stream>
Connection<Stream>::~Connection() {
  if (holds_in_flight_) state_->FinishRequest();
  {
    std::lock_guard<std::mutex> lock(state_->registry_mu);
    state_->connections.erase(this);
  }
  state_->open_connections.fetch_sub(1, std::memory_order_relaxed);
}

template <typename Stream>
void Connection<Stream>::Start() {
  beast::error_code ec;
  Tcp().set_option(tcp::no_delay(true), ec);
  tcp::endpoint peer = Tcp().remote_endpoint(ec);
  if (!ec) remote_address_ = peer.address().to_string();
  if (state_->stopping.load(std::memory_order_acquire)) {
    Close();
    return;
  }
  if constexpr (kTls) {
    // The handshake has the same time limit as reading a request.
    deadline_ = Clock::now() + state_->options.read_timeout;
    stream_.async_handshake(
        net::ssl::stream_base::server,
        [self = this->shared_from_this()](beast::error_code ec) { self->OnHandshake(ec); });
  } else {
    ReadRequest();
  }
  ArmTimer(deadline_);
}

template <typename Stream>
void Connection<Stream>::OnHandshake(beast::error_code ec) {
  // A client that cannot agree on the protocol gets no HTTP answer: there is
  // no channel to send one on.
  if (ec || phase_ == Phase::kClosed) return Close();
  ReadRequest();
}

template <typename Stream>
void Connection<Stream>::Close() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  CloseFile();
  beast::error_code ec;
  Tcp().shutdown(TcpSocket::shutdown_both, ec);
  Tcp().close(ec);
  timer_.cancel();
}

template <typename Stream>
std::shared_ptr<ConnectionBase> Connection<Stream>::Retain() {
  return this->weak_from_this().lock();
}

template <typename Stream>
void Connection<Stream>::PostClose() {
  net::post(stream_.get_executor(), [self = this->shared_from_this()] { self->Close(); });
}

template <typename Stream>
void Connection<Stream>::ArmTimer(Clock::time_point at) {
  timer_.expires_at(at);
  timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) { self->OnTimer(ec); });
}

template <typename Stream>
void Connection<Stream>::OnTimer(beast::error_code ec) {
  if (ec == net::error::operation_aborted || phase_ == Phase::kClosed) return;
  Clock::time_point now = Clock::now();
  if (phase_ == Phase::kHandling) {
    // The handler has its own deadline; look again later.
    ArmTimer(now + state_->options.read_timeout);
    return;
  }
  if (now >= deadline_) {
    Close();
    return;
  }
  ArmTimer(deadline_);
}

template <typename Stream>
void Connection<Stream>::ReadRequest() {
  phase_ = Phase::kReading;
  deadline_ = Clock::now() + state_->options.read_timeout;
  parser_.emplace();
  parser_->header_limit(
      static_cast<std::uint32_t>(std::min<size_t>(state_->options.max_header_bytes, UINT32_MAX)));
  // The parser refuses a Content-Length over the limit as soon as the header
  // is parsed, and a chunked body as soon as it grows past it.
  parser_->body_limit(state_->options.max_body_bytes);
  bhttp::async_read_header(
      stream_, buffer_, *parser_,
      [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
}

template <typename Stream>
void Connection<Stream>::OnHeader(beast::error_code ec) {
  if (ec) return OnReadError(ec);
  if (parser_->is_done()) return DispatchRequest();
  const auto& header = parser_->get();
  auto expect = header.find(bhttp::field::expect);
  if (expect != header.end() &&
      EqualsIgnoreCase(std::string_view(expect->value().data(), expect->value().size()),
                       "100-continue")) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                     [self = this->shared_from_this()](beast::error_code ec, size_t) {
                       self->OnContinueWritten(ec);
                     });
    return;
  }
  ReadBody();
}

template <typename Stream>
void Connection<Stream>::OnContinueWritten(beast::error_code ec) {
  if (ec) return Close();
  ReadBody();
}

template <typename Stream>
void Connection<Stream>::ReadBody() {
  bhttp::async_read(
      stream_, buffer_, *parser_,
      [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
}

template <typename Stream>
void Connection<Stream>::OnBody(beast::error_code ec) {
  if (ec) return OnReadError(ec);
  DispatchRequest();
}

template <typename Stream>
void Connection<Stream>::OnReadError(beast::error_code ec) {
  if (phase_ == Phase::kClosed) return;
  if (ec == bhttp::error::body_limit) {
    return SendError(413, "The request body is larger than the server accepts.");
  }
  if (ec == bhttp::error::header_limit) {
    return SendError(431, "The request header fields are larger than the server accepts.");
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      !IsHttpError(ec)) {
    // The client went away (or the timer closed the socket): nothing to answer.
    return Close();
  }
  SendError(400, "Malformed HTTP request: " + ec.message());
}

template <typename Stream>
void Connection<Stream>::DispatchRequest() {
  bhttp::request<bhttp::string_body> message = parser_->release();
  Request request;
  request.received_at = Clock::now();
  request.deadline = request.received_at + state_->options.request_timeout;
  request.method.assign(message.method_string().data(), message.method_string().size());
  request.target.assign(message.target().data(), message.target().size());
  keep_alive_ = message.keep_alive();
  http10_ = message.version() < 11;
  head_request_ = message.method() == bhttp::verb::head;
  accepts_gzip_ = false;
  request_id_.clear();
  std::string_view content_encoding;
  request.headers.reserve(static_cast<size_t>(std::distance(message.begin(), message.end())));
  for (const auto& field : message) {
    Header& h = request.headers.emplace_back();
    h.name.assign(field.name_string().data(), field.name_string().size());
    h.value.assign(field.value().data(), field.value().size());
    switch (field.name()) {
      case bhttp::field::accept_encoding:
        accepts_gzip_ = accepts_gzip_ || AcceptsGzip(h.value);
        break;
      case bhttp::field::content_encoding:
        content_encoding = h.value;
        break;
      case bhttp::field::unknown:
        if (request_id_.empty() && EqualsIgnoreCase(h.name, "X-Request-Id") &&
            IsSafeRequestId(h.value)) {
          request_id_ = h.value;
        }
        break;
      default:
        break;
    }
  }
  if (!ParseTarget(request.target, &request.path, &request.query)) {
    keep_alive_ = false;
    return SendError(400, "Malformed percent-encoding in the request target.");
  }
  if (content_encoding.empty() || EqualsIgnoreCase(content_encoding, "identity")) {
    request.body = std::move(message.body());
  } else if (EqualsIgnoreCase(content_encoding, "gzip") ||
             EqualsIgnoreCase(content_encoding, "x-gzip")) {
    switch (GunzipBounded(message.body(), state_->options.max_body_bytes, &request.body)) {
      case InflateResult::kOk:
        break;
      case InflateResult::kTooLarge:
        return SendError(413, "The decompressed request body is larger than the server accepts.");
      case InflateResult::kCorrupt:
        return SendError(400, "The gzip request body is corrupt.");
    }
    // The handler sees the body as it now is.
    std::erase_if(request.headers,
                  [](const Header& h) { return EqualsIgnoreCase(h.name, "Content-Encoding"); });
  } else {
    return SendError(415, "Unsupported Content-Encoding: " + std::string(content_encoding));
  }
  if (request_id_.empty()) NewRequestId(&request_id_);
  request.request_id = request_id_;
  request.remote_address = remote_address_;
  request.tls = kTls;

  phase_ = Phase::kHandling;
  uint64_t sequence = ++sequence_;
  holds_in_flight_ = true;
  state_->in_flight.fetch_add(1, std::memory_order_acq_rel);
  Responder respond = [self = this->shared_from_this(), sequence](Response&& response) {
    self->Respond(sequence, std::move(response));
  };
  try {
    state_->handler(std::move(request), std::move(respond));
  } catch (...) {
    // The handler broke its contract; answer for it unless it already did.
    if (phase_ == Phase::kHandling && sequence_ == sequence) {
      WriteResponse(sequence, ErrorResponse(500, "Internal error."));
    }
  }
}

template <typename Stream>
void Connection<Stream>::Respond(uint64_t sequence, Response&& response) {
  auto executor = stream_.get_executor();
  if (executor.running_in_this_thread()) {
    // Answered on the connection's own thread (usually inside the handler).
    WriteResponse(sequence, std::move(response));
    return;
  }
  std::lock_guard<std::mutex> lock(state_->post_mu);
  if (!state_->accepting_posts) return;  // the server has stopped; drop it
  net::post(executor,
            [self = this->shared_from_this(), sequence, r = std::move(response)]() mutable {
              self->WriteResponse(sequence, std::move(r));
            });
}

template <typename Stream>
void Connection<Stream>::WriteResponse(uint64_t sequence, Response&& response) {
  if (sequence != sequence_) return;  // a duplicate answer to an earlier request
  if (phase_ != Phase::kHandling) {
    if (phase_ == Phase::kClosed) ReleaseInFlight();
    return;
  }
  response_ = std::move(response);
  ResponseHeadOptions head;
  if (!response_.body_file.empty()) {
    file_fd_ = ::open(response_.body_file.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (file_fd_ < 0 || ::fstat(file_fd_, &st) != 0) {
      CloseFile();
      response_ = ErrorResponse(500, "The file to send cannot be read.");
    } else {
      file_left_ = static_cast<uint64_t>(st.st_size);
      response_.body.clear();
      response_.compressible = false;
    }
  }
  head.vary_accept_encoding =
      response_.compressible && response_.body.size() >= state_->options.gzip_min_bytes;
  if (accepts_gzip_ && head.vary_accept_encoding) {
    thread_local GzipCompressor compressor;
    if (compressor.Compress(response_.body, &scratch_) && scratch_.size() < response_.body.size()) {
      response_.body.swap(scratch_);
      head.gzipped = true;
    }
  }
  if (state_->stopping.load(std::memory_order_acquire)) keep_alive_ = false;
  head.content_length = file_fd_ >= 0 ? file_left_ : response_.body.size();
  head.keep_alive = keep_alive_;
  head.http10 = http10_;
  head.request_id = request_id_;
  head.strict_transport_security = kTls;
  SerializeResponseHead(response_, head, &head_);
  phase_ = Phase::kWriting;
  deadline_ = Clock::now() + state_->options.read_timeout;
  std::array<net::const_buffer, 2> buffers = {
      net::buffer(head_),
      head_request_ ? net::const_buffer() : net::buffer(response_.body),
  };
  net::async_write(stream_, buffers,
                   [self = this->shared_from_this()](beast::error_code ec, size_t) {
                     if (!ec && self->file_fd_ >= 0 && !self->head_request_)
                       return self->WriteFileChunk();
                     self->OnWritten(ec);
                   });
}

template <typename Stream>
void Connection<Stream>::WriteFileChunk() {
  constexpr size_t kChunk = 256 << 10;
  if (phase_ == Phase::kClosed) return OnWritten(net::error::operation_aborted);
  if (file_left_ == 0) return OnWritten({});
  scratch_.resize(std::min<uint64_t>(kChunk, file_left_));
  const ssize_t n = ::read(file_fd_, scratch_.data(), scratch_.size());
  if (n <= 0) {
    // The file shrank or failed: the length already sent cannot be met.
    return OnWritten(net::error::broken_pipe);
  }
  file_left_ -= static_cast<uint64_t>(n);
  deadline_ = Clock::now() + state_->options.read_timeout;
  net::async_write(stream_, net::buffer(scratch_.data(), static_cast<size_t>(n)),
                   [self = this->shared_from_this()](beast::error_code ec, size_t) {
                     if (ec) return self->OnWritten(ec);
                     self->WriteFileChunk();
                   });
}

template <typename Stream>
void Connection<Stream>::CloseFile() {
  if (file_fd_ >= 0) ::close(file_fd_);
  file_fd_ = -1;
  file_left_ = 0;
}

template <typename Stream>
void Connection<Stream>::OnWritten(beast::error_code ec) {
  CloseFile();
  ReleaseInFlight();
  if (phase_ == Phase::kClosed) return;
  if (ec) return Close();
  if (phase_ == Phase::kDraining) return DrainAndClose();
  if (!keep_alive_) return CloseAfterResponse();
  // Keep large buffers from one big request from pinning memory on an idle
  // connection.
  if (response_.body.capacity() > (64u << 10)) response_ = Response();
  if (scratch_.capacity() > (64u << 10)) std::string().swap(scratch_);
  ReadRequest();
}

template <typename Stream>
void Connection<Stream>::CloseAfterResponse() {
  if constexpr (kTls) {
    // close_notify tells the client the response was not truncated; the
    // timer closes the socket if the client never answers it.
    phase_ = Phase::kDraining;
    deadline_ = Clock::now() + kDrainTime;
    stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->Close(); });
  } else {
    beast::error_code ignored;
    Tcp().shutdown(TcpSocket::shutdown_send, ignored);
    Close();
  }
}

template <typename Stream>
void Connection<Stream>::ReleaseInFlight() {
  if (!holds_in_flight_) return;
  holds_in_flight_ = false;
  state_->FinishRequest();
}

template <typename Stream>
Response Connection<Stream>::ErrorResponse(int http_status, std::string message) {
  if (state_->error_responder) {
    try {
      return state_->error_responder(http_status, message);
    } catch (...) {
      // Fall back to plain text: the error must still be answered.
    }
  }
  return DefaultError(http_status, std::move(message));
}

template <typename Stream>
void Connection<Stream>::SendError(int http_status, std::string message) {
  response_ = ErrorResponse(http_status, std::move(message));
  ResponseHeadOptions head;
  head.content_length = response_.body.size();
  head.keep_alive = false;
  if (request_id_.empty()) NewRequestId(&request_id_);
  head.request_id = request_id_;
  head.strict_transport_security = kTls;
  SerializeResponseHead(response_, head, &head_);
  phase_ = Phase::kDraining;
  deadline_ = Clock::now() + kDrainTime;
  std::array<net::const_buffer, 2> buffers = {net::buffer(head_), net::buffer(response_.body)};
  net::async_write(
      stream_, buffers,
      [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnWritten(ec); });
}

// After an error the request may still be arriving. Closing with unread data
// makes the kernel send a reset, which can destroy the error response before
// the client reads it, so read and discard until the client closes or the
// drain time runs out.
template <typename Stream>
void Connection<Stream>::DrainAndClose() {
  beast::error_code ignored;
  Tcp().shutdown(TcpSocket::shutdown_send, ignored);
  buffer_.clear();
  stream_.async_read_some(
      buffer_.prepare(16 << 10),
      [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnDrained(ec); });
}

template <typename Stream>
void Connection<Stream>::OnDrained(beast::error_code ec) {
  if (phase_ == Phase::kClosed) return;
  if (ec) return Close();
  buffer_.clear();
  stream_.async_read_some(
      buffer_.prepare(16 << 10),
      [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnDrained(ec); });
}

template class Connection<TcpSocket>;
template class Connection<TlsStream>;

}  // namespace lienthong::http
