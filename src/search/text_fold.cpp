#include "search/text_fold.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace lienthong::search {
namespace {

// What one code point folds to.
struct Folded {
  enum Kind : uint8_t { kDrop, kSpace, kKeep, kBytes };
  Kind kind = kDrop;
  uint8_t size = 0;  // for kBytes: how many of `bytes` to write
  char bytes[3] = {};
};

constexpr Folded Bytes(std::string_view s) {
  Folded f{Folded::kBytes, static_cast<uint8_t>(s.size()), {}};
  for (size_t i = 0; i < s.size(); ++i) f.bytes[i] = s[i];
  return f;
}

// UTF-8 of a code point below U+10000 (the table ranges only need that).
constexpr Folded Encoded(char32_t cp) {
  Folded f{Folded::kBytes, 0, {}};
  if (cp < 0x80) {
    f.bytes[f.size++] = static_cast<char>(cp);
  } else if (cp < 0x800) {
    f.bytes[f.size++] = static_cast<char>(0xC0 | (cp >> 6));
    f.bytes[f.size++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    f.bytes[f.size++] = static_cast<char>(0xE0 | (cp >> 12));
    f.bytes[f.size++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    f.bytes[f.size++] = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return f;
}

// Base letters, one character per code point, 16 to a row: a lower-case ASCII
// letter is the letter a code point folds to (the one its Unicode name is built
// on: "LATIN CAPITAL LETTER A WITH BREVE AND DOT BELOW" is an "a"); '*' folds
// to two letters (kExpansions); '.' is a letter with no Latin base, kept and
// lower-cased (kKeptCapitals); ' ' is a space; '-' is dropped (C1 controls, the
// soft hyphen). Symbols of Latin-1 are kept ('.').
constexpr std::string_view kLatinBases =  // U+0080-U+024F
    "----- ----------"                    // U+0080
    "----------------"                    // U+0090
    " ............-.."                    // U+00A0
    "................"                    // U+00B0
    "aaaaaa*ceeeeiiii"                    // U+00C0
    "dnooooo.ouuuuy**"                    // U+00D0
    "aaaaaa*ceeeeiiii"                    // U+00E0
    "dnooooo.ouuuuy*y"                    // U+00F0
    "aaaaaaccccccccdd"                    // U+0100
    "ddeeeeeeeeeegggg"                    // U+0110
    "gggghhhhiiiiiiii"                    // U+0120
    "ii**jjkk.lllllll"                    // U+0130
    "lllnnnnnnnnnoooo"                    // U+0140
    "oo**rrrrrrssssss"                    // U+0150
    "ssttttttuuuuuuuu"                    // U+0160
    "uuuuwwyyyzzzzzzs"                    // U+0170
    "bbbb..occdddd.e."                    // U+0180
    "effg.*.ikkl.mnno"                    // U+0190
    "oo**pp.....ttttu"                    // U+01A0
    "u.vyyzz........."                    // U+01B0
    "....*********aai"                    // U+01C0
    "ioouuuuuuuuuueaa"                    // U+01D0
    "aa**ggggkkoooo.."                    // U+01E0
    "j***gg*.nnaa**oo"                    // U+01F0
    "aaaaeeeeiiiioooo"                    // U+0200
    "rrrruuuusstt..hh"                    // U+0210
    "nd**zzaaeeoooooo"                    // U+0220
    "ooyylntj**acclts"                    // U+0230
    "z..buveejjqqrryy";                   // U+0240
constexpr char32_t kLatinFirst = 0x0080;

constexpr std::string_view kLatinAdditionalBases =  // U+1E00-U+1EFF
    "aabbbbbbccdddddd"                              // U+1E00
    "ddddeeeeeeeeeeff"                              // U+1E10
    "gghhhhhhhhhhiiii"                              // U+1E20
    "kkkkkkllllllllmm"                              // U+1E30
    "mmmmnnnnnnnnoooo"                              // U+1E40
    "oooopppprrrrrrrr"                              // U+1E50
    "sssssssssstttttt"                              // U+1E60
    "ttuuuuuuuuuuvvvv"                              // U+1E70
    "wwwwwwwwwwxxxxyy"                              // U+1E80
    "zzzzzzhtwyasss*."                              // U+1E90
    "aaaaaaaaaaaaaaaa"                              // U+1EA0 Vietnamese vowels
    "aaaaaaaaeeeeeeee"                              // U+1EB0
    "eeeeeeeeiiiioooo"                              // U+1EC0
    "oooooooooooooooo"                              // U+1ED0
    "oooouuuuuuuuuuuu"                              // U+1EE0
    "uuyyyyyyyy**vvyy";                             // U+1EF0
constexpr char32_t kLatinAdditionalFirst = 0x1E00;

struct Expansion {
  char32_t code_point;
  std::string_view ascii;
};
constexpr Expansion kExpansions[] = {
    {0x00C6, "ae"}, {0x00DE, "th"}, {0x00DF, "ss"}, {0x00E6, "ae"}, {0x00FE, "th"}, {0x0132, "ij"},
    {0x0133, "ij"}, {0x0152, "oe"}, {0x0153, "oe"}, {0x0195, "hv"}, {0x01A2, "oi"}, {0x01A3, "oi"},
    {0x01C4, "dz"}, {0x01C5, "dz"}, {0x01C6, "dz"}, {0x01C7, "lj"}, {0x01C8, "lj"}, {0x01C9, "lj"},
    {0x01CA, "nj"}, {0x01CB, "nj"}, {0x01CC, "nj"}, {0x01E2, "ae"}, {0x01E3, "ae"}, {0x01F1, "dz"},
    {0x01F2, "dz"}, {0x01F3, "dz"}, {0x01F6, "hv"}, {0x01FC, "ae"}, {0x01FD, "ae"}, {0x0222, "ou"},
    {0x0223, "ou"}, {0x0238, "db"}, {0x0239, "qp"}, {0x1E9E, "ss"}, {0x1EFA, "ll"}, {0x1EFB, "ll"},
};

// Capitals among the '.' letters and their small letters.
constexpr std::pair<char32_t, char32_t> kKeptCapitals[] = {
    {0x0184, 0x0185}, {0x018F, 0x0259}, {0x0194, 0x0263}, {0x0196, 0x0269}, {0x01A6, 0x0280},
    {0x01A7, 0x01A8}, {0x01A9, 0x0283}, {0x01B1, 0x028A}, {0x01B7, 0x0292}, {0x01B8, 0x01B9},
    {0x01BC, 0x01BD}, {0x01EE, 0x01EF}, {0x01F7, 0x01BF}, {0x021C, 0x021D}, {0x0241, 0x0242},
};

template <size_t N>
constexpr std::array<Folded, N> BuildTable(char32_t first, std::string_view bases) {
  std::array<Folded, N> table{};
  if (bases.size() != N) throw "base letter rows do not cover the range";
  for (size_t i = 0; i < N; ++i) {
    const char32_t cp = first + static_cast<char32_t>(i);
    const char base = bases[i];
    if (base == '-') {
      table[i] = Folded{Folded::kDrop, 0, {}};
    } else if (base == ' ') {
      table[i] = Folded{Folded::kSpace, 0, {}};
    } else if (base == '.') {
      char32_t lower = cp;
      for (const auto& [capital, small] : kKeptCapitals) {
        if (capital == cp) lower = small;
      }
      table[i] = lower == cp ? Folded{Folded::kKeep, 0, {}} : Encoded(lower);
    } else if (base == '*') {
      const Expansion* found = nullptr;
      for (const Expansion& e : kExpansions) {
        if (e.code_point == cp) found = &e;
      }
      if (found == nullptr) throw "a '*' base letter has no expansion";
      table[i] = Bytes(found->ascii);
    } else {
      table[i] = Bytes(std::string_view(&bases[i], 1));
    }
  }
  return table;
}

constexpr auto kLatinTable = BuildTable<0x0250 - 0x0080>(kLatinFirst, kLatinBases);
constexpr auto kLatinAdditionalTable =
    BuildTable<0x1F00 - 0x1E00>(kLatinAdditionalFirst, kLatinAdditionalBases);

// ASCII: the byte to write, ' ' for whitespace, 0 to drop (other controls).
constexpr std::array<char, 128> BuildAsciiTable() {
  std::array<char, 128> table{};
  for (int c = 0x20; c < 0x7F; ++c) table[c] = static_cast<char>(c);
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = static_cast<char>(c - 'A' + 'a');
  for (unsigned char c : {'\t', '\n', '\v', '\f', '\r'}) table[c] = ' ';
  return table;
}
constexpr auto kAsciiTable = BuildAsciiTable();

constexpr bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Decodes the non-ASCII sequence at in[i]; returns its length, or 0 when the
// bytes there are not well-formed UTF-8 (overlong, surrogate, above U+10FFFF,
// truncated).
size_t DecodeUtf8(std::string_view in, size_t i, char32_t& cp) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(in[i + k]); };
  const size_t left = in.size() - i;
  const unsigned char lead = byte(0);
  if (lead >= 0xC2 && lead <= 0xDF) {
    if (left < 2 || !IsContinuation(byte(1))) return 0;
    cp = (char32_t{lead} & 0x1F) << 6 | (byte(1) & 0x3F);
    return 2;
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (left < 3 || !IsContinuation(byte(1)) || !IsContinuation(byte(2))) return 0;
    if (lead == 0xE0 && byte(1) < 0xA0) return 0;  // overlong
    if (lead == 0xED && byte(1) > 0x9F) return 0;  // surrogate
    cp = (char32_t{lead} & 0x0F) << 12 | (char32_t{byte(1)} & 0x3F) << 6 | (byte(2) & 0x3F);
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (left < 4 || !IsContinuation(byte(1)) || !IsContinuation(byte(2)) ||
        !IsContinuation(byte(3))) {
      return 0;
    }
    if (lead == 0xF0 && byte(1) < 0x90) return 0;  // overlong
    if (lead == 0xF4 && byte(1) > 0x8F) return 0;  // above U+10FFFF
    cp = (char32_t{lead} & 0x07) << 18 | (char32_t{byte(1)} & 0x3F) << 12 |
         (char32_t{byte(2)} & 0x3F) << 6 | (byte(3) & 0x3F);
    return 4;
  }
  return 0;
}

bool IsCombiningMark(char32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xFE20 && cp <= 0xFE2F);
}

bool IsUnicodeSpace(char32_t cp) {
  return cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool IsZeroWidth(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

// Lower case of Greek and Cyrillic capitals; other code points unchanged.
char32_t LowerGreekCyrillic(char32_t cp) {
  if (cp < 0x0400) {
    if (cp >= 0x0391 && cp <= 0x03AB && cp != 0x03A2) return cp + 0x20;
    if (cp == 0x0386) return 0x03AC;
    if (cp >= 0x0388 && cp <= 0x038A) return cp + 0x25;
    if (cp == 0x038C) return 0x03CC;
    if (cp == 0x038E || cp == 0x038F) return cp + 0x3F;
    return cp;
  }
  if (cp <= 0x040F) return cp + 0x50;
  if (cp <= 0x042F) return cp + 0x20;
  const bool even = cp % 2 == 0;
  if ((cp >= 0x0460 && cp <= 0x0481) || (cp >= 0x048A && cp <= 0x04BF) ||
      (cp >= 0x04D0 && cp <= 0x04FF)) {
    return even ? cp + 1 : cp;
  }
  if (cp == 0x04C0) return 0x04CF;
  if (cp >= 0x04C1 && cp <= 0x04CE) return even ? cp : cp + 1;
  return cp;
}

Folded FoldCodePoint(char32_t cp) {
  if (cp < 0x0250) return kLatinTable[cp - kLatinFirst];
  if (IsCombiningMark(cp) || IsZeroWidth(cp)) return Folded{Folded::kDrop, 0, {}};
  if (cp >= 0x0370 && cp <= 0x04FF) {
    const char32_t lower = LowerGreekCyrillic(cp);
    return lower == cp ? Folded{Folded::kKeep, 0, {}} : Encoded(lower);
  }
  if (cp >= 0x1E00 && cp <= 0x1EFF) return kLatinAdditionalTable[cp - kLatinAdditionalFirst];
  if (IsUnicodeSpace(cp)) return Folded{Folded::kSpace, 0, {}};
  if (cp >= 0xFF10 && cp <= 0xFF19) return Encoded(cp - 0xFF10 + '0');
  if (cp >= 0xFF21 && cp <= 0xFF3A) return Encoded(cp - 0xFF21 + 'a');
  if (cp >= 0xFF41 && cp <= 0xFF5A) return Encoded(cp - 0xFF41 + 'a');
  return Folded{Folded::kKeep, 0, {}};
}

// Whether a non-ASCII code point separates words: punctuation, symbols, spaces.
bool IsWordSeparator(char32_t cp) {
  if (cp >= 0x00A0 && cp <= 0x00BF) return cp != 0x00AA && cp != 0x00B5 && cp != 0x00BA;
  return cp == 0x00D7 || cp == 0x00F7 || cp == 0x037E || cp == 0x0387 ||
         (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
         (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
         (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp >= 0x1F000 && cp <= 0x1FAFF);
}

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

void AppendFoldedText(std::string_view utf8, std::string& out) {
  const size_t start = out.size();
  out.reserve(start + utf8.size());
  bool space_pending = false;
  // A space is written only before the next thing written, and only when
  // something of this text precedes it: runs collapse, ends are trimmed.
  const auto before_write = [&] {
    if (space_pending) {
      if (out.size() > start) out.push_back(' ');
      space_pending = false;
    }
  };
  size_t i = 0;
  while (i < utf8.size()) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      ++i;
      const char f = kAsciiTable[c];
      if (f == ' ') {
        space_pending = true;
      } else if (f != 0) {
        before_write();
        out.push_back(f);
      }
      continue;
    }
    char32_t cp = 0;
    const size_t length = DecodeUtf8(utf8, i, cp);
    if (length == 0) {
      ++i;  // not UTF-8: drop the byte and resynchronise on the next
      continue;
    }
    const Folded f = FoldCodePoint(cp);
    switch (f.kind) {
      case Folded::kDrop:
        break;
      case Folded::kSpace:
        space_pending = true;
        break;
      case Folded::kKeep:
        before_write();
        out.append(utf8.substr(i, length));
        break;
      case Folded::kBytes:
        before_write();
        out.append(f.bytes, f.size);
        break;
    }
    i += length;
  }
}

std::string FoldText(std::string_view utf8) {
  std::string out;
  AppendFoldedText(utf8, out);
  return out;
}

std::vector<std::string_view> SplitWords(std::string_view folded) {
  std::vector<std::string_view> words;
  size_t word_start = 0;
  bool in_word = false;
  size_t i = 0;
  while (i < folded.size()) {
    const auto c = static_cast<unsigned char>(folded[i]);
    size_t length = 1;
    bool word_char = false;
    if (c < 0x80) {
      word_char = IsAsciiAlnum(c);
    } else {
      char32_t cp = 0;
      length = DecodeUtf8(folded, i, cp);
      if (length == 0) {
        length = 1;  // not UTF-8: a separator
      } else {
        word_char = !IsWordSeparator(cp) && !IsUnicodeSpace(cp) && !IsZeroWidth(cp);
      }
    }
    if (word_char && !in_word) {
      word_start = i;
      in_word = true;
    } else if (!word_char && in_word) {
      words.push_back(folded.substr(word_start, i - word_start));
      in_word = false;
    }
    i += length;
  }
  if (in_word) words.push_back(folded.substr(word_start));
  return words;
}

}  // namespace lienthong::search
