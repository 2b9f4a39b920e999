// Lexer: splits FHIRPath text into tokens, resolving string escapes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace lienthong::fhirpath {

enum class TokenKind : uint8_t {
  kEnd,
  kIdentifier,   // plain or `delimited` (see Token::delimited)
  kString,       // 'text', escapes resolved
  kNumber,       // 12 or 1.50, as written
  kDateTime,     // @2014-01-05T10:30 or @2014 (text without '@')
  kTime,         // @T10:30 (text without "@T")
  kVariable,     // %name, %`name`, %'name' (text without '%')
  kSpecial,      // $this, $index, $total (text without '$')
  kPunctuation,  // . ( ) [ ] { } , + - * / & | = ~ != !~ < > <= >=
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  bool delimited = false;  // `identifier`
  uint32_t position = 0;   // byte offset in the expression
  std::string text;
};

// Tokens ending with one kEnd token; kInvalid with the position of the first
// character that does not start a token, an unterminated string or comment,
// or a bad escape.
Result<std::vector<Token>> Tokenize(std::string_view text);

}  // namespace lienthong::fhirpath
