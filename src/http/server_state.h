// What the listening side of http::Server shares with its connections. Kept
// in a shared_ptr that every Connection holds, so the io_contexts outlive any
// connection, even one kept alive by a Responder on a foreign thread after
// Server::Stop() has returned.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_set>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "http/message.h"
#include "http/server.h"

namespace lienthong::http {

class ConnectionBase;

// Thread safety: the fields under "constant after Start()" are read by every
// thread without locks; the rest say how they are protected.
struct ServerState {
  // Constant after Start().
  ServerOptions options;
  Handler handler;
  ErrorResponder error_responder;
  // One io_context per I/O thread; a connection lives on one of them only, so
  // its handlers never run concurrently and need no strand.
  std::vector<std::unique_ptr<boost::asio::io_context>> io_contexts;

  // Set once by Stop(): responses then carry Connection: close.
  std::atomic<bool> stopping{false};
  // Open connections (accepted, not yet destroyed).
  std::atomic<size_t> open_connections{0};

  // Requests handed to the handler whose responses are not written yet.
  // Decremented without the mutex; Stop() waits on idle_cv, which is
  // notified under idle_mu once stopping is set.
  std::atomic<size_t> in_flight{0};
  std::mutex idle_mu;
  std::condition_variable idle_cv;

  // Guards posting responses from foreign threads: once the I/O threads have
  // been told to finish, nothing may be queued on the io_contexts (a queued
  // handler owning a connection would never run and never be freed).
  std::mutex post_mu;
  bool accepting_posts = true;  // guarded by post_mu

  // Every live connection, so that Stop() can close them.
  std::mutex registry_mu;
  std::unordered_set<ConnectionBase*> connections;  // guarded by registry_mu

  void FinishRequest() {
    if (in_flight.fetch_sub(1, std::memory_order_acq_rel) == 1 &&
        stopping.load(std::memory_order_acquire)) {
      std::lock_guard<std::mutex> lock(idle_mu);
      idle_cv.notify_all();
    }
  }
};

}  // namespace lienthong::http
