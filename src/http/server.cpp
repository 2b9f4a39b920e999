#include "http/server.h"

#include <mutex>
#include <thread>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "http/connection.h"
#include "http/server_state.h"
#include "http/tls_context.h"

namespace lienthong::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

class Server::Impl {
 public:
  Impl(ServerOptions options, Handler handler, ErrorResponder error_responder)
      : state_(std::make_shared<ServerState>()) {
    state_->options = std::move(options);
    state_->handler = std::move(handler);
    state_->error_responder = std::move(error_responder);
  }

  ~Impl() { Stop(std::chrono::milliseconds(0)); }

  Status Start();
  Status ReloadTls();
  void Stop(std::chrono::milliseconds grace);
  uint16_t port() const { return port_; }
  bool tls() const { return tls_; }

 private:
  Status LoadTls();
  Status Listen();
  void Accept();
  void OnAccept(boost::system::error_code ec, TcpSocket socket);
  // Starts the connection on its own thread.
  template <typename C>
  static void Launch(std::shared_ptr<C> connection);
  // Answers 503 and closes, without reading: the connection limit is reached.
  // Over TLS it only closes: plain text has no place on a TLS port, and a
  // handshake is the work an overloaded server should avoid.
  void Refuse(TcpSocket socket) const;
  std::shared_ptr<net::ssl::context> CurrentTlsContext();

  std::shared_ptr<ServerState> state_;
  bool tls_ = false;  // constant after Start()
  std::mutex tls_mu_;
  // What new TLS connections use; replaced by ReloadTls(). Guarded by tls_mu_.
  std::shared_ptr<net::ssl::context> tls_context_;
  // The acceptor and its retry timer live on io_contexts[0] and are only
  // touched from that thread once the threads run.
  std::unique_ptr<tcp::acceptor> acceptor_;
  std::unique_ptr<net::steady_timer> retry_timer_;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
  size_t next_context_ = 0;  // round-robin; acceptor thread only
  uint16_t port_ = 0;
  bool started_ = false;
  bool running_ = false;
};

Status Server::Impl::Start() {
  if (started_) return Status::Internal("http::Server can be started only once");
  started_ = true;
  LT_RETURN_IF_ERROR(LoadTls());
  LT_RETURN_IF_ERROR(Listen());
  for (auto& context : state_->io_contexts) work_.push_back(net::make_work_guard(*context));
  Accept();
  for (auto& context : state_->io_contexts) {
    threads_.emplace_back([context = context.get()] { context->run(); });
  }
  running_ = true;
  return Status::Ok();
}

Status Server::Impl::LoadTls() {
  const ServerOptions& options = state_->options;
  if (options.tls_cert_file.empty() && options.tls_key_file.empty()) return Status::Ok();
  if (options.tls_cert_file.empty() || options.tls_key_file.empty()) {
    return Status::Invalid("TLS needs both a certificate file and a key file");
  }
  tls_ = true;
  return ReloadTls();
}

Status Server::Impl::ReloadTls() {
  if (!tls_) return Status::Invalid("TLS is not enabled on this server");
  const ServerOptions& options = state_->options;
  Result<std::shared_ptr<net::ssl::context>> context =
      MakeTlsContext(options.tls_cert_file, options.tls_key_file);
  if (!context.ok()) return context.take_status();
  std::lock_guard<std::mutex> lock(tls_mu_);
  tls_context_ = std::move(context.value());
  return Status::Ok();
}

std::shared_ptr<net::ssl::context> Server::Impl::CurrentTlsContext() {
  std::lock_guard<std::mutex> lock(tls_mu_);
  return tls_context_;
}

Status Server::Impl::Listen() {
  const ServerOptions& options = state_->options;
  int threads = options.io_threads > 0 ? options.io_threads : 1;
  state_->io_contexts.clear();
  for (int i = 0; i < threads; ++i) {
    // Concurrency hint 1: each io_context is run by one thread, which lets
    // Asio skip some locking; posts from other threads remain safe.
    state_->io_contexts.push_back(std::make_unique<net::io_context>(1));
  }
  boost::system::error_code ec;
  net::ip::address address = net::ip::make_address(options.bind_address, ec);
  if (ec)
    return Status::Invalid("bad bind address '" + options.bind_address + "': " + ec.message());
  tcp::endpoint endpoint(address, options.port);
  auto acceptor = std::make_unique<tcp::acceptor>(*state_->io_contexts[0]);
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::IoError("cannot listen on " + options.bind_address + ":" +
                           std::to_string(options.port) + ": " + ec.message());
  }
  port_ = acceptor->local_endpoint().port();
  acceptor_ = std::move(acceptor);
  retry_timer_ = std::make_unique<net::steady_timer>(*state_->io_contexts[0]);
  return Status::Ok();
}

