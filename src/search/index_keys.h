// The layout of search index keys in the store's `index` family:
//
//   param(8) kind payload id trailer
//
// `param` is a 64-bit FNV-1a hash of "type \0 code" (big-endian): short keys
// keep the index small and comparisons fast, and 64 bits make a collision
// between the few thousand (type, parameter) pairs practically impossible.
// `kind` (one byte) says how the payload encodes the value, so that one
// parameter can be indexed several ways. The id ends the key, so that the
// keys of one value come in id order; the trailer byte lets it be read from
// the end of any key without decoding the payload: 1 to 64 is the length of
// the id as written, 0x90 says the id is a canonical lower-case UUID held as
// the marker byte 0xFF and its 16 bytes (which sort as its text does), 19
// bytes shorter than the text in every key of every server-assigned id.
// The marker sorts after every character an id may have, so the keys of one
// value hold first the ids kept as text, in id order, then the UUIDs, in id
// order; a scan that must follow id order checks that it sees only one of
// the two (kIdUuidMarker). Payloads use
// the order-preserving encodings of key_codec.h, so equality is a prefix
// scan and comparisons are range scans:
//
//   kString   's' folded text (FoldText), terminated
//   kExact    'x' the text as written, terminated
//   kCode     'c' code, terminated                     (token, any system)
//   kSysCode  'k' system, code, both terminated        (system "" for none)
//   kText     't' folded display or text, terminated   (token :text)
//   kOfType   'o' type system, type code, value        (identifier :of-type)
//   kRef      'r' "Type/id" or absolute URL, terminated
//   kRefIdent 'i' identifier system, value             (reference :identifier)
//   kUri      'u' uri, terminated
//   kNumber   'n' double
//   kQuantity 'q' system, code, double
//   kUnit     'm' code or unit, double                 (quantity "||unit", "|unit")
//   kValue    'v' double                               (quantity without unit)
//   kUcum     'g' canonical UCUM unit, canonical double
//   kLow      'l' low, high (int64 µs, half-open)      (date, by start)
//   kHigh     'h' high, low                            (date, by end)
//   kComposite 'p' one segment per component            (composite_key.h)
//   kWord     'w' one folded word, terminated           (_text, _content)
//   kGeo      'y' latitude, longitude (doubles, degrees) (Location near)
//
// :missing needs no key of its own: a resource has a value for a parameter
// exactly when it has some key under the parameter's 8 bytes.
#pragma once

#include <string>
#include <string_view>

namespace lienthong::search {

enum IndexKind : char {
  kString = 's',
  kExact = 'x',
  kCode = 'c',
  kSysCode = 'k',
  kText = 't',
  kOfType = 'o',
  kRef = 'r',
  kRefIdent = 'i',
  kUri = 'u',
  kNumber = 'n',
  kQuantity = 'q',
  kUnit = 'm',
  kValue = 'v',
  kUcum = 'g',
  kLow = 'l',
  kHigh = 'h',
  kComposite = 'p',
  kWord = 'w',
  kGeo = 'y',
};

// The 8 bytes that start every key of one parameter of one type.
std::string ParamPrefix(std::string_view type, std::string_view code);
// ParamPrefix and kind: the start of every key of one parameter and kind.
std::string IndexPrefix(std::string_view type, std::string_view code, IndexKind kind);
// The byte that starts the id part of a key whose id is a UUID held as bytes.
inline constexpr char kIdUuidMarker = '\xff';

// What ends every key of a resource: its id, as text or as a UUID's bytes,
// and the trailer byte.
std::string IdSuffix(std::string_view id);
// Appends IdSuffix(id) to a prefix plus payload, making a key.
void FinishKey(std::string& key, std::string_view id);
// The id at the end of a key, into `id` (a buffer the caller reuses); false
// for a malformed key.
bool IdOfKey(std::string_view key, std::string& id);
// The same, returning the id; empty for a malformed key.
std::string IdOfKey(std::string_view key);
// The payload of a key made from `prefix` (between the prefix and the id).
std::string_view PayloadOfKey(std::string_view key, size_t prefix_size);

}  // namespace lienthong::search
