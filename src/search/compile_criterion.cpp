#include "search/search_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <set>

#include "common/time.h"
#include "fhir/type_registry.h"
#include "json/parser.h"
#include "search/composite_key.h"
#include "search/index_keys.h"
#include "search/key_codec.h"
#include "search/text_fold.h"
#include "search/ucum_units.h"

namespace lienthong::search {

KeyRange Prefixed(const std::string& prefix, const std::string& payload_prefix, int& cost,
                  int this_cost, PayloadFilter filter) {
  KeyRange r;
  r.prefix_size = prefix.size();
  r.begin = prefix + payload_prefix;
  r.end = PrefixEnd(r.begin);
  r.filter = std::move(filter);
  cost = std::max(cost, this_cost);
  return r;
}

namespace {

KeyRange Between(const std::string& prefix, const std::string& from, const std::string& to,
                 PayloadFilter filter = {}) {
  KeyRange r;
  r.prefix_size = prefix.size();
  r.begin = prefix + from;
  r.end = to.empty() ? PrefixEnd(prefix) : prefix + to;
  r.filter = std::move(filter);
  return r;
}

}  // namespace

std::string EncString(std::string_view s) {
  std::string out;
  AppendString(out, s);
  return out;
}

std::string EncEscaped(std::string_view s) {
  std::string out;
  AppendEscaped(out, s);
  return out;
}

namespace {

std::string EncDouble(double d) {
  std::string out;
  AppendDouble(out, d);
  return out;
}

}  // namespace

namespace {

std::string EncInt64(int64_t v) {
  std::string out;
  AppendInt64(out, v);
  return out;
}

}  // namespace

// Splits a token value on its first unescaped '|'; `has_bar` says whether
// there was one.
void SplitToken(std::string_view value, std::string& system, std::string& code, bool& has_bar) {
  std::vector<std::string> parts = SplitEscaped(value, '|');
  has_bar = parts.size() > 1;
  if (!has_bar) {
    code = parts[0];
    return;
  }
  system = parts[0];
  code = parts[1];
  for (size_t i = 2; i < parts.size(); ++i) code += "|" + parts[i];
}

namespace {

// A decimal number as written and the half-width of its implicit precision
// ("100" -> 0.5, "100.0" -> 0.05, "1e2" -> 0.5).
Result<std::pair<double, double>> ParseNumber(std::string_view text) {
  std::string s(text);
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(d)) {
    return Status::Invalid(fmt::format("'{}' is not a number", s.substr(0, 40)));
  }
  int decimals = 0;
  const size_t dot = s.find('.');
  const size_t exp = s.find_first_of("eE");
  if (dot != std::string::npos) {
    decimals = static_cast<int>((exp == std::string::npos ? s.size() : exp) - dot - 1);
  }
  if (exp != std::string::npos) decimals -= std::atoi(s.c_str() + exp + 1);
  return std::make_pair(d, 0.5 * std::pow(10.0, -decimals));
}

}  // namespace

namespace {

// The [low, high) value intervals a prefix selects around d. A value
// written with more digits than a double holds still matches itself: the
// interval is never narrower than d's own neighbourhood.
std::vector<std::pair<double, double>> Intervals(Prefix prefix, double d, double half) {
  const double low = std::min(d - half, d);
  const double high = std::max(d + half, std::nextafter(d, kInf));
  switch (prefix) {
    case Prefix::kEq:
      return {{low, high}};
    case Prefix::kNe:
      return {{-kInf, low}, {high, kInf}};
    case Prefix::kGt:
    case Prefix::kSa:
      return {{std::nextafter(d, kInf), kInf}};
    case Prefix::kGe:
      return {{d, kInf}};
    case Prefix::kLt:
    case Prefix::kEb:
      return {{-kInf, d}};
    case Prefix::kLe:
      return {{-kInf, std::nextafter(d, kInf)}};
    case Prefix::kAp: {
      const double spread = std::max(std::abs(d) * 0.1, half);
      return {{d - spread, d + spread}};
    }
  }
  return {};
}

}  // namespace

namespace {

void AddNumberRanges(Plan& plan, const std::string& prefix, Prefix p, double d, double half) {
  for (const auto& [lo, hi] : Intervals(p, d, half)) {
    plan.ranges.push_back(Between(prefix, EncDouble(lo), hi == kInf ? "" : EncDouble(hi)));
  }
  plan.cost = std::max(plan.cost, 2);
}

}  // namespace