void Server::Impl::Accept() {
  net::io_context& target = *state_->io_contexts[next_context_];
  next_context_ = (next_context_ + 1) % state_->io_contexts.size();
  acceptor_->async_accept(target, [this](boost::system::error_code ec, TcpSocket socket) {
    OnAccept(ec, std::move(socket));
  });
}

void Server::Impl::OnAccept(boost::system::error_code ec, TcpSocket socket) {
  if (ec == net::error::operation_aborted || !acceptor_->is_open()) return;
  if (ec) {
    // Typically out of file descriptors: back off briefly instead of spinning.
    retry_timer_->expires_after(std::chrono::milliseconds(50));
    retry_timer_->async_wait([this](boost::system::error_code wait_ec) {
      if (!wait_ec && acceptor_->is_open()) Accept();
    });
    return;
  }
  if (state_->open_connections.load(std::memory_order_relaxed) >= state_->options.max_connections) {
    Refuse(std::move(socket));
  } else if (tls_) {
    Launch(std::make_shared<TlsConnection>(state_, std::move(socket), CurrentTlsContext()));
  } else {
    Launch(std::make_shared<PlainConnection>(state_, std::move(socket)));
  }
  Accept();
}

template <typename C>
void Server::Impl::Launch(std::shared_ptr<C> connection) {
  auto executor = connection->executor();
  net::post(executor, [connection = std::move(connection)] { connection->Start(); });
}

void Server::Impl::Refuse(TcpSocket socket) const {
  static constexpr std::string_view kBusy =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 28\r\n"
      "Connection: close\r\nRetry-After: 1\r\nX-Content-Type-Options: nosniff\r\n\r\n"
      "Too many connections; retry.";
  boost::system::error_code ec;
  if (!tls_) {
    socket.non_blocking(true, ec);
    // A fresh socket's send buffer takes this whole; if not, the client simply
    // sees the connection closed.
    socket.write_some(net::buffer(kBusy.data(), kBusy.size()), ec);
  }
  socket.shutdown(TcpSocket::shutdown_both, ec);
  socket.close(ec);
}

void Server::Impl::Stop(std::chrono::milliseconds grace) {
  if (!running_) return;
  running_ = false;
  state_->stopping.store(true, std::memory_order_release);
  // Stop accepting.
  net::post(*state_->io_contexts[0], [this] {
    boost::system::error_code ec;
    acceptor_->close(ec);
    retry_timer_->cancel();
  });
  // Let in-flight requests finish and their responses be written.
  {
    std::unique_lock<std::mutex> lock(state_->idle_mu);
    state_->idle_cv.wait_for(
        lock, grace, [this] { return state_->in_flight.load(std::memory_order_acquire) == 0; });
  }
  // Close every connection on its own thread.
  std::vector<std::shared_ptr<ConnectionBase>> open;
  {
    std::lock_guard<std::mutex> lock(state_->registry_mu);
    for (ConnectionBase* c : state_->connections) {
      std::shared_ptr<ConnectionBase> connection = c->Retain();
      if (connection != nullptr) open.push_back(std::move(connection));  // else being destroyed
    }
  }
  // Released outside registry_mu: a connection's destructor takes it.
  for (auto& connection : open) connection->PostClose();
  open.clear();
  {
    std::lock_guard<std::mutex> lock(state_->post_mu);
    state_->accepting_posts = false;
  }
  // With the work guards gone, each thread returns once its queue is empty.
  work_.clear();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  acceptor_.reset();
  retry_timer_.reset();
}

Server::Server(ServerOptions options, Handler handler, ErrorResponder error_responder)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler),
                                   std::move(error_responder))) {}

Server::~Server() = default;

Status Server::Start() { return impl_->Start(); }

Status Server::ReloadTls() { return impl_->ReloadTls(); }

bool Server::tls() const { return impl_->tls(); }

uint16_t Server::port() const { return impl_->port(); }

void Server::Stop(std::chrono::milliseconds grace) { impl_->Stop(grace); }

}  // namespace lienthong::http
