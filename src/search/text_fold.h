// Folding of text for FHIR string search. In lienthong a string search is case-
// and accent-insensitive, and Vietnamese diacritics fold away so that
// `name=nguyen van an` finds "Nguyễn Văn An". The same fold is applied to every
// string index value at write time and to every query value, so both sides must
// go through these functions and nothing else.
//
// Hand-written rather than through ICU: this runs for every indexed string on
// every write, and the fold we need (Latin letters to ASCII, whitespace
// collapsed) is a small table, not a full Unicode normalisation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lienthong::search {

// Folds UTF-8 text for string search and returns it as UTF-8:
//  - lower-cased; Latin letters with diacritics (Latin-1, Latin Extended-A and
//    -B, Latin Extended Additional, which holds the Vietnamese vowels with
//    tones) become their ASCII base letter; đ/Đ (and Ð, often typed for it)
//    become "d"; ß, æ, œ, þ and the other ligatures become two letters;
//  - combining marks (U+0300-U+036F and the other combining blocks) and
//    zero-width characters are dropped, so NFD input folds as NFC does;
//  - fullwidth Latin letters and digits become ASCII; Greek and Cyrillic are
//    lower-cased; every other character (CJK, Thai, symbols...) is kept as is;
//  - control characters are dropped; every run of whitespace (NBSP and the
//    Unicode spaces included) becomes one ASCII space, none at either end.
// Bytes that are not valid UTF-8 are dropped. Never fails.
std::string FoldText(std::string_view utf8);

// As FoldText, appending to `out` (whose contents are left in place), so that a
// caller folding many values can reuse one buffer.
void AppendFoldedText(std::string_view utf8, std::string& out);

// The words of folded text, for _text and _content: runs of letters and digits,
// where every non-ASCII character counts as a letter except punctuation, symbols
// and spaces. Scripts written without spaces (Chinese, Thai...) come out as one
// word per run. The views point into `folded`, which must outlive them.
std::vector<std::string_view> SplitWords(std::string_view folded);

}  // namespace lienthong::search