Status CompileString(const Criterion& c, const std::string& type, Plan& plan) {
  for (const std::string& v : c.values) {
    if (c.modifier == "exact") {
      plan.ranges.push_back(
          Prefixed(IndexPrefix(type, c.code, kExact), EncString(v), plan.cost, 0));
    } else if (c.modifier == "contains") {
      std::string needle = FoldText(v);
      plan.ranges.push_back(Prefixed(IndexPrefix(type, c.code, kString), "", plan.cost, 3,
                                     [needle](std::string_view payload) {
                                       std::optional<std::string> s = ReadString(payload);
                                       return s && s->find(needle) != std::string::npos;
                                     }));
    } else {
      plan.ranges.push_back(
          Prefixed(IndexPrefix(type, c.code, kString), EncEscaped(FoldText(v)), plan.cost, 1));
    }
  }
  return Status::Ok();
}

Status CompileToken(const Criterion& c, const std::string& type, Plan& plan) {
  plan.negate = c.modifier == "not";
  for (const std::string& v : c.values) {
    if (c.modifier == "text") {
      plan.ranges.push_back(
          Prefixed(IndexPrefix(type, c.code, kText), EncEscaped(FoldText(v)), plan.cost, 1));
      continue;
    }
    if (c.modifier == "of-type") {
      std::vector<std::string> parts = SplitEscaped(v, '|');
      if (parts.size() != 3) {
        return Status::Invalid(":of-type takes system|code|value", c.name);
      }
      plan.ranges.push_back(
          Prefixed(IndexPrefix(type, c.code, kOfType),
                   EncString(parts[0]) + EncString(parts[1]) + EncString(parts[2]), plan.cost, 0));
      continue;
    }
    std::string system, code;
    bool has_bar = false;
    SplitToken(v, system, code, has_bar);
    if (!has_bar) {
      plan.ranges.push_back(
          Prefixed(IndexPrefix(type, c.code, kCode), EncString(code), plan.cost, 0));
    } else if (code.empty()) {
      plan.ranges.push_back(
          Prefixed(IndexPrefix(type, c.code, kSysCode), EncString(system), plan.cost, 1));
    } else {
      plan.ranges.push_back(Prefixed(IndexPrefix(type, c.code, kSysCode),
                                     EncString(system) + EncString(code), plan.cost, 0));
    }
  }
  return Status::Ok();
}

Status CompileUri(const Criterion& c, const std::string& type, Plan& plan) {
  const std::string prefix = IndexPrefix(type, c.code, kUri);
  for (const std::string& v : c.values) {
    if (c.modifier == "below") {
      plan.ranges.push_back(Prefixed(prefix, EncEscaped(v), plan.cost, 1));
    } else if (c.modifier == "above") {
      plan.ranges.push_back(Prefixed(prefix, "", plan.cost, 3, [v](std::string_view payload) {
        std::optional<std::string> s = ReadString(payload);
        return s && std::string_view(v).starts_with(*s);
      }));
    } else {
      plan.ranges.push_back(Prefixed(prefix, EncString(v), plan.cost, 0));
    }
  }
  return Status::Ok();
}

Status CompileNumber(const Criterion& c, const std::string& type, Plan& plan) {
  const std::string prefix = IndexPrefix(type, c.code, kNumber);
  for (const std::string& value : c.values) {
    std::string_view v = value;
    const Prefix p = TakePrefix(v);
    Result<std::pair<double, double>> n = ParseNumber(v);
    if (!n.ok()) return Status::Invalid(n.status().message(), c.name);
    AddNumberRanges(plan, prefix, p, n->first, n->second);
  }
  return Status::Ok();
}

Status CompileQuantity(const Criterion& c, const std::string& type, Plan& plan) {
  for (const std::string& value : c.values) {
    std::vector<std::string> parts = SplitEscaped(value, '|');
    std::string_view number = parts[0];
    const Prefix p = TakePrefix(number);
    Result<std::pair<double, double>> n = ParseNumber(number);
    if (!n.ok()) return Status::Invalid(n.status().message(), c.name);
    const auto [d, half] = *n;
    if (parts.size() == 1) {
      AddNumberRanges(plan, IndexPrefix(type, c.code, kValue), p, d, half);
      continue;
    }
    if (parts.size() != 3) return Status::Invalid("quantity takes number|system|code", c.name);
    const std::string& system = parts[1];
    const std::string& code = parts[2];
    if (system.empty()) {
      AddNumberRanges(plan, IndexPrefix(type, c.code, kUnit) + EncString(code), p, d, half);
      continue;
    }
    if (system == "http://unitsofmeasure.org") {
      // Compared in canonical units when the unit is known.
      std::optional<CanonicalQuantity> low = CanonicalizeUcum(d - half, code);
      std::optional<CanonicalQuantity> mid = CanonicalizeUcum(d, code);
      if (low && mid) {
        AddNumberRanges(plan, IndexPrefix(type, c.code, kUcum) + EncString(mid->unit), p,
                        mid->value, std::abs(mid->value - low->value));
        continue;
      }
    }
    AddNumberRanges(plan,
                    IndexPrefix(type, c.code, kQuantity) + EncString(system) + EncString(code), p,
                    d, half);
  }
  return Status::Ok();
}

