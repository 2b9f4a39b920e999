#include "store/resource_id.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <random>

namespace lienthong::store {

std::string NewResourceId() {
  thread_local std::mt19937_64 rng = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  const auto ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  const uint64_t r1 = rng();
  const uint64_t r2 = rng();
  // hi: 48-bit time | version 7 | 12 random bits; lo: variant 10 | 62 random bits.
  const uint64_t hi = (ms << 16) | 0x7000 | (r1 & 0x0fff);
  const uint64_t lo = (r2 & 0x3fffffffffffffffull) | 0x8000000000000000ull;
  static const char kHex[] = "0123456789abcdef";
  std::string id(36, '-');
  size_t pos = 0;
  auto put = [&](uint64_t v, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      id[pos++] = kHex[(v >> (i * 4)) & 0xf];
    }
  };
  put(hi, 16);
  put(lo, 16);
  return id;
}

bool IsValidResourceId(std::string_view id) {
  static const std::array<bool, 256> kAllowed = [] {
    std::array<bool, 256> allowed{};
    for (unsigned char c :
         std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.")) {
      allowed[c] = true;
    }
    return allowed;
  }();
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!kAllowed[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

}  // namespace lienthong::store
