// String functions. Positions and lengths count Unicode code points of the
// UTF-8 text, so Vietnamese names measure as they read.
#include <fmt/format.h>

#include <cctype>

#include "common/html_escape.h"
#include "fhirpath/evaluator.h"
#include "fhirpath/functions.h"
#include "fhirpath/regex.h"
#include "fhirpath/text_case.h"
#include "json/writer.h"

namespace lienthong::fhirpath {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Byte offsets of each code point, plus the end.
std::vector<size_t> CodePointOffsets(std::string_view s) {
  std::vector<size_t> offsets;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsContinuation(s[i])) offsets.push_back(i);
  }
  offsets.push_back(s.size());
  return offsets;
}

int64_t CodePointCount(std::string_view s) {
  int64_t n = 0;
  for (char c : s) n += IsContinuation(c) ? 0 : 1;
  return n;
}

// Input string and first argument string: both present, or an empty result.
struct StringPair {
  std::optional<std::string> input;
  std::optional<std::string> arg;
};

Result<StringPair> InputAndArg(const Invocation& call) {
  Result<std::optional<std::string>> s = SingleStringInput(call);
  if (!s.ok()) return s.take_status();
  Result<std::optional<std::string>> a = call.StringArg(0);
  if (!a.ok()) return a.take_status();
  return StringPair{std::move(*s), std::move(*a)};
}

Result<Collection> IndexOf(const Invocation& call) {
  Result<StringPair> p = InputAndArg(call);
  if (!p.ok()) return p.take_status();
  if (!p->input || !p->arg) return Collection();
  const size_t at = p->input->find(*p->arg);
  if (at == std::string::npos) return Collection{Item::Integer(-1)};
  return Collection{Item::Integer(CodePointCount(std::string_view(*p->input).substr(0, at)))};
}

Result<Collection> Substring(const Invocation& call) {
  Result<std::optional<std::string>> s = SingleStringInput(call);
  if (!s.ok()) return s.take_status();
  Result<std::optional<int64_t>> start = call.IntegerArg(0);
  if (!start.ok()) return start.take_status();
  if (!*s || !*start) return Collection();
  const std::vector<size_t> offsets = CodePointOffsets(**s);
  const int64_t count = static_cast<int64_t>(offsets.size()) - 1;
  const int64_t from = **start;
  if (from < 0 || from >= count) return Collection();
  int64_t length = count - from;
  if (call.arg_count() > 1) {
    Result<std::optional<int64_t>> l = call.IntegerArg(1);
    if (!l.ok()) return l.take_status();
    if (*l) length = std::min(**l, count - from);
    if (length < 0) length = 0;
  }
  const size_t begin = offsets[static_cast<size_t>(from)];
  const size_t end = offsets[static_cast<size_t>(from + length)];
  return Collection{Item::String(s->value().substr(begin, end - begin))};
}

template <typename Test>
Result<Collection> StringTest(const Invocation& call, Test test) {
  Result<StringPair> p = InputAndArg(call);
  if (!p.ok()) return p.take_status();
  if (!p->input || !p->arg) return Collection();
  return BooleanResult(test(*p->input, *p->arg));
}

Result<Collection> StartsWith(const Invocation& call) {
  return StringTest(call,
                    [](const std::string& s, const std::string& a) { return s.starts_with(a); });
}
Result<Collection> EndsWith(const Invocation& call) {
  return StringTest(call,
                    [](const std::string& s, const std::string& a) { return s.ends_with(a); });
}
Result<Collection> Contains(const Invocation& call) {
  return StringTest(call, [](const std::string& s, const std::string& a) {
    return s.find(a) != std::string::npos;
  });
}

template <typename Transform>
Result<Collection> StringMap(const Invocation& call, Transform transform) {
  Result<std::optional<std::string>> s = SingleStringInput(call);
  if (!s.ok()) return s.take_status();
  if (!*s) return Collection();
  return Collection{Item::String(transform(**s))};
}

Result<Collection> Upper(const Invocation& call) {
  return StringMap(call, [](const std::string& s) { return ToUpperCase(s); });
}

Result<Collection> Lower(const Invocation& call) {
  return StringMap(call, [](const std::string& s) { return ToLowerCase(s); });
}

Result<Collection> Trim(const Invocation& call) {
  return StringMap(call, [](const std::string& s) {
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return std::string();
    const size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
  });
}

Result<Collection> Length(const Invocation& call) {
  Result<std::optional<std::string>> s = SingleStringInput(call);
  if (!s.ok()) return s.take_status();
  if (!*s) return Collection();
  return Collection{Item::Integer(CodePointCount(**s))};
}

