#include "auth/rate_limiter.h"

#include <algorithm>

namespace lienthong::auth {

bool RateLimiter::Allow(const std::string& key) {
  if (per_minute_ == 0) return true;
  const auto now = std::chrono::steady_clock::now();
  const double capacity = per_minute_;
  std::lock_guard lock(mu_);
  if (buckets_.size() > 100000) {
    // Buckets idle for a minute are full again: forgetting them changes nothing.
    std::erase_if(buckets_,
                  [&](const auto& e) { return now - e.second.updated > std::chrono::minutes(1); });
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{capacity, now});
  Bucket& b = it->second;
  if (!fresh) {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(capacity, b.tokens + elapsed * capacity / 60.0);
    b.updated = now;
  }
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

}  // namespace lienthong::auth
