#include "fhirpath/text_case.h"

#include <locale.h>
#include <wctype.h>

#include "common/utf8.h"

namespace lienthong::fhirpath {
namespace {

// The C.UTF-8 locale, created once; null when the C library lacks
// it, in which case only ASCII letters change case.
locale_t Utf8Locale() {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{nullptr});
  return locale;
}

// Decodes one code point at s[i]; returns its length, or 0 for a bad byte.
size_t Decode(std::string_view s, size_t i, uint32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t n;
  if (b < 0x80) {
    cp = b;
    return 1;
  } else if ((b & 0xE0) == 0xC0) {
    cp = b & 0x1F;
    n = 2;
  } else if ((b & 0xF0) == 0xE0) {
    cp = b & 0x0F;
    n = 3;
  } else if ((b & 0xF8) == 0xF0) {
    cp = b & 0x07;
    n = 4;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  return n;
}

std::string MapCase(std::string_view text, bool upper) {
  const locale_t locale = Utf8Locale();
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t n = Decode(text, i, cp);
    if (n == 0) {
      out += text[i++];
      continue;
    }
    if (cp < 0x80) {
      if (upper && cp >= 'a' && cp <= 'z') cp -= 32;
      if (!upper && cp >= 'A' && cp <= 'Z') cp += 32;
    } else if (locale != locale_t{nullptr}) {
      const wint_t mapped = upper ? towupper_l(static_cast<wint_t>(cp), locale)
                                  : towlower_l(static_cast<wint_t>(cp), locale);
      cp = static_cast<uint32_t>(mapped);
    }
    AppendUtf8(cp, out);
    i += n;
  }
  return out;
}

}  // namespace

std::string ToUpperCase(std::string_view text) { return MapCase(text, true); }
std::string ToLowerCase(std::string_view text) { return MapCase(text, false); }

}  // namespace lienthong::fhirpath
