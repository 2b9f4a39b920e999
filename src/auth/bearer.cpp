#include "auth/bearer.h"

#include "auth/jwt.h"

namespace lienthong::auth {
namespace {

bool IsToken68(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

bool StartsWithBearer(std::string_view h) {
  constexpr std::string_view kScheme = "bearer";
  if (h.size() < kScheme.size()) return false;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    const char c = static_cast<char>(h[i] | 0x20);
    if (c != kScheme[i]) return false;
  }
  return true;
}

}  // namespace

BearerParse ParseBearer(std::string_view header, std::string_view* token) {
  if (header.empty()) return BearerParse::kAbsent;
  if (!StartsWithBearer(header)) return BearerParse::kMalformed;
  std::string_view rest = header.substr(6);
  size_t spaces = 0;
  while (spaces < rest.size() && rest[spaces] == ' ') ++spaces;
  if (spaces == 0) return BearerParse::kMalformed;
  rest.remove_prefix(spaces);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  // token68 allows trailing '=' padding only.
  size_t end = rest.size();
  while (end > 0 && rest[end - 1] == '=') --end;
  if (end == 0 || rest.size() > kMaxTokenBytes) return BearerParse::kMalformed;
  for (size_t i = 0; i < end; ++i) {
    if (!IsToken68(rest[i])) return BearerParse::kMalformed;
  }
  *token = rest;
  return BearerParse::kOk;
}

}  // namespace lienthong::auth
