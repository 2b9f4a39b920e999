// Regex: the regular expressions of matches() and replaceMatches(), with
// PCRE2 (UTF-8, '.' matching newlines as the specification's single-line
// mode asks) and limits on backtracking so that a hostile pattern cannot
// stall a server thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace lienthong::fhirpath {

class Regex {
 public:
  // kInvalid with PCRE2's message when the pattern does not compile.
  static Result<Regex> Compile(std::string_view pattern);
  // The same, compiled once per thread and kept (up to 128 patterns per
  // thread): invariants and search parameters use the same few patterns on
  // every write. The pointer stays valid until this thread's next call.
  static Result<const Regex*> CompileCached(std::string_view pattern);

  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;
  ~Regex();

  // Whether the pattern matches somewhere in `text` (or all of it when
  // `whole`); kInvalid when a match limit is hit.
  Result<bool> Matches(std::string_view text, bool whole) const;
  // Every match replaced by `substitution`, where $1.. name groups.
  Result<std::string> ReplaceAll(std::string_view text, std::string_view substitution) const;

 private:
  struct Compiled;
  explicit Regex(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace lienthong::fhirpath