Result<Collection> ToChars(const Invocation& call) {
  Result<std::optional<std::string>> s = SingleStringInput(call);
  if (!s.ok()) return s.take_status();
  if (!*s) return Collection();
  const std::vector<size_t> offsets = CodePointOffsets(**s);
  Collection out;
  for (size_t i = 0; i + 1 < offsets.size(); ++i) {
    out.push_back(Item::String(s->value().substr(offsets[i], offsets[i + 1] - offsets[i])));
  }
  return out;
}

Result<Collection> Replace(const Invocation& call) {
  Result<StringPair> p = InputAndArg(call);
  if (!p.ok()) return p.take_status();
  Result<std::optional<std::string>> with = call.StringArg(1);
  if (!with.ok()) return with.take_status();
  if (!p->input || !p->arg || !*with) return Collection();
  const std::string& s = *p->input;
  const std::string& pattern = *p->arg;
  std::string out;
  if (pattern.empty()) {
    const std::vector<size_t> offsets = CodePointOffsets(s);
    out += **with;
    for (size_t i = 0; i + 1 < offsets.size(); ++i) {
      out += s.substr(offsets[i], offsets[i + 1] - offsets[i]);
      out += **with;
      if (out.size() > kMaxStringBytes) return call.Error("string too long");
    }
    return Collection{Item::String(std::move(out))};
  }
  size_t from = 0;
  while (true) {
    const size_t at = s.find(pattern, from);
    if (at == std::string::npos) break;
    out += s.substr(from, at - from);
    out += **with;
    from = at + pattern.size();
    if (out.size() > kMaxStringBytes) return call.Error("string too long");
  }
  out += s.substr(from);
  return Collection{Item::String(std::move(out))};
}

Result<Collection> MatchesImpl(const Invocation& call, bool whole) {
  Result<StringPair> p = InputAndArg(call);
  if (!p.ok()) return p.take_status();
  if (!p->input || !p->arg) return Collection();
  Result<const Regex*> regex = Regex::CompileCached(*p->arg);
  if (!regex.ok()) return call.Error(regex.status().message());
  Result<bool> m = (*regex)->Matches(*p->input, whole);
  if (!m.ok()) return call.Error(m.status().message());
  return BooleanResult(*m);
}

Result<Collection> Matches(const Invocation& call) { return MatchesImpl(call, false); }
Result<Collection> MatchesFull(const Invocation& call) { return MatchesImpl(call, true); }

Result<Collection> ReplaceMatches(const Invocation& call) {
  Result<StringPair> p = InputAndArg(call);
  if (!p.ok()) return p.take_status();
  Result<std::optional<std::string>> with = call.StringArg(1);
  if (!with.ok()) return with.take_status();
  if (!p->input || !p->arg || !*with) return Collection();
  if (p->arg->empty()) return Collection{Item::String(*p->input)};
  Result<const Regex*> regex = Regex::CompileCached(*p->arg);
  if (!regex.ok()) return call.Error(regex.status().message());
  Result<std::string> out = (*regex)->ReplaceAll(*p->input, **with);
  if (!out.ok()) return call.Error(out.status().message());
  return Collection{Item::String(std::move(out.value()))};
}

Result<Collection> Split(const Invocation& call) {
  Result<StringPair> p = InputAndArg(call);
  if (!p.ok()) return p.take_status();
  if (!p->input || !p->arg) return Collection();
  const std::string& s = *p->input;
  const std::string& sep = *p->arg;
  Collection out;
  if (sep.empty()) {
    out.push_back(Item::String(s));
    return out;
  }
  size_t from = 0;
  while (true) {
    const size_t at = s.find(sep, from);
    if (at == std::string::npos) break;
    out.push_back(Item::String(s.substr(from, at - from)));
    from = at + sep.size();
  }
  out.push_back(Item::String(s.substr(from)));
  return out;
}

Result<Collection> Join(const Invocation& call) {
  std::string sep;
  if (call.arg_count() > 0) {
    Result<std::optional<std::string>> a = call.StringArg(0);
    if (!a.ok()) return a.take_status();
    sep = a->value_or("");
  }
  std::string out;
  bool first = true;
  for (const Item& item : call.input) {
    std::optional<Item> v = ToSystem(item);
    if (!v) continue;
    if (v->kind() != ItemKind::kString) return call.Error("join() needs Strings");
    if (!first) out += sep;
    out += v->string();
    first = false;
    if (out.size() > kMaxStringBytes) return call.Error("string too long");
  }
  return Collection{Item::String(std::move(out))};
}

constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64Encode(std::string_view in, bool url) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size() + 2; i += 3) {
    if (i >= in.size()) break;
    const uint32_t b0 = static_cast<unsigned char>(in[i]);
    const uint32_t b1 = i + 1 < in.size() ? static_cast<unsigned char>(in[i + 1]) : 0;
    const uint32_t b2 = i + 2 < in.size() ? static_cast<unsigned char>(in[i + 2]) : 0;
    const uint32_t n = (b0 << 16) | (b1 << 8) | b2;
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += i + 1 < in.size() ? kBase64[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kBase64[n & 63] : '=';
  }
  if (url) {
    for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view in, bool url) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    if (url) c = c == '-' ? '+' : c == '_' ? '/' : c;
    const size_t v = kBase64.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::optional<std::string> HexDecode(std::string_view in) {
  if (in.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < in.size(); i += 2) {
    int v = 0;
    for (size_t j = i; j < i + 2; ++j) {
      const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(in[j])));
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= c - '0';
      } else if (c >= 'a' && c <= 'f') {
        v |= c - 'a' + 10;
      } else {
        return std::nullopt;
      }
    }
    out += static_cast<char>(v);
  }
  return out;
}

Result<Collection> EncodeDecode(const Invocation& call, bool encode) {
  Result<StringPair> p = InputAndArg(call);
  if (!p.ok()) return p.take_status();
  if (!p->input || !p->arg) return Collection();
  const std::string& s = *p->input;
  const std::string& format = *p->arg;
  std::optional<std::string> out;
  if (format == "base64" || format == "urlbase64") {
    const bool url = format == "urlbase64";
    out = encode ? Base64Encode(s, url) : Base64Decode(s, url);
  } else if (format == "hex") {
    if (encode) {
      out.emplace();
      for (unsigned char c : s) *out += fmt::format("{:02x}", c);
    } else {
      out = HexDecode(s);
    }
  } else {
    return call.Error("unknown encoding '" + format + "'");
  }
  if (!out) return Collection();
  return Collection{Item::String(std::move(*out))};
}

Result<Collection> Encode(const Invocation& call) { return EncodeDecode(call, true); }
Result<Collection> Decode(const Invocation& call) { return EncodeDecode(call, false); }

std::string UnescapeHtml(std::string_view s) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
      {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
  std::string out;
  for (size_t i = 0; i < s.size();) {
    bool replaced = false;
    if (s[i] == '&') {
      for (const auto& [entity, c] : kEntities) {
        if (s.substr(i, entity.size()) == entity) {
          out += c;
          i += entity.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += s[i++];
  }
  return out;
}

// The JSON string escapes of the writer, without the quotes.
std::string EscapeJson(std::string_view s) {
  std::string quoted;
  json::AppendQuoted(s, quoted);
  return quoted.substr(1, quoted.size() - 2);
}

std::string UnescapeJson(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    const char c = s[++i];
    switch (c) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u':
        if (i + 4 < s.size()) {
          const std::string hex(s.substr(i + 1, 4));
          char* end = nullptr;
          const long cp = std::strtol(hex.c_str(), &end, 16);
          if (end == hex.c_str() + 4 && cp < 0x80) {
            out += static_cast<char>(cp);
            i += 4;
            break;
          }
        }
        out += "\\u";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Result<Collection> EscapeUnescape(const Invocation& call, bool escape) {
  Result<StringPair> p = InputAndArg(call);
  if (!p.ok()) return p.take_status();
  if (!p->input || !p->arg) return Collection();
  if (*p->arg == "html") {
    return Collection{Item::String(escape ? HtmlEscape(*p->input) : UnescapeHtml(*p->input))};
  }
  if (*p->arg == "json") {
    return Collection{Item::String(escape ? EscapeJson(*p->input) : UnescapeJson(*p->input))};
  }
  return call.Error("unknown escape target '" + *p->arg + "'");
}

Result<Collection> Escape(const Invocation& call) { return EscapeUnescape(call, true); }
Result<Collection> Unescape(const Invocation& call) { return EscapeUnescape(call, false); }

}  // namespace

void AddStringFunctions(FunctionTable& table) {
  table.insert(table.end(), {
                                {"indexOf", 1, 1, false, IndexOf},
                                {"substring", 1, 2, false, Substring},
                                {"startsWith", 1, 1, false, StartsWith},
                                {"endsWith", 1, 1, false, EndsWith},
                                {"contains", 1, 1, false, Contains},
                                {"upper", 0, 0, false, Upper},
                                {"lower", 0, 0, false, Lower},
                                {"replace", 2, 2, false, Replace},
                                {"matches", 1, 1, false, Matches},
                                {"matchesFull", 1, 1, false, MatchesFull},
                                {"replaceMatches", 2, 2, false, ReplaceMatches},
                                {"length", 0, 0, false, Length},
                                {"toChars", 0, 0, false, ToChars},
                                {"trim", 0, 0, false, Trim},
                                {"split", 1, 1, false, Split},
                                {"join", 0, 1, false, Join},
                                {"encode", 1, 1, false, Encode},
                                {"decode", 1, 1, false, Decode},
                                {"escape", 1, 1, false, Escape},
                                {"unescape", 1, 1, false, Unescape},
                            });
}

}  // namespace lienthong::fhirpath
