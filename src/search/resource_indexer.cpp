#include "search/resource_indexer.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "common/time.h"
#include "common/utf8.h"
#include "search/composite_key.h"
#include "search/index_keys.h"
#include "search/key_codec.h"
#include "search/text_fold.h"
#include "search/ucum_units.h"

namespace lienthong::search {
namespace {

// Strings longer than this are indexed by their first bytes only (enough for
// prefix matching; :exact and :contains then check the resource).
constexpr size_t kMaxIndexedText = 256;

constexpr int64_t kMinTime = std::numeric_limits<int64_t>::min();
constexpr int64_t kMaxTime = std::numeric_limits<int64_t>::max();

std::string_view Clip(std::string_view s) {
  if (s.size() <= kMaxIndexedText) return s;
  size_t n = kMaxIndexedText;
  // Do not cut a UTF-8 sequence in two.
  while (n > 0 && (static_cast<uint8_t>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// Collects the keys of one parameter of one resource.
class KeyBuilder {
 public:
  // `id_suffix` is the resource's IdSuffix, made once for all its keys.
  KeyBuilder(std::string_view type, const SearchParameter& param, std::string_view id_suffix,
             std::vector<std::string>& keys)
      : type_(type), param_(param), id_suffix_(id_suffix), keys_(keys) {}

  // A builder for one component of a composite parameter: it collects
  // segments (kind and payload, composite_key.h) instead of whole keys, and
  // only of the kinds a composite search reads (no :exact, :text, :of-type
  // or :identifier forms).
  static KeyBuilder Segments(const SearchParameter& param, std::vector<std::string>& segments) {
    KeyBuilder b({}, param, {}, segments);
    b.segments_ = true;
    return b;
  }

  void String(std::string_view text) {
    if (text.empty()) return;
    Add(kString, [&](std::string& k) { AppendString(k, Clip(FoldText(text))); });
    Add(kExact, [&](std::string& k) { AppendString(k, Clip(text)); });
  }
  void Code(std::string_view system, std::string_view code, bool with_system) {
    if (code.empty()) return;
    Add(kCode, [&](std::string& k) { AppendString(k, Clip(code)); });
    if (with_system) {
      Add(kSysCode, [&](std::string& k) {
        AppendString(k, Clip(system));
        AppendString(k, Clip(code));
      });
    }
  }
  void Text(std::string_view text) {
    if (text.empty()) return;
    Add(kText, [&](std::string& k) { AppendString(k, Clip(FoldText(text))); });
  }
  void OfType(std::string_view system, std::string_view code, std::string_view value) {
    Add(kOfType, [&](std::string& k) {
      AppendString(k, Clip(system));
      AppendString(k, Clip(code));
      AppendString(k, Clip(value));
    });
  }
  void Reference(std::string_view ref) {
    if (ref.empty() || ref.front() == '#') return;
    // "Patient/1/_history/2" names Patient/1.
    if (const size_t h = ref.find("/_history/"); h != std::string_view::npos) {
      ref = ref.substr(0, h);
    }
    Add(kRef, [&](std::string& k) { AppendString(k, Clip(ref)); });
  }
  void RefIdentifier(std::string_view system, std::string_view value) {
    if (value.empty()) return;
    Add(kRefIdent, [&](std::string& k) {
      AppendString(k, Clip(system));
      AppendString(k, Clip(value));
    });
  }
  void Uri(std::string_view uri) {
    if (uri.empty()) return;
    Add(kUri, [&](std::string& k) { AppendString(k, Clip(uri)); });
  }
  void Number(double v) {
    Add(kNumber, [&](std::string& k) { AppendDouble(k, v); });
  }
  void Position(double latitude, double longitude) {
    Add(kGeo, [&](std::string& k) {
      AppendDouble(k, latitude);
      AppendDouble(k, longitude);
    });
  }
  void Quantity(double v, std::string_view system, std::string_view code, std::string_view unit) {
    std::optional<CanonicalQuantity> canonical;
    if (system == "http://unitsofmeasure.org" && !code.empty()) {
      canonical = CanonicalizeUcum(v, code);
    }
    Add(kValue, [&](std::string& k) { AppendDouble(k, v); });
    if (!code.empty()) {
      // A search in UCUM units whose canonical form is known compares
      // canonical values (kUcum), so the system|code form is kept only for
      // quantities without one.
      if (!canonical) {
        Add(kQuantity, [&](std::string& k) {
          AppendString(k, Clip(system));
          AppendString(k, Clip(code));
          AppendDouble(k, v);
        });
      }
      Add(kUnit, [&](std::string& k) {
        AppendString(k, Clip(code));
        AppendDouble(k, v);
      });
    }
    if (!unit.empty() && unit != code) {
      Add(kUnit, [&](std::string& k) {
        AppendString(k, Clip(unit));
        AppendDouble(k, v);
      });
    }
    if (canonical) {
      Add(kUcum, [&](std::string& k) {
        AppendString(k, canonical->unit);
        AppendDouble(k, canonical->value);
      });
    }
  }
  void Range(int64_t low, int64_t high) {
    if (high < low) return;
    Add(kLow, [&](std::string& k) {
      AppendInt64(k, low);
      AppendInt64(k, high);
    });
    Add(kHigh, [&](std::string& k) {
      AppendInt64(k, high);
      AppendInt64(k, low);
    });
  }

 private:
  template <typename Fn>
  void Add(IndexKind kind, Fn&& payload) {
    if (segments_) {
      if (kind == kExact || kind == kText || kind == kOfType || kind == kRefIdent) return;
      std::string segment(1, static_cast<char>(kind));
      payload(segment);
      keys_.push_back(std::move(segment));
      return;
    }
    if (prefix_.empty()) prefix_ = ParamPrefix(type_, param_.code);
    std::string key = prefix_;
    key.push_back(static_cast<char>(kind));
    payload(key);
    key.append(id_suffix_);
    keys_.push_back(std::move(key));
  }

  std::string_view type_;
  const SearchParameter& param_;
  std::string_view id_suffix_;
  std::vector<std::string>& keys_;
  std::string prefix_;  // ParamPrefix, made at the first key
  bool segments_ = false;
};

std::string_view Str(const json::Value* v, std::string_view key) {
  return v == nullptr ? std::string_view() : v->get_string(key);
}

template <typename Fn>
void EachString(const json::Value* v, std::string_view key, Fn&& fn) {
  if (v == nullptr) return;
  const json::Value* member = v->find(key);
  if (member == nullptr) return;
  if (member->is_string()) return fn(std::string_view(member->text()));
  if (member->is_array()) {
    for (const auto& m : member->members()) {
      if (m.value.is_string()) fn(std::string_view(m.value.text()));
    }
  }
}

template <typename Fn>
void EachObject(const json::Value* v, std::string_view key, Fn&& fn) {
  if (v == nullptr) return;
  const json::Value* member = v->find(key);
  if (member == nullptr) return;
  if (member->is_object()) return fn(*member);
  if (member->is_array()) {
    for (const auto& m : member->members()) {
      if (m.value.is_object()) fn(m.value);
    }
  }
}

std::optional<double> ToDouble(const json::Value* v) {
  if (v == nullptr || !v->is_number()) return std::nullopt;
  const std::string& text = v->text();
  char* end = nullptr;
  const double d = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return std::nullopt;
  return d;
}

std::optional<TimeRange> DateRange(std::string_view text) {
  Result<TimeRange> r = ParseFhirDateTime(text);
  if (!r.ok()) return std::nullopt;
  return *r;
}

void IndexPeriod(const json::Value& period, KeyBuilder& b) {
  int64_t low = kMinTime;
  int64_t high = kMaxTime;
  bool any = false;
  if (std::optional<TimeRange> s = DateRange(Str(&period, "start"))) {
    low = s->start_us;
    any = true;
  }
  if (std::optional<TimeRange> e = DateRange(Str(&period, "end"))) {
    high = e->end_us;
    any = true;
  }
  if (any) b.Range(low, high);
}

void IndexCoding(const json::Value& coding, KeyBuilder& b) {
  b.Code(Str(&coding, "system"), Str(&coding, "code"), true);
  b.Text(Str(&coding, "display"));
}

void IndexToken(const fhirpath::Item& item, KeyBuilder& b) {
  if (!item.is_node()) {
    switch (item.kind()) {
      case fhirpath::ItemKind::kBoolean:
        return b.Code("", item.boolean() ? "true" : "false", false);
      case fhirpath::ItemKind::kString:
        return b.Code("", item.string(), false);
      case fhirpath::ItemKind::kInteger:
        return b.Code("", std::to_string(item.integer()), false);
      default:
        return;
    }
  }
  const json::Value* v = item.node().value;
  if (v == nullptr) return;
  const std::string_view type = fhirpath::TypeNameOf(item);
  if (type == "Coding") return IndexCoding(*v, b);
  if (type == "CodeableConcept") {
    EachObject(v, "coding", [&](const json::Value& c) { IndexCoding(c, b); });
    b.Text(Str(v, "text"));
    return;
  }
  if (type == "Identifier") {
    const std::string_view value = Str(v, "value");
    b.Code(Str(v, "system"), value, true);
    if (const json::Value* id_type = v->find("type")) {
      EachObject(id_type, "coding", [&](const json::Value& c) {
        b.OfType(Str(&c, "system"), Str(&c, "code"), value);
      });
      b.Text(Str(id_type, "text"));
    }
    return;
  }
  if (type == "ContactPoint") return b.Code(Str(v, "system"), Str(v, "value"), true);
  if (v->is_bool()) return b.Code("", v->as_bool() ? "true" : "false", false);
  if (v->is_string() || v->is_number()) return b.Code("", v->text(), false);
}

void IndexString(const fhirpath::Item& item, KeyBuilder& b) {
  if (!item.is_node()) {
    if (item.kind() == fhirpath::ItemKind::kString) b.String(item.string());
    return;
  }
  const json::Value* v = item.node().value;
  if (v == nullptr) return;
  if (v->is_string()) return b.String(v->text());
  const std::string_view type = fhirpath::TypeNameOf(item);
  auto each = [&](std::string_view key) {
    EachString(v, key, [&](std::string_view s) { b.String(s); });
  };
  if (type == "HumanName") {
    for (const char* k : {"text", "family", "given", "prefix", "suffix"}) each(k);
    // The whole name, in Vietnamese order (family, middle and given names:
    // "Nguyễn Văn An") and in Western order (given names, then family), so
    // that name=nguyen van an finds it.
    std::string given;
    EachString(v, "given", [&](std::string_view g) {
      if (!given.empty()) given += ' ';
      given += g;
    });
    const std::string_view family = Str(v, "family");
    if (!given.empty() && !family.empty()) {
      b.String(std::string(family) + " " + given);
      b.String(given + " " + std::string(family));
    }
  } else if (type == "Address") {
    for (const char* k : {"text", "line", "city", "district", "state", "postalCode", "country"}) {
      each(k);
    }
  }
}

void IndexReference(const fhirpath::Item& item, KeyBuilder& b) {
  if (!item.is_node()) {
    if (item.kind() == fhirpath::ItemKind::kString) b.Reference(item.string());
    return;
  }
  const json::Value* v = item.node().value;
  if (v == nullptr) return;
  if (v->is_string()) {
    // canonical or uri: also without its |version.
    std::string_view ref = v->text();
    b.Reference(ref);
    if (const size_t bar = ref.find('|'); bar != std::string_view::npos) {
      b.Reference(ref.substr(0, bar));
    }
    return;
  }
  b.Reference(Str(v, "reference"));
  if (const json::Value* ident = v->find("identifier")) {
    b.RefIdentifier(Str(ident, "system"), Str(ident, "value"));
  }
}

void IndexDate(const fhirpath::Item& item, KeyBuilder& b) {
  if (!item.is_node()) {
    if (item.kind() == fhirpath::ItemKind::kDate || item.kind() == fhirpath::ItemKind::kDateTime) {
      if (std::optional<TimeRange> r = DateRange(item.temporal().ToString())) {
        b.Range(r->start_us, r->end_us);
      }
    }
    return;
  }
  const json::Value* v = item.node().value;
  if (v == nullptr) return;
  if (v->is_string()) {
    if (std::optional<TimeRange> r = DateRange(v->text())) b.Range(r->start_us, r->end_us);
    return;
  }
  const std::string_view type = fhirpath::TypeNameOf(item);
  if (type == "Period") return IndexPeriod(*v, b);
  if (type == "Timing") {
    int64_t low = kMaxTime;
    int64_t high = kMinTime;
    EachString(v, "event", [&](std::string_view e) {
      if (std::optional<TimeRange> r = DateRange(e)) {
        low = std::min(low, r->start_us);
        high = std::max(high, r->end_us);
      }
    });
    if (low <= high) b.Range(low, high);
    if (const json::Value* repeat = v->find("repeat")) {
      if (const json::Value* bounds = repeat->find("boundsPeriod")) IndexPeriod(*bounds, b);
    }
  }
}

void IndexNumber(const fhirpath::Item& item, KeyBuilder& b) {
  if (!item.is_node()) {
    if (item.kind() == fhirpath::ItemKind::kInteger) b.Number(static_cast<double>(item.integer()));
    if (item.kind() == fhirpath::ItemKind::kDecimal) b.Number(item.decimal().ToDouble());
    return;
  }
  if (std::optional<double> d = ToDouble(item.node().value)) b.Number(*d);
}

void IndexQuantity(const fhirpath::Item& item, KeyBuilder& b) {
  if (!item.is_node()) {
    if (item.kind() == fhirpath::ItemKind::kQuantity) {
      const fhirpath::Quantity& q = item.quantity();
      b.Quantity(q.value.ToDouble(), q.calendar ? "" : "http://unitsofmeasure.org", q.unit, "");
    }
    return;
  }
  const json::Value* v = item.node().value;
  if (v == nullptr || !v->is_object()) return;
  const std::string_view type = fhirpath::TypeNameOf(item);
  if (type == "Range") {
    // A range matches by its bounds.
    for (const char* bound : {"low", "high"}) {
      if (const json::Value* q = v->find(bound)) {
        if (std::optional<double> d = ToDouble(q->find("value"))) {
          b.Quantity(*d, Str(q, "system"), Str(q, "code"), Str(q, "unit"));
        }
      }
    }
    return;
  }
  std::optional<double> d = ToDouble(v->find("value"));
  if (!d) return;
  b.Quantity(*d, Str(v, "system"), Str(v, "code"), Str(v, "unit"));
}

void IndexUri(const fhirpath::Item& item, KeyBuilder& b) {
  if (!item.is_node()) {
    if (item.kind() == fhirpath::ItemKind::kString) b.Uri(item.string());
    return;
  }
  const json::Value* v = item.node().value;
  if (v != nullptr && v->is_string()) b.Uri(v->text());
}

void IndexItem(ParamType type, const fhirpath::Item& item, KeyBuilder& b) {
  switch (type) {
    case ParamType::kString:
      return IndexString(item, b);
    case ParamType::kToken:
      return IndexToken(item, b);
    case ParamType::kReference:
      return IndexReference(item, b);
    case ParamType::kDate:
      return IndexDate(item, b);
    case ParamType::kNumber:
      return IndexNumber(item, b);
    case ParamType::kQuantity:
      return IndexQuantity(item, b);
    case ParamType::kUri:
      return IndexUri(item, b);
    case ParamType::kComposite:
    case ParamType::kSpecial:
      return;
  }
}

// The keys of a composite parameter for each element its expression
// selects: one per form of the first component's value, the other
// components' values grouped inside (composite_key.h); `id_suffix` is the
// resource's IdSuffix. Component expressions
// are evaluated with the element as $this, so that the code and the value of
// one Observation.component are never paired with another component's.
void IndexComposite(std::string_view type, std::string_view id_suffix, const json::Value& resource,
                    const SearchParameter& param, const fhirpath::EvalContext& context,
                    std::vector<std::string>& keys) {
  if (param.components.empty()) return;
  Result<fhirpath::Collection> elements = fhirpath::Evaluate(*param.parsed, resource, context);
  if (!elements.ok()) return;
  const std::string prefix = IndexPrefix(type, param.code, kComposite);
  for (const fhirpath::Item& element : *elements) {
    std::vector<std::vector<std::string>> segments;
    for (const SearchParameter::Component& component : param.components) {
      if (component.param == nullptr || component.parsed == nullptr) return;
      Result<fhirpath::Collection> values =
          fhirpath::EvaluateOn(*component.parsed, element, resource, context);
      if (!values.ok()) break;
      std::vector<std::string>& found = segments.emplace_back();
      KeyBuilder b = KeyBuilder::Segments(*component.param, found);
      for (const fhirpath::Item& v : *values) IndexItem(component.param->type, v, b);
      if (found.empty()) break;
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end()), found.end());
    }
    if (segments.size() != param.components.size() || segments.back().empty()) continue;
    for (const std::string& combined : CombineSegments(segments)) {
      std::string key = prefix + combined;
      key.append(id_suffix);
      keys.push_back(std::move(key));
    }
  }
}

// Location.near: each position (Location.position) with a latitude and a
// longitude, as WGS84 degrees.
void IndexPositions(const SearchParameter& param, const json::Value& resource,
                    const fhirpath::EvalContext& context, std::string_view id_suffix,
                    std::string_view type, std::vector<std::string>& keys) {
  if (param.parsed == nullptr) return;
  Result<fhirpath::Collection> items = fhirpath::Evaluate(*param.parsed, resource, context);
  if (!items.ok()) return;
  KeyBuilder b(type, param, id_suffix, keys);
  for (const fhirpath::Item& item : *items) {
    if (!item.is_node()) continue;
    const json::Value* latitude = item.node().value->find("latitude");
    const json::Value* longitude = item.node().value->find("longitude");
    if (latitude == nullptr || longitude == nullptr) continue;
    std::optional<double> lat = ToDouble(latitude);
    std::optional<double> lon = ToDouble(longitude);
    if (lat && lon && std::abs(*lat) <= 90 && std::abs(*lon) <= 180) b.Position(*lat, *lon);
  }
}

// Words longer than this are indexed by their first bytes; a resource
// indexes at most kMaxWords distinct words per parameter.
constexpr size_t kMaxWordBytes = 64;
constexpr size_t kMaxWords = 4096;

// The text of an XHTML narrative: tags dropped (each one a word break),
// character references decoded.
std::string NarrativeText(std::string_view div) {
  std::string out;
  out.reserve(div.size());
  for (size_t i = 0; i < div.size(); ++i) {
    const char c = div[i];
    if (c == '<') {
      const size_t close = div.find('>', i);
      if (close == std::string_view::npos) break;
      i = close;
      out.push_back(' ');
      continue;
    }
    if (c != '&') {
      out.push_back(c);
      continue;
    }
    const size_t semi = div.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back(' ');
      continue;
    }
    const std::string_view entity = div.substr(i + 1, semi - i - 1);
    i = semi;
    if (entity.starts_with('#')) {
      const bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
      const std::string_view digits = entity.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      auto [end, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (ec == std::errc() && end == digits.data() + digits.size() && cp <= 0x10FFFF) {
        AppendUtf8(cp, out);
        continue;
      }
    } else if (entity == "amp") {
      out.push_back('&');
      continue;
    }
    out.push_back(' ');  // &lt;, &nbsp; and the rest separate words
  }
  return out;
}

// "2024-03-01T10:00:00+07:00" and other dates, times and instants: their
// digits are found by date parameters, not by words.
bool IsDateLike(std::string_view s) {
  if (s.size() < 4) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool digit = c >= '0' && c <= '9';
    if (i < 4 ? !digit
              : !(digit || c == '-' || c == ':' || c == 'T' || c == '.' || c == '+' || c == 'Z')) {
      return false;
    }
  }
  return s.size() == 4 || s[4] == '-';
}

// Elements whose strings are codes from a fixed list (status, gender,
// Coding.code, ...): the token parameters search those; as words they would
// put the same few keys ("final", "active") on nearly every resource.
bool IsCodeElement(std::string_view key) {
  static constexpr std::string_view kCodes[] = {
      "code",        "status",   "use",        "unit",    "gender",
      "intent",      "priority", "language",   "mode",    "type",
      "criticality", "category", "comparator", "version", "lifecycleStatus",
      "severity",    "kind",     "currency"};
  return std::find(std::begin(kCodes), std::end(kCodes), key) != std::end(kCodes);
}

// Every string of a resource for _content: narratives as text; base64
// data, ids, dates, coded values and the machine-facing URLs (system, url,
// profile, reference) left out, as they hold no words a person would look
// for and would only add index keys to every write.
void CollectStrings(const json::Value& v, std::string_view key, std::string& out) {
  if (v.is_string()) {
    if (IsDateLike(v.text()) || IsCodeElement(key)) return;
    if (key == "div") {
      out += NarrativeText(v.text());
    } else {
      out += v.text();
    }
    out.push_back(' ');
    return;
  }
  if (!v.is_object() && !v.is_array()) return;
  for (const auto& m : v.members()) {
    const std::string_view k = v.is_array() ? key : std::string_view(m.key);
    if (k == "resourceType" || k == "id" || k == "data" || k == "system" || k == "url" ||
        k == "profile" || k == "reference" || k == "fullUrl") {
      continue;
    }
    CollectStrings(m.value, k, out);
  }
}

void IndexWords(std::string_view type, std::string_view code, std::string_view id_suffix,
                std::string_view text, std::vector<std::string>& keys) {
  const std::string folded = FoldText(text);
  std::vector<std::string_view> words = SplitWords(folded);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  if (words.size() > kMaxWords) words.resize(kMaxWords);
  const std::string prefix = IndexPrefix(type, code, kWord);
  for (std::string_view word : words) {
    std::string key = prefix;
    AppendString(key, word.substr(0, kMaxWordBytes));
    key.append(id_suffix);
    keys.push_back(std::move(key));
  }
}

}  // namespace

Status ResourceIndexer::Keys(std::string_view type, std::string_view id,
                             const json::Value& resource, std::vector<std::string>& keys) const {
  fhirpath::EvalContext context;
  context.strict = false;
  const std::string id_suffix = IdSuffix(id);
  const std::shared_ptr<const SearchRegistry> registry = Registry();
  for (const SearchParameter* param : registry->Indexed(type)) {
    if (param->code == "_id" || param->code == "_lastUpdated") continue;
    if (param->type == ParamType::kComposite) {
      IndexComposite(type, id_suffix, resource, *param, context, keys);
      continue;
    }
    if (param->type == ParamType::kSpecial) {
      if (param->code == "near") IndexPositions(*param, resource, context, id_suffix, type, keys);
      continue;
    }
    Result<fhirpath::Collection> items = fhirpath::Evaluate(*param->parsed, resource, context);
    if (!items.ok()) continue;  // a value the expression cannot read is not indexed
    KeyBuilder builder(type, *param, id_suffix, keys);
    for (const fhirpath::Item& item : *items) IndexItem(param->type, item, builder);
  }
  // _text and _content have no expression: their words are read here.
  if (registry->Find(type, "_text") != nullptr) {
    if (const json::Value* text = resource.find("text")) {
      IndexWords(type, "_text", id_suffix, NarrativeText(text->get_string("div")), keys);
    }
  }
  if (registry->Find(type, "_content") != nullptr) {
    std::string content;
    CollectStrings(resource, "", content);
    IndexWords(type, "_content", id_suffix, content, keys);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return Status::Ok();
}

std::string ResourceIndexer::Fingerprint() const {
  // Raise the version whenever the keys written for the same resource change.
  constexpr int kKeyLayout = 2;
  return fmt::format("search-{}:{}", kKeyLayout, Registry()->fingerprint());
}

std::shared_ptr<const SearchRegistry> ResourceIndexer::Registry() const {
  if (live_ != nullptr) return live_->Get();
  return std::shared_ptr<const SearchRegistry>(std::shared_ptr<const SearchRegistry>(), fixed_);
}

void ResourceIndexer::CommitKeys(std::string_view type, std::string_view id,
                                 int64_t last_updated_us, std::vector<std::string>& keys) const {
  const SearchParameter* param = Registry()->Find(type, "_lastUpdated");
  if (param == nullptr) return;
  const std::string id_suffix = IdSuffix(id);
  const auto added = static_cast<std::ptrdiff_t>(keys.size());
  KeyBuilder builder(type, *param, id_suffix, keys);
  builder.Range(last_updated_us, last_updated_us + 1);
  // Keys() left `keys` sorted, and search bisects a resource's own keys: the
  // _lastUpdated keys are merged in where they sort.
  std::sort(keys.begin() + added, keys.end());
  std::inplace_merge(keys.begin(), keys.begin() + added, keys.end());
}

}  // namespace lienthong::search
