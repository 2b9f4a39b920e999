#include "auth/scope.h"

#include <algorithm>

#include "http/target.h"

namespace lienthong::auth {
namespace {

constexpr std::string_view kKnownNames[] = {"openid",         "fhirUser",       "profile",
                                            "launch",         "launch/patient", "launch/encounter",
                                            "offline_access", "online_access"};

bool ParseContext(std::string_view text, ScopeContext* out) {
  if (text == "patient")
    *out = ScopeContext::kPatient;
  else if (text == "user")
    *out = ScopeContext::kUser;
  else if (text == "system")
    *out = ScopeContext::kSystem;
  else
    return false;
  return true;
}

// v1 words and v2 letters; 0 when neither.
uint8_t ParsePermissions(std::string_view text) {
  if (text == "read") return kRead | kSearch;
  if (text == "write") return kCreate | kUpdate | kDelete;
  if (text == "*") return kAllPermissions;
  static constexpr std::pair<char, Permission> kOrder[] = {
      {'c', kCreate}, {'r', kRead}, {'u', kUpdate}, {'d', kDelete}, {'s', kSearch}};
  uint8_t out = 0;
  size_t next = 0;  // letters must come in the order c r u d s, each once
  for (char c : text) {
    while (next < 5 && kOrder[next].first != c) ++next;
    if (next == 5) return 0;
    out |= kOrder[next++].second;
  }
  return out;
}

bool IsTypeName(std::string_view text) {
  if (text == "*") return true;
  if (text.empty() || text.size() > 64 || !(text[0] >= 'A' && text[0] <= 'Z')) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

bool ParseResourceScope(std::string_view text, ResourceScope* out) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos || !ParseContext(text.substr(0, slash), &out->context)) {
    return false;
  }
  std::string_view rest = text.substr(slash + 1);
  const size_t question = rest.find('?');
  std::string_view query;
  if (question != std::string_view::npos) {
    query = rest.substr(question + 1);
    rest = rest.substr(0, question);
    if (query.empty()) return false;
  }
  const size_t dot = rest.rfind('.');
  if (dot == std::string_view::npos || !IsTypeName(rest.substr(0, dot))) return false;
  out->type = std::string(rest.substr(0, dot));
  out->permissions = ParsePermissions(rest.substr(dot + 1));
  if (out->permissions == 0) return false;
  if (!query.empty()) {
    // v1 words take no restriction.
    const std::string_view perms = rest.substr(dot + 1);
    if (perms == "read" || perms == "write" || perms == "*") return false;
    std::string path;
    if (!http::ParseTarget("/?" + std::string(query), &path, &out->restriction)) return false;
    if (out->restriction.empty()) return false;
  }
  out->text = std::string(text);
  return true;
}

bool SameRestriction(const ResourceScope& a, const ResourceScope& b) {
  return a.restriction == b.restriction;
}

}  // namespace

std::string PermissionLetters(uint8_t permissions) {
  std::string out;
  if (permissions & kCreate) out += 'c';
  if (permissions & kRead) out += 'r';
  if (permissions & kUpdate) out += 'u';
  if (permissions & kDelete) out += 'd';
  if (permissions & kSearch) out += 's';
  return out;
}

ScopeSet ScopeSet::Parse(std::string_view text) {
  ScopeSet set;
  while (!text.empty()) {
    const size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    if (word.empty()) continue;
    ResourceScope scope;
    if (ParseResourceScope(word, &scope)) {
      set.resources_.push_back(std::move(scope));
    } else if (std::find(std::begin(kKnownNames), std::end(kKnownNames), word) !=
               std::end(kKnownNames)) {
      if (!set.Has(word)) set.other_.emplace_back(word);
    } else {
      set.unknown_.emplace_back(word.substr(0, 200));
    }
  }
  return set;
}

bool ScopeSet::Has(std::string_view name) const {
  return std::find(other_.begin(), other_.end(), name) != other_.end();
}

std::vector<const ResourceScope*> ScopeSet::Granting(std::string_view type,
                                                     uint8_t permissions) const {
  std::vector<const ResourceScope*> out;
  for (const ResourceScope& s : resources_) {
    if (s.Covers(type) && (s.permissions & permissions) == permissions) out.push_back(&s);
  }
  return out;
}

ScopeSet ScopeSet::Intersect(const ScopeSet& allowed) const {
  ScopeSet out;
  for (const ResourceScope& s : resources_) {
    for (const ResourceScope& a : allowed.resources_) {
      const bool covers = a.context == s.context && (a.type == "*" || a.type == s.type) &&
                          (a.permissions & s.permissions) == s.permissions &&
                          (a.restriction.empty() || SameRestriction(a, s));
      if (covers) {
        out.resources_.push_back(s);
        break;
      }
    }
  }
  for (const std::string& name : other_) {
    if (allowed.Has(name)) out.other_.push_back(name);
  }
  return out;
}

ScopeSet ScopeSet::Without(ScopeContext context) const {
  ScopeSet out = *this;
  std::erase_if(out.resources_, [&](const ResourceScope& s) { return s.context == context; });
  return out;
}

std::string ScopeSet::ToString() const {
  std::string out;
  for (const ResourceScope& s : resources_) out += (out.empty() ? "" : " ") + s.text;
  for (const std::string& n : other_) out += (out.empty() ? "" : " ") + n;
  return out;
}

}  // namespace lienthong::auth
