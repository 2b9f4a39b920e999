// One accepted HTTP/1.1 connection: reads requests with the configured limits,
// hands each to the Handler, writes the response, and loops while keep-alive.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/message.h"
#include "http/server_state.h"

namespace lienthong::http {

// Thread safety: every member function except Respond() runs on the
// connection's io_context thread (the one its socket belongs to). Respond()
// may be called from any thread; it moves the response onto that thread.
// Owned by shared_ptr: pending I/O and outstanding Responders keep it alive.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // Bound to a concrete io_context executor rather than the type-erased
  // any_io_executor: cheaper on every operation.
  using Executor = boost::asio::io_context::executor_type;
  using Socket = boost::asio::ip::tcp::socket::rebind_executor<Executor>::other;
  using Timer = boost::asio::steady_timer::rebind_executor<Executor>::other;

  Connection(std::shared_ptr<ServerState> state, Socket socket);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Begins reading the first request.
  void Start();
  // Closes the socket; pending operations finish with operation_aborted.
  void Close();
  // Close() on the connection's own thread; callable from any thread.
  void PostClose();
  // Delivers the response for request number `sequence`. Late or duplicate
  // responses (another sequence, or the connection closed) are dropped.
  void Respond(uint64_t sequence, Response&& response);

 private:
  using Clock = std::chrono::steady_clock;
  enum class Phase { kReading, kHandling, kWriting, kDraining, kClosed };

  void ReadRequest();
  void OnHeader(boost::beast::error_code ec);
  void OnContinueWritten(boost::beast::error_code ec);
  void ReadBody();
  void OnBody(boost::beast::error_code ec);
  void OnReadError(boost::beast::error_code ec);
  void DispatchRequest();
  void WriteResponse(uint64_t sequence, Response&& response);
  void OnWritten(boost::beast::error_code ec);
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
  Socket socket_;
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

}  // namespace lienthong::http
