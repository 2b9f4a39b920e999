#include "fhirpath/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <string>
#include <unordered_map>

namespace lienthong::fhirpath {
namespace {

constexpr uint32_t kMatchLimit = 1000000;
constexpr uint32_t kDepthLimit = 10000;

std::string ErrorText(int code) {
  PCRE2_UCHAR buffer[256];
  pcre2_get_error_message(code, buffer, sizeof(buffer));
  return reinterpret_cast<const char*>(buffer);
}

}  // namespace

struct Regex::Compiled {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  ~Compiled() {
    pcre2_match_context_free(context);
    pcre2_code_free(code);
  }
};

Regex::Regex(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;
Regex::~Regex() = default;

Result<Regex> Regex::Compile(std::string_view pattern) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  auto compiled = std::make_unique<Compiled>();
  compiled->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                 PCRE2_UTF | PCRE2_DOTALL, &error, &offset, nullptr);
  if (compiled->code == nullptr) {
    return Status::Invalid("invalid regular expression at " + std::to_string(offset) + ": " +
                           ErrorText(error));
  }
  compiled->context = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(compiled->context, kMatchLimit);
  pcre2_set_depth_limit(compiled->context, kDepthLimit);
  return Regex(std::move(compiled));
}

Result<const Regex*> Regex::CompileCached(std::string_view pattern) {
  thread_local std::unordered_map<std::string, Regex> cache;
  auto it = cache.find(std::string(pattern));
  if (it != cache.end()) return &it->second;
  Result<Regex> compiled = Compile(pattern);
  if (!compiled.ok()) return compiled.take_status();
  if (cache.size() >= 128) cache.clear();
  return &cache.emplace(std::string(pattern), std::move(compiled.value())).first->second;
}

Result<bool> Regex::Matches(std::string_view text, bool whole) const {
  pcre2_match_data* data = pcre2_match_data_create_from_pattern(compiled_->code, nullptr);
  const int rc =
      pcre2_match(compiled_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0,
                  whole ? PCRE2_ANCHORED | PCRE2_ENDANCHORED : 0, data, compiled_->context);
  pcre2_match_data_free(data);
  if (rc >= 0) return true;
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  return Status::Invalid("regular expression failed: " + ErrorText(rc));
}

Result<std::string> Regex::ReplaceAll(std::string_view text, std::string_view substitution) const {
  std::string out(text.size() + 64, '\0');
  for (int attempt = 0; attempt < 8; ++attempt) {
    PCRE2_SIZE length = out.size();
    const int rc =
        pcre2_substitute(compiled_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0,
                         PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH, nullptr,
                         compiled_->context, reinterpret_cast<PCRE2_SPTR>(substitution.data()),
                         substitution.size(), reinterpret_cast<PCRE2_UCHAR*>(out.data()), &length);
    if (rc >= 0) {
      out.resize(length);
      return out;
    }
    if (rc != PCRE2_ERROR_NOMEMORY) {
      return Status::Invalid("regular expression failed: " + ErrorText(rc));
    }
    if (length > (size_t{16} << 20)) break;
    out.assign(length, '\0');
  }
  return Status::Invalid("regular expression result too large");
}

}  // namespace lienthong::fhirpath
