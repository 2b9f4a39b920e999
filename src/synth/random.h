// The generator's only source of randomness: xoshiro256** seeded through
// splitmix64, with integer and real mappings of our own, so that one seed
// gives the same bytes with every compiler and standard library (the
// std:: distributions are implementation-defined). Not thread-safe; not for
// secrets.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace lienthong::synth {

class Random {
 public:
  explicit Random(uint64_t seed);

  // A generator whose stream depends only on (seed, stream): each patient
  // gets its own, so that one patient's record does not shift the next one's.
  static Random ForStream(uint64_t seed, uint64_t stream);

  uint64_t Next();
  // Uniform in [0, n); n > 0. Unbiased (rejection on the multiply-shift).
  uint64_t Below(uint64_t n);
  // Uniform in [lo, hi], lo <= hi.
  int64_t Between(int64_t lo, int64_t hi);
  // Uniform in [0, 1) with 53 bits.
  double Real();
  bool Chance(double p) { return Real() < p; }
  // Approximately normal (sum of 12 uniforms), mean 0, sd 1.
  double Normal();
  // An index drawn with the given non-negative weights (not all zero).
  size_t Weighted(std::span<const double> weights);
  // A random version-4 UUID in text form (36 characters).
  std::string Uuid();

 private:
  uint64_t s_[4];
};

}  // namespace lienthong::synth