Status CompileDate(const Criterion& c, const std::string& type, Plan& plan) {
  const std::string low_prefix = IndexPrefix(type, c.code, kLow);
  const std::string high_prefix = IndexPrefix(type, c.code, kHigh);
  plan.cost = std::max(plan.cost, 2);
  for (const std::string& value : c.values) {
    std::string_view v = value;
    const Prefix p = TakePrefix(v);
    Result<TimeRange> range = ParseFhirDateTime(v);
    if (!range.ok()) {
      return Status::Invalid(
          fmt::format("{}: '{}' is not a date", c.code, std::string(v).substr(0, 40)), c.name);
    }
    const int64_t qs = range->start_us;
    const int64_t qe = range->end_us;
    // Low-first payload: low, high. High-first: high, low.
    auto high_of_low_first = [](std::string_view payload) {
      ReadInt64(payload);
      return ReadInt64(payload).value_or(0);
    };
    auto low_of_low_first = [](std::string_view payload) { return ReadInt64(payload).value_or(0); };
    switch (p) {
      case Prefix::kEq:
        plan.ranges.push_back(
            Between(low_prefix, EncInt64(qs), EncInt64(qe),
                    [=](std::string_view pl) { return high_of_low_first(pl) <= qe; }));
        break;
      case Prefix::kNe:
        plan.ranges.push_back(Between(low_prefix, "", "", [=](std::string_view pl) {
          return !(low_of_low_first(pl) >= qs && high_of_low_first(pl) <= qe);
        }));
        plan.cost = 3;
        break;
      case Prefix::kGt:
        plan.ranges.push_back(Between(high_prefix, EncInt64(qe + 1), ""));
        break;
      case Prefix::kGe:
        plan.ranges.push_back(Between(high_prefix, EncInt64(qs + 1), ""));
        break;
      case Prefix::kLt:
        plan.ranges.push_back(Between(low_prefix, "", EncInt64(qs)));
        break;
      case Prefix::kLe:
        plan.ranges.push_back(Between(low_prefix, "", EncInt64(qe)));
        break;
      case Prefix::kSa:
        plan.ranges.push_back(Between(low_prefix, EncInt64(qe), ""));
        break;
      case Prefix::kEb:
        plan.ranges.push_back(Between(high_prefix, "", EncInt64(qs + 1)));
        break;
      case Prefix::kAp: {
        // Within 10% of the distance from now, and at least the value's own
        // precision either side.
        const int64_t gap = std::max<int64_t>(std::abs(NowMicros() - qs) / 10, qe - qs);
        const int64_t from = qs - gap;
        const int64_t to = qe + gap;
        plan.ranges.push_back(Between(low_prefix, "", EncInt64(to), [=](std::string_view pl) {
          return high_of_low_first(pl) > from;
        }));
        plan.cost = 3;
        break;
      }
    }
  }
  return Status::Ok();
}

Status CompileReference(const Criterion& c, const std::string& type, Plan& plan) {
  const std::string prefix = IndexPrefix(type, c.code, kRef);
  for (const std::string& v : c.values) {
    if (c.modifier == "identifier") {
      std::string system, value;
      bool has_bar = false;
      SplitToken(v, system, value, has_bar);
      const std::string ident_prefix = IndexPrefix(type, c.code, kRefIdent);
      if (has_bar) {
        plan.ranges.push_back(
            Prefixed(ident_prefix, EncString(system) + EncString(value), plan.cost, 0));
      } else {
        plan.ranges.push_back(
            Prefixed(ident_prefix, "", plan.cost, 3, [value](std::string_view pl) {
              ReadString(pl);
              std::optional<std::string> s = ReadString(pl);
              return s && *s == value;
            }));
      }
      continue;
    }
    if (!c.modifier.empty()) {
      // subject:Patient=123
      plan.ranges.push_back(Prefixed(prefix, EncString(c.modifier + "/" + v), plan.cost, 0));
      continue;
    }
    const size_t slash = v.rfind('/');
    if (slash == std::string::npos) {
      // A bare id: any of the parameter's target types.
      std::vector<std::string> targets = c.param->targets;
      if (targets.empty()) targets = fhir::TypeRegistry::R4().ResourceTypes();
      for (const std::string& t : targets) {
        plan.ranges.push_back(
            Prefixed(prefix, EncString(fmt::format("{}/{}", t, v)), plan.cost, 0));
      }
      continue;
    }
    plan.ranges.push_back(Prefixed(prefix, EncString(v), plan.cost, 0));
    // An absolute URL on this server is also stored relative: [base]/Type/id.
    const size_t type_slash = v.rfind('/', slash - 1);
    if (v.starts_with("http") && type_slash != std::string::npos) {
      const std::string relative = v.substr(type_slash + 1);
      if (fhir::TypeRegistry::R4().IsResourceType(relative.substr(0, relative.find('/')))) {
        plan.ranges.push_back(Prefixed(prefix, EncString(relative), plan.cost, 0));
      }
    }
  }
  return Status::Ok();
}

