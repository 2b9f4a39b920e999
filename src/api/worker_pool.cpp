#include "api/worker_pool.h"

#include <boost/asio/post.hpp>

namespace lienthong::api {

WorkerPool::WorkerPool(int threads) : pool_(static_cast<size_t>(threads > 0 ? threads : 1)) {}

WorkerPool::~WorkerPool() { pool_.join(); }

void WorkerPool::Post(std::function<void()> task) { boost::asio::post(pool_, std::move(task)); }

}  // namespace lienthong::api
