// String-search folding: Vietnamese names, NFD input, whitespace, bad UTF-8, words.
#include "search/text_fold.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace lienthong::search {
namespace {

std::string Utf8(char32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

TEST(FoldText, FoldsNamesAndText) {
  struct Case {
    const char* in;
    const char* folded;
  };
  const Case cases[] = {
      {"Nguyễn Văn An", "nguyen van an"},
      {"ĐẶNG THỊ Ngọc", "dang thi ngoc"},
      {"Hoàng", "hoang"},
      {"Huỳnh", "huynh"},
      {"Trần Thị Thu Hương", "tran thi thu huong"},
      {"Phạm Đức Mạnh", "pham duc manh"},
      {"Lê Ánh Dương", "le anh duong"},
      {"Bệnh viện Đa khoa tỉnh Quảng Ngãi", "benh vien da khoa tinh quang ngai"},
      {"ÐẶNG", "dang"},  // U+00D0 (Icelandic eth), often typed for Đ
      {"  a \t b  ", "a b"},
      {"\xC2\xA0Ng\xC3\xB4\xC2\xA0\xC2\xA0Th\xE1\xBB\x8B\xE3\x80\x80", "ngo thi"},  // NBSP, U+3000
      {"a\r\n\r\nb", "a b"},
      {"", ""},
      {" \t\n ", ""},
      {"ABC-123/xyz", "abc-123/xyz"},
      {"Müller Straße", "muller strasse"},
      {"Æsir Œuvre Ørsted", "aesir oeuvre orsted"},
      {"Crème Brûlée, Señor, Garçon", "creme brulee, senor, garcon"},
      {"Łódź Şişli Ğ ı İ", "lodz sisli g i i"},
      {"Þór ðað", "thor dad"},
      {"Москва ПРИВЕТ", "москва привет"},
      {"ΑΘΗΝΑ Ωμέγα", "αθηνα ωμέγα"},
      {"北京 กรุงเทพ", "北京 กรุงเทพ"},
      {"ＡＢＣ１２３", "abc123"},
      {"a\xE2\x80\x8B"
       "b",
       "ab"},  // zero-width space
      {"x\x01y\x7F", "xy"},
  };
  for (const Case& c : cases) EXPECT_EQ(FoldText(c.in), c.folded) << c.in;
}

TEST(FoldText, DecomposedInputFoldsAsPrecomposed) {
  struct Case {
    const char* nfd;
    const char* nfc;
  };
  // Base letter followed by U+0302 (circumflex), U+0303 (tilde), U+0306 (breve),
  // U+0309 (hook above), U+0323 (dot below), U+031B (horn), U+0300 (grave).
  const Case cases[] = {
      {"Nguye\xCC\x82\xCC\x83n Va\xCC\x86n An", "Nguyễn Văn An"},
      {"HUY\xCC\x80NH", "HUỲNH"},
      {"Thi\xCC\xA3 Ngo\xCC\xA3\x63", "Thị Ngọc"},
      {"Hu\xCC\x9Bo\xCC\x9B\xCC\x80ng", "Hường"},
      {"Qua\xCC\x89ng", "Quảng"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FoldText(c.nfd), FoldText(c.nfc)) << c.nfc;
    EXPECT_EQ(FoldText(c.nfd).find('\xCC'), std::string::npos) << c.nfc;
  }
}

// The 134 precomposed Vietnamese letters with diacritics (66 vowels with their
// marks and tones, and đ; lower and upper case): the whole of U+1EA0-U+1EF9,
// plus those that Unicode placed in Latin-1, Latin Extended-A and -B.
TEST(FoldText, EveryVietnameseLetterFoldsToItsBase) {
  struct Letter {
    char32_t code_point;
    char base;
  };
  std::vector<Letter> letters;
  struct Range {
    char32_t first, last;
    char base;
  };
  const Range additional[] = {{0x1EA0, 0x1EB7, 'a'}, {0x1EB8, 0x1EC7, 'e'}, {0x1EC8, 0x1ECB, 'i'},
                              {0x1ECC, 0x1EE3, 'o'}, {0x1EE4, 0x1EF1, 'u'}, {0x1EF2, 0x1EF9, 'y'}};
  for (const Range& r : additional) {
    for (char32_t cp = r.first; cp <= r.last; ++cp) letters.push_back({cp, r.base});
  }
  // Small letters outside U+1Exx; each capital is 0x20 (Latin-1) or 1 below.
  const Letter small_latin1[] = {{0xE0, 'a'}, {0xE1, 'a'}, {0xE2, 'a'}, {0xE3, 'a'},
                                 {0xE8, 'e'}, {0xE9, 'e'}, {0xEA, 'e'}, {0xEC, 'i'},
                                 {0xED, 'i'}, {0xF2, 'o'}, {0xF3, 'o'}, {0xF4, 'o'},
                                 {0xF5, 'o'}, {0xF9, 'u'}, {0xFA, 'u'}, {0xFD, 'y'}};
  for (const Letter& l : small_latin1) {
    letters.push_back(l);
    letters.push_back({l.code_point - 0x20, l.base});
  }
  const Letter small_extended[] = {{0x0103, 'a'}, {0x0111, 'd'}, {0x0129, 'i'},
                                   {0x0169, 'u'}, {0x01A1, 'o'}, {0x01B0, 'u'}};
  for (const Letter& l : small_extended) {
    letters.push_back(l);
    letters.push_back({l.code_point - 1, l.base});
  }
  ASSERT_EQ(letters.size(), 134u);
  for (const Letter& l : letters) {
    const std::string in = Utf8(l.code_point);
    EXPECT_EQ(FoldText(in), std::string(1, l.base)) << "U+" << std::hex << uint32_t{l.code_point};
    EXPECT_EQ(FoldText("X" + in + "X"), std::string("x") + l.base + "x");
  }
}

TEST(FoldText, LatinRangesFoldToAsciiOrStayLetters) {
  // Every letter of Latin-1, Extended-A/B and Extended Additional folds to
  // lower-case ASCII or to one lower-case letter without a Latin base.
  for (char32_t cp = 0xC0; cp < 0x250; ++cp) {
    if (cp == 0xD7 || cp == 0xF7) continue;
    const std::string folded = FoldText(Utf8(cp));
    ASSERT_FALSE(folded.empty()) << std::hex << uint32_t{cp};
    for (char c : folded) EXPECT_FALSE(c >= 'A' && c <= 'Z') << std::hex << uint32_t{cp};
    EXPECT_EQ(FoldText(folded), folded) << std::hex << uint32_t{cp};  // idempotent
  }
  for (char32_t cp = 0x1E00; cp < 0x1F00; ++cp) {
    const std::string folded = FoldText(Utf8(cp));
    ASSERT_FALSE(folded.empty());
    EXPECT_EQ(FoldText(folded), folded);
  }
}

TEST(FoldText, InvalidUtf8IsDroppedNotFatal) {
  const std::string cases[] = {
      "\xFF",
      "a\x80"
      "b",
      "\xC3",
      "\xE1\xBB",  // truncated
      "\xC0\xAF",
      "\xE0\x80\xAF",
      "\xED\xA0\x80",
      "\xF4\x90\x80\x80",  // overlong, surrogate, above U+10FFFF
      "Nguy\xE1\xBB\x85n\xFE",
      "\xF0\x9F\x98\x80 ok",
  };
  EXPECT_EQ(FoldText(cases[1]), "ab");
  EXPECT_EQ(FoldText(cases[8]), "nguyen");
  EXPECT_EQ(FoldText(cases[9]), "\xF0\x9F\x98\x80 ok");
  for (const std::string& c : cases) {
    const std::string folded = FoldText(c);
    EXPECT_EQ(FoldText(folded), folded);
  }
  std::mt19937 random(42);
  for (int i = 0; i < 20000; ++i) {
    std::string bytes(random() % 24, '\0');
    for (char& b : bytes) b = static_cast<char>(random());
    const std::string folded = FoldText(bytes);
    EXPECT_EQ(FoldText(folded), folded);  // output is valid UTF-8: nothing more is dropped
    SplitWords(folded);
    SplitWords(bytes);
  }
}

TEST(FoldText, AppendsToABuffer) {
  std::string out = "x|";
  AppendFoldedText("  Lê  Văn  ", out);
  EXPECT_EQ(out, "x|le van");
}

TEST(SplitWords, SplitsOnPunctuationAndSpace) {
  struct Case {
    const char* in;
    std::vector<std::string_view> words;
  };
  const Case cases[] = {
      {"", {}},
      {" - ", {}},
      {"nguyen van an", {"nguyen", "van", "an"}},
      {"dai thao duong type 2 (e11.9)", {"dai", "thao", "duong", "type", "2", "e11", "9"}},
      {"huyet-ap 120/80mmhg", {"huyet", "ap", "120", "80mmhg"}},
      {"москва, αθηνα «北京»", {"москва", "αθηνα", "北京"}},
      {"a\xE2\x80\x94"
       "b",
       {"a", "b"}},  // em dash
  };
  for (const Case& c : cases) EXPECT_EQ(SplitWords(c.in), c.words) << c.in;
  EXPECT_EQ(SplitWords(FoldText("Bệnh viện Đa khoa")),
            (std::vector<std::string_view>{"benh", "vien", "da", "khoa"}));
}

// Not a benchmark with a threshold (shared machines drift); prints the figure.
TEST(FoldText, FoldsAMillionShortNames) {
  const std::string names[] = {"Nguyễn Văn An",  "Trần Thị Bích Ngọc", "Lê Hoàng Long",
                               "Phạm Thị Hường", "Đặng Quốc Huy",      "John Smith",
                               "Huỳnh Thị Ánh",  "Võ Minh Đức"};
  std::string out;
  size_t total = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1'000'000; ++i) {
    out.clear();
    AppendFoldedText(names[i % 8], out);
    total += out.size();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto start_alloc = std::chrono::steady_clock::now();
  for (int i = 0; i < 1'000'000; ++i) total += FoldText(names[i % 8]).size();
  const double seconds_alloc =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_alloc).count();
  std::cout << "folded 1e6 names: " << seconds * 1e3 << " ms into one buffer, "
            << seconds_alloc * 1e3 << " ms with FoldText (" << total << " bytes)\n";
  EXPECT_GT(total, 0u);
}

}  // namespace
}  // namespace lienthong::search