namespace {

// One component's value compiled as its own parameter would be, each range
// made relative to a composite key's segment (the parameter's 8 bytes
// dropped: a segment starts with its kind byte).
Status CompileComponent(const Criterion& c, const std::string& type, std::vector<KeyRange>& out) {
  Plan plan;
  Status st;
  switch (c.param->type) {
    case ParamType::kString:
      st = CompileString(c, type, plan);
      break;
    case ParamType::kToken:
      st = CompileToken(c, type, plan);
      break;
    case ParamType::kUri:
      st = CompileUri(c, type, plan);
      break;
    case ParamType::kNumber:
      st = CompileNumber(c, type, plan);
      break;
    case ParamType::kQuantity:
      st = CompileQuantity(c, type, plan);
      break;
    case ParamType::kDate:
      st = CompileDate(c, type, plan);
      break;
    case ParamType::kReference:
      st = CompileReference(c, type, plan);
      break;
    case ParamType::kComposite:
    case ParamType::kSpecial:
      return Status::Invalid(
          fmt::format("{}: a {} component is not supported", c.name, ParamTypeName(c.param->type)),
          c.name);
  }
  LT_RETURN_IF_ERROR(st);
  constexpr size_t kParamBytes = 8;
  for (KeyRange& r : plan.ranges) {
    r.begin.erase(0, kParamBytes);
    if (!r.end.empty()) r.end.erase(0, kParamBytes);
    r.prefix_size -= kParamBytes;
    out.push_back(std::move(r));
  }
  return Status::Ok();
}

}  // namespace

namespace {

bool SegmentMatches(std::string_view segment, const std::vector<KeyRange>& ranges) {
  for (const KeyRange& r : ranges) {
    if (segment < r.begin || (!r.end.empty() && segment >= r.end)) continue;
    if (!r.filter || r.filter(segment.substr(r.prefix_size))) return true;
  }
  return false;
}

}  // namespace

namespace {

// Splits a composite value on '$', keeping the other escapes (\|) for the
// component's own parsing. A '$' escaped as \$ was already unescaped with
// the commas (SplitEscaped), so it cannot be told from a separator.
std::vector<std::string> SplitComponents(std::string_view value) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) {
      out.back() += value.substr(i, 2);
      ++i;
    } else if (value[i] == '$') {
      out.emplace_back();
    } else {
      out.back() += value[i];
    }
  }
  return out;
}

}  // namespace

// code-value-quantity=http://loinc.org|8480-6$gt100: one value per
// component, separated by '$'. The scan covers the first component's ranges
// within the composite's keys (composite_key.h); each key found must then
// have, for every other component, a segment inside that component's
// ranges, so that all components match within one element.
Status CompileComposite(const Criterion& c, const std::string& type, Plan& plan) {
  const std::vector<SearchParameter::Component>& components = c.param->components;
  if (components.empty()) {
    return Status::Invalid(fmt::format("{} has no components", c.code), c.name);
  }
  const std::string prefix = IndexPrefix(type, c.code, kComposite);
  plan.cost = std::max(plan.cost, 1);
  for (const std::string& value : c.values) {
    std::vector<std::string> parts = SplitComponents(value);
    if (parts.size() != components.size()) {
      return Status::Invalid(
          fmt::format("{} takes {} values separated by '$'", c.code, components.size()), c.name);
    }
    auto ranges = std::make_shared<std::vector<std::vector<KeyRange>>>();
    for (size_t i = 0; i < components.size(); ++i) {
      if (parts[i].empty()) {
        return Status::Invalid(fmt::format("{}: component {} is empty", c.code, i + 1), c.name);
      }
      Criterion part;
      part.name = c.name;
      part.param = components[i].param;
      part.code = part.param->code;
      part.values = {parts[i]};
      LT_RETURN_IF_ERROR(CompileComponent(part, type, ranges->emplace_back()));
    }
    for (const KeyRange& first : ranges->front()) {
      KeyRange r;
      r.prefix_size = prefix.size();
      r.begin = prefix + first.begin;
      r.end = first.end.empty() ? PrefixEnd(prefix) : prefix + first.end;
      r.filter = [ranges](std::string_view payload) {
        std::vector<std::vector<std::string_view>> groups;
        if (!SplitComposite(payload, ranges->size(), groups)) return false;
        for (size_t i = 0; i < groups.size(); ++i) {
          const bool any = std::any_of(groups[i].begin(), groups[i].end(), [&](std::string_view s) {
            return SegmentMatches(s, (*ranges)[i]);
          });
          if (!any) return false;
        }
        return true;
      };
      plan.ranges.push_back(std::move(r));
    }
  }
  return Status::Ok();
}

