#include "search/terminology.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "json/parser.h"
#include "search/index_keys.h"
#include "search/key_codec.h"

namespace lienthong::search {
namespace {

// ValueSets that import ValueSets: at most this deep.
constexpr int kMaxImportDepth = 4;

Result<json::Value> ParseStored(const store::StoredResource& r) {
  Result<json::Value> doc = json::Parse(r.json, {.max_depth = 1000});
  if (!doc.ok()) return Status::IoError(fmt::format("stored {} does not parse", r.type));
  return doc;
}

// Calls fn(entry, parent) for every concept of a CodeSystem, nested ones included,
// with the code of the concept it is nested in (empty at the top).
template <typename Fn>
void EachConcept(const json::Value& holder, std::string_view parent, Fn&& fn) {
  const json::Value* concepts = holder.find("concept");
  if (concepts == nullptr || !concepts->is_array()) return;
  for (const auto& m : concepts->members()) {
    fn(m.value, parent);
    EachConcept(m.value, m.value.get_string("code"), fn);
  }
}

Status TooLarge(std::string_view what) {
  return Status::Invalid(
      fmt::format("{} has more than {} codes: too large to search by", what, kMaxExpansion));
}

void Normalize(CodeList& codes) {
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
}

}  // namespace

Result<json::Value> Terminology::FindCanonical(std::string_view type, std::string_view url,
                                               std::string_view version) const {
  std::string begin = IndexPrefix(type, "url", kUri);
  AppendString(begin, url);
  std::vector<std::string> ids;
  LT_RETURN_IF_ERROR(store_.ScanIndex(begin, PrefixEnd(begin), [&](std::string_view key) {
    ids.emplace_back(IdOfKey(key));
    return true;
  }));
  for (const std::string& id : ids) {
    Result<store::StoredResource> r = store_.Read(type, id);
    if (!r.ok() || r->deleted) continue;
    Result<json::Value> doc = ParseStored(*r);
    if (!doc.ok()) return doc.take_status();
    if (!version.empty() && doc->get_string("version") != version) continue;
    return doc;
  }
  return Status::NotFound(fmt::format("no {} {} is stored", type, url));
}

Status Terminology::AddWholeSystem(std::string_view system, CodeList& out) const {
  Result<json::Value> cs = FindCanonical("CodeSystem", system, "");
  if (!cs.ok()) {
    if (cs.status().code() != ErrorCode::kNotFound) return cs.take_status();
    return Status::Invalid(fmt::format(
        "CodeSystem {} is not stored on this server: its codes cannot be listed", system));
  }
  Status st;
  EachConcept(*cs, "", [&](const json::Value& entry, std::string_view) {
    if (out.size() > kMaxExpansion) return;
    const std::string_view code = entry.get_string("code");
    if (!code.empty()) out.emplace_back(system, code);
  });
  if (out.size() > kMaxExpansion) return TooLarge(system);
  return Status::Ok();
}

Status Terminology::Expand(const json::Value& vs, int depth, CodeList& out) const {
  const json::Value* compose = vs.find("compose");
  const json::Value* expansion = vs.find("expansion");
  if (compose == nullptr && expansion == nullptr) {
    return Status::Invalid(
        fmt::format("ValueSet {} has neither compose nor expansion", vs.get_string("url")));
  }
  if (compose != nullptr) {
    if (const json::Value* includes = compose->find("include")) {
      for (const auto& m : includes->members()) {
        const json::Value& inc = m.value;
        const std::string_view system = inc.get_string("system");
        const json::Value* imports = inc.find("valueSet");
        if (inc.find("filter") != nullptr) {
          return Status::Invalid(
              fmt::format("ValueSet {}: include filters are not supported", vs.get_string("url")));
        }
        if (imports != nullptr) {
          if (!system.empty() || inc.find("concept") != nullptr) {
            return Status::Invalid(fmt::format(
                "ValueSet {}: an include that combines valueSet with a system is not supported",
                vs.get_string("url")));
          }
          if (depth >= kMaxImportDepth) {
            return Status::Invalid(
                fmt::format("ValueSet {}: valueSet imports nest too deep", vs.get_string("url")));
          }
          for (const auto& imported : imports->members()) {
            std::string_view canonical = imported.value.text();
            std::string_view version;
            if (const size_t bar = canonical.find('|'); bar != std::string_view::npos) {
              version = canonical.substr(bar + 1);
              canonical = canonical.substr(0, bar);
            }
            Result<json::Value> inner = FindCanonical("ValueSet", canonical, version);
            if (!inner.ok()) {
              return Status::Invalid(fmt::format("ValueSet {} imports {}, which is not stored",
                                                 vs.get_string("url"), canonical));
            }
            LT_RETURN_IF_ERROR(Expand(*inner, depth + 1, out));
          }
          continue;
        }
        if (system.empty()) {
          return Status::Invalid(
              fmt::format("ValueSet {}: an include without a system", vs.get_string("url")));
        }
        const json::Value* concepts = inc.find("concept");
        if (concepts == nullptr) {
          LT_RETURN_IF_ERROR(AddWholeSystem(system, out));
          continue;
        }
        for (const auto& c : concepts->members()) {
          out.emplace_back(system, c.value.get_string("code"));
        }
        if (out.size() > kMaxExpansion) return TooLarge(vs.get_string("url"));
      }
    }
    if (const json::Value* excludes = compose->find("exclude")) {
      for (const auto& m : excludes->members()) {
        const json::Value& exc = m.value;
        const std::string_view system = exc.get_string("system");
        if (exc.find("filter") != nullptr || exc.find("valueSet") != nullptr || system.empty()) {
          return Status::Invalid(
              fmt::format("ValueSet {}: only excludes by system and concept list are supported",
                          vs.get_string("url")));
        }
        std::set<std::string, std::less<>> codes;
        const json::Value* concepts = exc.find("concept");
        if (concepts != nullptr) {
          for (const auto& c : concepts->members()) codes.emplace(c.value.get_string("code"));
        }
        std::erase_if(out, [&](const auto& sc) {
          return sc.first == system && (concepts == nullptr || codes.count(sc.second) > 0);
        });
      }
    }
  }
  if (expansion != nullptr) {
    // expansion.contains nests: walk it with an explicit stack.
    std::vector<const json::Value*> stack = {expansion};
    while (!stack.empty()) {
      const json::Value* node = stack.back();
      stack.pop_back();
      const json::Value* contains = node->find("contains");
      if (contains == nullptr || !contains->is_array()) continue;
      for (const auto& m : contains->members()) {
        const std::string_view code = m.value.get_string("code");
        if (!code.empty()) out.emplace_back(m.value.get_string("system"), code);
        stack.push_back(&m.value);
      }
      if (out.size() > kMaxExpansion) return TooLarge(vs.get_string("url"));
    }
  }
  return Status::Ok();
}

Result<CodeList> Terminology::ExpandValueSet(std::string_view value) const {
  Result<json::Value> vs = Status::NotFound("");
  if (value.starts_with("ValueSet/")) {
    Result<store::StoredResource> r = store_.Read("ValueSet", value.substr(9));
    if (r.ok() && !r->deleted) vs = ParseStored(*r);
  } else {
    std::string_view url = value;
    std::string_view version;
    if (const size_t bar = url.find('|'); bar != std::string_view::npos) {
      version = url.substr(bar + 1);
      url = url.substr(0, bar);
    }
    vs = FindCanonical("ValueSet", url, version);
  }
  if (!vs.ok()) {
    if (vs.status().code() != ErrorCode::kNotFound) return vs.take_status();
    return Status::Invalid(
        fmt::format("ValueSet {} is not stored on this server", value.substr(0, 200)));
  }
  CodeList codes;
  LT_RETURN_IF_ERROR(Expand(*vs, 0, codes));
  Normalize(codes);
  return codes;
}

Result<CodeList> Terminology::Subsumption(std::string_view system, std::string_view code,
                                          bool above) const {
  Result<json::Value> cs = FindCanonical("CodeSystem", system, "");
  if (!cs.ok()) {
    if (cs.status().code() != ErrorCode::kNotFound) return cs.take_status();
    return Status::Invalid(fmt::format(
        "CodeSystem {} is not stored on this server: :above and :below need its hierarchy",
        system.substr(0, 200)));
  }
  // Edges in the direction the search walks (child to parents for :above).
  std::map<std::string, std::vector<std::string>, std::less<>> next;
  auto link = [&](std::string_view parent, std::string_view child) {
    if (parent.empty() || child.empty()) return;
    if (above) {
      next[std::string(child)].emplace_back(parent);
    } else {
      next[std::string(parent)].emplace_back(child);
    }
  };
  EachConcept(*cs, "", [&](const json::Value& entry, std::string_view parent) {
    const std::string_view self = entry.get_string("code");
    link(parent, self);
    const json::Value* properties = entry.find("property");
    if (properties == nullptr || !properties->is_array()) return;
    for (const auto& p : properties->members()) {
      const std::string_view name = p.value.get_string("code");
      const std::string_view value = p.value.get_string("valueCode");
      if (name == "parent") link(value, self);
      if (name == "child") link(self, value);
    }
  });
  std::set<std::string, std::less<>> seen = {std::string(code)};
  std::vector<std::string> todo = {std::string(code)};
  while (!todo.empty()) {
    const std::string current = std::move(todo.back());
    todo.pop_back();
    auto it = next.find(current);
    if (it == next.end()) continue;
    for (const std::string& n : it->second) {
      if (seen.insert(n).second) todo.push_back(n);
    }
    if (seen.size() > kMaxExpansion) return TooLarge(system);
  }
  CodeList codes;
  for (const std::string& c : seen) codes.emplace_back(system, c);
  return codes;
}

}  // namespace lienthong::search
