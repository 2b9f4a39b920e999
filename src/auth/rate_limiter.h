// RateLimiter: a token bucket per client address, for the endpoints where a
// guess costs the server an Argon2 hash and the attacker nothing (sign-in,
// token). `per_minute` requests a minute are allowed on average, and as
// many at once.
//
// Thread safety: Allow() may be called from any thread.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lienthong::auth {

class RateLimiter {
 public:
  explicit RateLimiter(unsigned per_minute) : per_minute_(per_minute) {}
  // Whether one more request from `key` is allowed now; 0 per minute: always.
  bool Allow(const std::string& key);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point updated;
  };
  const unsigned per_minute_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mu_
};

}  // namespace lienthong::auth
