// WorkerPool: the threads FHIR handlers run on. The HTTP I/O threads only
// read and write sockets and the store's commit thread only commits; every
// handler, and every continuation of a commit (building the response,
// a transaction's reads), is posted here.
//
// Thread safety: Post() may be called from any thread. The destructor waits
// for every posted task to finish.
#pragma once

#include <boost/asio/thread_pool.hpp>

#include <functional>

namespace lienthong::api {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Post(std::function<void()> task);

 private:
  boost::asio::thread_pool pool_;
};

}  // namespace lienthong::api
