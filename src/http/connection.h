// One accepted HTTP/1.1 connection: reads requests with the configured limits,
// hands each to the Handler, writes the response, and loops while keep-alive.
//
// The connection is a template on its stream, plain TCP or TLS over TCP, so
// that the plain path pays nothing for TLS: no virtual call, no branch per
// operation. Both kinds are instantiated once, in connection.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "http/message.h"
#include "http/server_state.h"

namespace lienthong::http {

// Bound to a concrete io_context executor rather than the type-erased
// any_io_executor: cheaper on every operation.
using Executor = boost::asio::io_context::executor_type;
using TcpSocket = boost::asio::ip::tcp::socket::rebind_executor<Executor>::other;
// Beast's TLS stream gathers the head and body buffers of a response into one
// TLS record instead of one each.
using TlsStream = boost::beast::ssl_stream<TcpSocket>;

// What Server::Stop() needs of an open connection of either kind. Not an
// owner: connections are owned by shared_ptr and erase themselves from the
// registry (ServerState::connections) in their destructor.
class ConnectionBase {
 public:
  // A strong reference, or null when the connection is already being
  // destroyed. Call with ServerState::registry_mu held.
  virtual std::shared_ptr<ConnectionBase> Retain() = 0;
  // Closes the connection on its own thread; callable from any thread.
  virtual void PostClose() = 0;

 protected:
  ~ConnectionBase() = default;
};

// Thread safety: every member function except Respond() runs on the
// connection's io_context thread (the one its socket belongs to). Respond()
// may be called from any thread; it moves the response onto that thread.
// Owned by shared_ptr: pending I/O and outstanding Responders keep it alive.
template <typename Stream>
class Connection final : public ConnectionBase,
                         public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  using Timer = boost::asio::steady_timer::rebind_executor<Executor>::other;

  // `tls_context` is required for a TLS connection and ignored otherwise; the
  // connection holds it for as long as it lives.
  Connection(std::shared_ptr<ServerState> state, TcpSocket socket,
             std::shared_ptr<boost::asio::ssl::context> tls_context = nullptr);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The executor of the connection's own io_context thread.
  Executor executor() { return stream_.get_executor(); }
  // Begins reading the first request (after the TLS handshake, for TLS).
  void Start();
  // Closes the socket; pending operations finish with operation_aborted.
  void Close();
  std::shared_ptr<ConnectionBase> Retain() override;
  void PostClose() override;
  // Delivers the response for request number `sequence`. Late or duplicate
  // responses (another sequence, or the connection closed) are dropped.
  void Respond(uint64_t sequence, Response&& response);

 private:
  using Clock = std::chrono::steady_clock;
  // kReading covers the TLS handshake too; kDraining covers closing a TLS
  // session after the last response.
  enum class Phase { kReading, kHandling, kWriting, kDraining, kClosed };

  TcpSocket& Tcp() { return boost::beast::get_lowest_layer(stream_); }
  void OnHandshake(boost::beast::error_code ec);
  void ReadRequest();
  void OnHeader(boost::beast::error_code ec);
  void OnContinueWritten(boost::beast::error_code ec);
  void ReadBody();
  void OnBody(boost::beast::error_code ec);
  void OnReadError(boost::beast::error_code ec);
  void DispatchRequest();
  void WriteResponse(uint64_t sequence, Response&& response);
  void OnWritten(boost::beast::error_code ec);
  // After a response with Connection: close. TLS sends its close_notify
  // first, bounded by the drain time.
  void CloseAfterResponse();
  // Streams the rest of response_.body_file after the head.
  void WriteFileChunk();
  void CloseFile();
  // The ErrorResponder's response, or plain text if there is none or it throws.
  Response ErrorResponse(int http_status, std::string message);
  // Writes an error the server detected itself, then drains and closes.
  void SendError(int http_status, std::string message);
  void DrainAndClose();
  void OnDrained(boost::beast::error_code ec);
  void ArmTimer(Clock::time_point at);
  void OnTimer(boost::beast::error_code ec);
  void ReleaseInFlight();

  // Declared first so it is destroyed last: the socket and timer below belong
  // to an io_context it owns.
  const std::shared_ptr<ServerState> state_;
  // Null for plain connections. Declared before stream_, which uses it.
  const std::shared_ptr<boost::asio::ssl::context> tls_context_;
  Stream stream_;
  Timer timer_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::string remote_address_;

  Phase phase_ = Phase::kReading;
  // Reading, writing and draining must make progress by this time; the timer
  // checks it lazily, so a request costs no timer operation.
  Clock::time_point deadline_;
  uint64_t sequence_ = 0;  // number of the request being handled
  bool holds_in_flight_ = false;

  // About the request being handled, for its response.
  bool keep_alive_ = true;
  bool http10_ = false;
  bool head_request_ = false;
  bool accepts_gzip_ = false;
  std::string request_id_;

  Response response_;    // being written
  std::string head_;     // its serialised status line and headers
  std::string scratch_;  // gzip output, swapped with the body; file chunks
  int file_fd_ = -1;     // response_.body_file while it is sent
  uint64_t file_left_ = 0;
};

using PlainConnection = Connection<TcpSocket>;
using TlsConnection = Connection<TlsStream>;
extern template class Connection<TcpSocket>;
extern template class Connection<TlsStream>;

}  // namespace lienthong::http
