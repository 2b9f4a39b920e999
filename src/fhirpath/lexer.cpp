#include "fhirpath/lexer.h"

#include <fmt/format.h>

#include "common/utf8.h"

namespace lienthong::fhirpath {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsIdentPart(char c) { return IsIdentStart(c) || IsDigit(c); }

Status SyntaxError(size_t pos, std::string_view what) {
  return Status::Invalid(fmt::format("FHIRPath syntax error at {}: {}", pos, what));
}

bool ReadHex4(std::string_view s, size_t pos, uint32_t& out) {
  if (pos + 4 > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + 4; ++i) {
    const char c = s[i];
    out <<= 4;
    if (IsDigit(c)) {
      out |= static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      out |= static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      out |= static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return false;
    }
  }
  return true;
}

// Reads a quoted run starting at s[pos] == quote; pos ends after the closing quote.
Result<std::string> ReadQuoted(std::string_view s, size_t& pos) {
  const char quote = s[pos];
  const size_t start = pos;
  ++pos;
  std::string out;
  while (pos < s.size() && s[pos] != quote) {
    char c = s[pos];
    if (c != '\\') {
      out += c;
      ++pos;
      continue;
    }
    if (pos + 1 >= s.size()) break;
    c = s[pos + 1];
    pos += 2;
    switch (c) {
      case '\'':
        out += '\'';
        break;
      case '"':
        out += '"';
        break;
      case '`':
        out += '`';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        uint32_t cp;
        if (!ReadHex4(s, pos, cp)) return SyntaxError(pos, "bad \\u escape");
        pos += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && pos + 6 <= s.size() && s[pos] == '\\' &&
            s[pos + 1] == 'u') {
          uint32_t low;
          if (ReadHex4(s, pos + 2, low) && low >= 0xDC00 && low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            pos += 6;
          }
        }
        AppendUtf8(cp, out);
        break;
      }
      default:
        return SyntaxError(pos - 2, fmt::format("unknown escape \\{}", c));
    }
  }
  if (pos >= s.size()) return SyntaxError(start, "unterminated string or identifier");
  ++pos;
  return out;
}

// The text of a date/time literal after '@' (or "@T").
std::string ReadTemporal(std::string_view s, size_t& pos, bool time_only) {
  const size_t start = pos;
  auto time_part = [&] {
    while (pos < s.size() && (IsDigit(s[pos]) || s[pos] == ':' ||
                              (s[pos] == '.' && pos + 1 < s.size() && IsDigit(s[pos + 1])))) {
      ++pos;
    }
    if (pos < s.size() && s[pos] == 'Z') {
      ++pos;
    } else if (pos + 1 < s.size() && (s[pos] == '+' || s[pos] == '-') && IsDigit(s[pos + 1])) {
      ++pos;
      while (pos < s.size() && (IsDigit(s[pos]) || s[pos] == ':')) ++pos;
    }
  };
  if (time_only) {
    time_part();
    return std::string(s.substr(start, pos - start));
  }
  while (pos < s.size() &&
         (IsDigit(s[pos]) || (s[pos] == '-' && pos + 1 < s.size() && IsDigit(s[pos + 1])))) {
    ++pos;
  }
  if (pos < s.size() && s[pos] == 'T') {
    ++pos;
    time_part();
  }
  return std::string(s.substr(start, pos - start));
}

}  // namespace

Result<std::vector<Token>> Tokenize(std::string_view s) {
  std::vector<Token> tokens;
  size_t pos = 0;
  while (true) {
    // Whitespace and comments.
    while (pos < s.size()) {
      const char c = s[pos];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++pos;
      } else if (c == '/' && pos + 1 < s.size() && s[pos + 1] == '/') {
        while (pos < s.size() && s[pos] != '\n') ++pos;
      } else if (c == '/' && pos + 1 < s.size() && s[pos + 1] == '*') {
        const size_t end = s.find("*/", pos + 2);
        if (end == std::string_view::npos) return SyntaxError(pos, "unterminated comment");
        pos = end + 2;
      } else {
        break;
      }
    }
    Token t;
    t.position = static_cast<uint32_t>(pos);
    if (pos >= s.size()) {
      tokens.push_back(std::move(t));
      return tokens;
    }
    const char c = s[pos];
    if (IsIdentStart(c)) {
      const size_t start = pos;
      while (pos < s.size() && IsIdentPart(s[pos])) ++pos;
      t.kind = TokenKind::kIdentifier;
      t.text = std::string(s.substr(start, pos - start));
    } else if (c == '`') {
      Result<std::string> text = ReadQuoted(s, pos);
      if (!text.ok()) return text.take_status();
      t.kind = TokenKind::kIdentifier;
      t.delimited = true;
      t.text = std::move(text.value());
    } else if (c == '\'') {
      Result<std::string> text = ReadQuoted(s, pos);
      if (!text.ok()) return text.take_status();
      t.kind = TokenKind::kString;
      t.text = std::move(text.value());
    } else if (IsDigit(c)) {
      const size_t start = pos;
      while (pos < s.size() && IsDigit(s[pos])) ++pos;
      if (pos + 1 < s.size() && s[pos] == '.' && IsDigit(s[pos + 1])) {
        ++pos;
        while (pos < s.size() && IsDigit(s[pos])) ++pos;
      }
      t.kind = TokenKind::kNumber;
      t.text = std::string(s.substr(start, pos - start));
    } else if (c == '@') {
      ++pos;
      if (pos < s.size() && s[pos] == 'T') {
        ++pos;
        t.kind = TokenKind::kTime;
        t.text = ReadTemporal(s, pos, true);
      } else {
        t.kind = TokenKind::kDateTime;
        t.text = ReadTemporal(s, pos, false);
      }
      if (t.text.empty()) return SyntaxError(t.position, "empty date/time literal");
    } else if (c == '%') {
      ++pos;
      t.kind = TokenKind::kVariable;
      if (pos < s.size() && (s[pos] == '`' || s[pos] == '\'')) {
        Result<std::string> text = ReadQuoted(s, pos);
        if (!text.ok()) return text.take_status();
        t.text = std::move(text.value());
      } else {
        const size_t start = pos;
        while (pos < s.size() && (IsIdentPart(s[pos]) || s[pos] == '-')) ++pos;
        t.text = std::string(s.substr(start, pos - start));
      }
      if (t.text.empty()) return SyntaxError(t.position, "'%' without a name");
    } else if (c == '$') {
      ++pos;
      const size_t start = pos;
      while (pos < s.size() && IsIdentPart(s[pos])) ++pos;
      t.kind = TokenKind::kSpecial;
      t.text = std::string(s.substr(start, pos - start));
      if (t.text != "this" && t.text != "index" && t.text != "total") {
        return SyntaxError(t.position, "unknown $ variable");
      }
    } else {
      static constexpr std::string_view kTwo[] = {"!=", "!~", "<=", ">="};
      t.kind = TokenKind::kPunctuation;
      for (std::string_view two : kTwo) {
        if (s.substr(pos, 2) == two) t.text = std::string(two);
      }
      if (t.text.empty()) {
        if (std::string_view(".()[]{},+-*/&|=~<>").find(c) == std::string_view::npos) {
          return SyntaxError(pos, fmt::format("unexpected character '{}'", c));
        }
        t.text = std::string(1, c);
      }
      pos += t.text.size();
    }
    tokens.push_back(std::move(t));
  }
}

}  // namespace lienthong::fhirpath