namespace {

constexpr double kEarthRadiusKm = 6371.0088;  // mean radius (IUGG)
constexpr double kDefaultNearKm = 10;

// The great-circle distance in km between two WGS84 positions (haversine).
double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

Result<double> ParseCoordinate(std::string_view text, double limit, const Criterion& c) {
  Result<std::pair<double, double>> n = ParseNumber(text);
  if (!n.ok() || std::abs(n->first) > limit) {
    return Status::Invalid(fmt::format("near: '{}' is not a coordinate", text.substr(0, 40)),
                           c.name);
  }
  return n->first;
}

}  // namespace

Status CompileNear(const Criterion& c, const std::string& type, Plan& plan) {
  const std::string prefix = IndexPrefix(type, c.code, kGeo);
  plan.cost = std::max(plan.cost, 3);
  for (const std::string& value : c.values) {
    const std::vector<std::string> parts = SplitEscaped(value, '|');
    if (parts.size() < 2 || parts.size() > 4) {
      return Status::Invalid("near takes latitude|longitude|distance|units", c.name);
    }
    Result<double> lat = ParseCoordinate(parts[0], 90, c);
    if (!lat.ok()) return lat.take_status();
    Result<double> lon = ParseCoordinate(parts[1], 180, c);
    if (!lon.ok()) return lon.take_status();
    double km = kDefaultNearKm;
    if (parts.size() >= 3 && !parts[2].empty()) {
      Result<std::pair<double, double>> d = ParseNumber(parts[2]);
      if (!d.ok() || d->first < 0)
        return Status::Invalid("near: the distance is not a number", c.name);
      km = d->first;
      const std::string units = parts.size() == 4 ? parts[3] : "km";
      if (units == "m") {
        km /= 1000;
      } else if (units == "[mi_i]" || units == "mi") {
        km *= 1.609344;
      } else if (units != "km" && !units.empty()) {
        return Status::Invalid("near: units must be km, m or [mi_i]", c.name);
      }
    }
    // Every position within km lies within this band of latitudes.
    const double band = km / (kEarthRadiusKm * 3.14159265358979323846 / 180);
    const double lat0 = *lat;
    const double lon0 = *lon;
    KeyRange r;
    r.prefix_size = prefix.size();
    r.begin = prefix + EncDouble(std::max(-90.0, lat0 - band));
    r.end = prefix + EncDouble(std::nextafter(std::min(90.0, lat0 + band), kInf));
    r.filter = [lat0, lon0, km](std::string_view payload) {
      std::optional<double> plat = ReadDouble(payload);
      std::optional<double> plon = ReadDouble(payload);
      return plat && plon && DistanceKm(lat0, lon0, *plat, *plon) <= km;
    };
    plan.ranges.push_back(std::move(r));
  }
  return Status::Ok();
}

// The index kind a parameter sorts by, and whether descending order reads
// the high end of a range.
IndexKind SortKind(ParamType type, bool descending) {
  switch (type) {
    case ParamType::kString:
      return kString;
    case ParamType::kToken:
      return kCode;
    case ParamType::kReference:
      return kRef;
    case ParamType::kDate:
      return descending ? kHigh : kLow;
    case ParamType::kNumber:
      return kNumber;
    case ParamType::kQuantity:
      return kValue;
    default:
      return kUri;
  }
}

std::string ToHex(std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    out.push_back(kHex[static_cast<uint8_t>(c) >> 4]);
    out.push_back(kHex[static_cast<uint8_t>(c) & 0xf]);
  }
  return out;
}

std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = digit(hex[i]);
    const int lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

}  // namespace lienthong::search
