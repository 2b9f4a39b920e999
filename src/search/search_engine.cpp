#include "search/search_engine.h"

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
#include "search/search_plan.h"
#include "search/text_fold.h"
#include "search/ucum_units.h"

namespace lienthong::search {

SearchEngine::SearchEngine(const store::ResourceStore& store, const SearchRegistry& registry)
    : store_(store), registry_(registry), terminology_(store) {}

namespace {

// Runs a plan's ranges over the whole index.
Status ScanPlan(const store::ResourceStore& store, const Plan& plan, Ids& out) {
  for (const KeyRange& r : plan.ranges) {
    Status st = store.ScanIndex(r.begin, r.end, [&](std::string_view key) {
      if (!r.filter || r.filter(PayloadOfKey(key, r.prefix_size))) {
        out.emplace_back(IdOfKey(key));
      }
      return true;
    });
    LT_RETURN_IF_ERROR(st);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return Status::Ok();
}

// Whether a resource's own keys (sorted) satisfy a plan's ranges.
bool KeysMatch(const std::vector<std::string>& keys, const Plan& plan) {
  for (const KeyRange& r : plan.ranges) {
    auto it = std::lower_bound(keys.begin(), keys.end(), r.begin);
    for (; it != keys.end() && (*it < r.end); ++it) {
      if (!r.filter || r.filter(PayloadOfKey(*it, r.prefix_size))) return true;
    }
  }
  return false;
}

Ids Intersect(const Ids& a, const Ids& b) {
  Ids out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

Ids Subtract(const Ids& all, const Ids& minus) {
  Ids out;
  std::set_difference(all.begin(), all.end(), minus.begin(), minus.end(), std::back_inserter(out));
  return out;
}

}  // namespace

Status SearchEngine::Compile(const std::string& type, const std::vector<const Criterion*>& criteria,
                             std::string_view patient, std::vector<Plan>& plans) const {
  plans.reserve(criteria.size() + 1);
  if (!patient.empty()) {
    // In the compartment: one of the compartment's parameters names the patient.
    Plan& plan = plans.emplace_back();
    const std::vector<std::string>* params = registry_.PatientCompartment(type);
    if (params == nullptr) {
      plan.ids = Ids();  // not in the compartment: nothing matches
      return Status::Ok();
    }
    const std::string target = EncString("Patient/" + std::string(patient));
    for (const std::string& code : *params) {
      plan.ranges.push_back(Prefixed(IndexPrefix(type, code, kRef), target, plan.cost, 0));
    }
    if (type == "Patient") {
      Result<store::StoredResource> self = store_.Read(type, patient);
      if (self.ok() && !self->deleted) {
        // The patient itself, and patients that link to it.
        Ids linked;
        LT_RETURN_IF_ERROR(ScanPlan(store_, plan, linked));
        linked.emplace_back(patient);
        std::sort(linked.begin(), linked.end());
        linked.erase(std::unique(linked.begin(), linked.end()), linked.end());
        plan.ranges.clear();
        plan.ids = std::move(linked);
      }
    }
  }
  for (const Criterion* c : criteria) {
    Plan& plan = plans.emplace_back();
    if (c->code == "_id") {
      Ids ids;
      if (c->modifier == "missing") {
        // Every resource has an id.
        if (c->values[0] == "true")
          plan.ids = Ids();
        else
          plan.negate = true, plan.ids = Ids();
        continue;
      }
      for (const std::string& id : c->values) {
        Result<store::StoredResource> r = store_.Read(type, id);
        if (r.ok() && !r->deleted) ids.push_back(id);
      }
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      plan.ids = std::move(ids);
      continue;
    }
    if (c->code == "_list") {
      Result<Ids> ids = ListMembers(type, c->values);
      if (!ids.ok()) return ids.take_status();
      plan.ids = std::move(ids.value());
      continue;
    }
    if (c->modifier == "missing") {
      // Any key of the parameter means a value is present.
      plan.ranges.push_back(Prefixed(ParamPrefix(type, c->code), "", plan.cost, 2));
      plan.negate = c->values[0] == "true";
      continue;
    }
    if (c->code == "_text" || c->code == "_content") {
      Result<Ids> ids = WordMatches(type, *c);
      if (!ids.ok()) return ids.take_status();
      plan.ids = std::move(ids.value());
      continue;
    }
    if (c->code == "_has") {
      // The resources of has_type that match, then what they refer to.
      Result<Ids> sources = Match(c->has_type, {c->chain.get()});
      if (!sources.ok()) return sources.take_status();
      Ids ids;
      const std::string wanted = type + "/";
      for (const std::string& source : *sources) {
        Result<Ids> refs = ReferencesOf(c->has_type, source, c->has_param);
        if (!refs.ok()) return refs.take_status();
        for (const std::string& ref : *refs) {
          if (ref.starts_with(wanted)) ids.push_back(ref.substr(wanted.size()));
        }
      }
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      plan.ids = std::move(ids);
      continue;
    }
    if (c->chain) {
      // The chained criterion on each target type, then references to what it found.
      const std::string prefix = IndexPrefix(type, c->code, kRef);
      for (const std::string& target : c->chain_types) {
        if (c->chain->chain) {
          // Deeper chains: evaluate the nested criterion as it was parsed.
          Result<Ids> found = Match(target, {c->chain.get()});
          if (!found.ok()) return found.take_status();
          for (const std::string& id : *found) {
            plan.ranges.push_back(
                Prefixed(prefix, EncString(fmt::format("{}/{}", target, id)), plan.cost, 0));
          }
          continue;
        }
        const SearchParameter* inner_param = registry_.Find(target, c->chain->code);
        if (inner_param == nullptr && c->chain->code != "_id") continue;
        Criterion inner;
        inner.name = c->chain->name;
        inner.param = inner_param;
        inner.code = c->chain->code;
        inner.modifier = c->chain->modifier;
        inner.values = c->chain->values;
        Result<Ids> found = Match(target, {&inner});
        if (!found.ok()) return found.take_status();
        for (const std::string& id : *found) {
          plan.ranges.push_back(
              Prefixed(prefix, EncString(fmt::format("{}/{}", target, id)), plan.cost, 0));
        }
      }
      if (plan.ranges.empty()) plan.ids = Ids();
      continue;
    }
    if (c->param->type == ParamType::kToken && (c->modifier == "in" || c->modifier == "not-in" ||
                                                c->modifier == "above" || c->modifier == "below")) {
      LT_RETURN_IF_ERROR(CompileCodes(*c, type, plan));
      continue;
    }
    Status st;
    switch (c->param->type) {
      case ParamType::kString:
        st = CompileString(*c, type, plan);
        break;
      case ParamType::kToken:
        st = CompileToken(*c, type, plan);
        break;
      case ParamType::kUri:
        st = CompileUri(*c, type, plan);
        break;
      case ParamType::kNumber:
        st = CompileNumber(*c, type, plan);
        break;
      case ParamType::kQuantity:
        st = CompileQuantity(*c, type, plan);
        break;
      case ParamType::kDate:
        st = CompileDate(*c, type, plan);
        break;
      case ParamType::kReference:
        st = CompileReference(*c, type, plan);
        break;
      case ParamType::kComposite:
        st = CompileComposite(*c, type, plan);
        break;
      case ParamType::kSpecial:
        if (c->code != "near") {
          return Status::NotSupported(fmt::format("{} search is not supported yet", c->code));
        }
        st = CompileNear(*c, type, plan);
        break;
    }
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

Result<std::vector<std::string>> SearchEngine::Match(std::string_view type_view,
                                                     const std::vector<const Criterion*>& criteria,
                                                     std::string_view patient) const {
  const std::string type(type_view);
  std::vector<Plan> plans;
  LT_RETURN_IF_ERROR(Compile(type, criteria, patient, plans));
  return MatchPlans(type, plans);
}

Result<std::vector<std::string>> SearchEngine::MatchPlans(const std::string& type,
                                                          const std::vector<Plan>& plans) const {
  // Cheapest first: exact lookups narrow the candidates before range scans.
  std::vector<size_t> order(plans.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    auto rank = [&](const Plan& p) { return p.ids ? -1 : (p.negate ? 10 : p.cost); };
    return rank(plans[a]) < rank(plans[b]);
  });

  std::optional<Ids> candidates;
  auto all_ids = [&]() -> Result<Ids> {
    Ids all;
    LT_RETURN_IF_ERROR(store_.ForEachId(type, "", [&](std::string_view id) {
      all.emplace_back(id);
      return true;
    }));
    return all;
  };
  for (size_t i : order) {
    const Plan& plan = plans[i];
    if (candidates && candidates->empty()) break;
    if (candidates && candidates->size() <= kCheckThreshold && !plan.ids) {
      // Few candidates: check each one's own keys.
      Ids kept;
      for (const std::string& id : *candidates) {
        Result<std::vector<std::string>> keys = store_.IndexKeysOf(type, id);
        if (!keys.ok()) return keys.take_status();
        if (KeysMatch(*keys, plan) != plan.negate) kept.push_back(id);
      }
      candidates = std::move(kept);
      continue;
    }
    Ids matched;
    if (plan.ids) {
      matched = *plan.ids;
    } else {
      LT_RETURN_IF_ERROR(ScanPlan(store_, plan, matched));
    }
    if (plan.negate) {
      if (candidates) {
        candidates = Subtract(*candidates, matched);
      } else {
        Result<Ids> all = all_ids();
        if (!all.ok()) return all.take_status();
        candidates = Subtract(*all, matched);
      }
      continue;
    }
    candidates = candidates ? Intersect(*candidates, matched) : std::move(matched);
  }
  if (!candidates) {
    Result<Ids> all = all_ids();
    if (!all.ok()) return all.take_status();
    return all;
  }
  return std::move(*candidates);
}

Result<std::vector<std::string>> SearchEngine::PatientsOf(std::string_view type,
                                                          std::string_view id) const {
  Ids patients;
  if (type == "Patient") patients.emplace_back(id);
  const std::vector<std::string>* params = registry_.PatientCompartment(type);
  if (params == nullptr) return patients;
  Result<std::vector<std::string>> keys = store_.IndexKeysOf(type, id);
  if (!keys.ok()) return keys.take_status();
  for (const std::string& code : *params) {
    const std::string prefix = IndexPrefix(type, code, kRef);
    const std::string start = prefix + EncEscaped("Patient/");
    for (auto it = std::lower_bound(keys->begin(), keys->end(), start);
         it != keys->end() && it->starts_with(start); ++it) {
      std::string_view payload = PayloadOfKey(*it, prefix.size());
      std::optional<std::string> ref = ReadString(payload);
      if (ref && ref->size() > 8) patients.push_back(ref->substr(8));
    }
  }
  std::sort(patients.begin(), patients.end());
  patients.erase(std::unique(patients.begin(), patients.end()), patients.end());
  return patients;
}

Result<SearchPage> SearchEngine::Run(const SearchQuery& query) const {
  std::vector<const Criterion*> criteria;
  for (const Criterion& c : query.criteria) criteria.push_back(&c);
  SearchPage page;
  if (criteria.empty() && query.patient_compartment.empty() && query.total == TotalMode::kNone &&
      !query.summary_count) {
    // Streams the ids without materialising the whole type.
    Status st = store_.ForEachId(query.type, query.cursor, [&](std::string_view id) {
      if (page.ids.size() == query.count) {
        page.next_cursor = page.ids.empty() ? "" : page.ids.back();
        return false;
      }
      page.ids.emplace_back(id);
      return true;
    });
    if (!st.ok()) return st;
    return page;
  }
  // Compiled once: compiling may read the store (_list, ValueSets, _text).
  std::vector<Plan> plans;
  LT_RETURN_IF_ERROR(Compile(query.type, criteria, query.patient_compartment, plans));
  if (criteria.size() == 1 && query.patient_compartment.empty() && query.sort.empty()) {
    // One exact value (a token, a reference): its keys come in id order, so
    // the page streams from the index and the total is a count of keys.
    const Plan& plan = plans.front();
    if (plan.ranges.size() == 1 && plan.cost == 0 && !plan.negate && !plan.ids &&
        !plan.ranges[0].filter) {
      Result<bool> streamed = StreamExact(query, plan.ranges[0].begin, plan.ranges[0].end, page);
      if (!streamed.ok()) return streamed.take_status();
      if (*streamed) {
        if (!query.includes.empty()) LT_RETURN_IF_ERROR(Include(query, page));
        return page;
      }
      page = SearchPage();
    }
  }
  Result<Ids> ids = MatchPlans(query.type, plans);
  if (!ids.ok()) return ids.take_status();
  // The matches are gathered: their number is known, whatever _total says.
  if (query.total != TotalMode::kNone || query.summary_count) page.total = ids->size();
  if (query.summary_count) return page;
  if (query.sort.empty()) {
    auto it = query.cursor.empty() ? ids->begin()
                                   : std::upper_bound(ids->begin(), ids->end(), query.cursor);
    for (; it != ids->end() && page.ids.size() < query.count; ++it) page.ids.push_back(*it);
    if (it != ids->end() && !page.ids.empty()) page.next_cursor = page.ids.back();
  } else {
    // Each match's sort key: per _sort parameter a presence byte (missing
    // values last) and the value as indexed (order-preserving; inverted for
    // descending), then the id.
    std::vector<std::pair<std::string, std::string>> rows;  // (key, id)
    rows.reserve(ids->size());
    for (const std::string& id : *ids) {
      Result<std::vector<std::string>> keys = store_.IndexKeysOf(query.type, id);
      if (!keys.ok()) return keys.take_status();
      std::string row;
      for (const SortKey& sort : query.sort) {
        std::optional<std::string> value;
        if (sort.code == "_id") {
          value = id;
        } else {
          const SearchParameter* p = registry_.Find(query.type, sort.code);
          const std::string prefix =
              IndexPrefix(query.type, sort.code, SortKind(p->type, sort.descending));
          auto first = std::lower_bound(keys->begin(), keys->end(), prefix);
          auto last = first;
          while (last != keys->end() && last->starts_with(prefix)) ++last;
          if (first != last) {
            const std::string& chosen = sort.descending ? *(last - 1) : *first;
            value = std::string(PayloadOfKey(chosen, prefix.size()));
          }
        }
        if (!value) {
          row.push_back('\x01');
          continue;
        }
        row.push_back('\0');
        std::string encoded;
        AppendString(encoded, *value);
        if (sort.descending) {
          for (char& ch : encoded) ch = static_cast<char>(~static_cast<uint8_t>(ch));
        }
        row += encoded;
      }
      row += id;
      rows.emplace_back(std::move(row), id);
    }
    std::sort(rows.begin(), rows.end());
    auto it = rows.begin();
    if (!query.cursor.empty()) {
      std::optional<std::string> after = FromHex(query.cursor);
      if (!after) return Status::Invalid("malformed _cursor", "_cursor");
      it =
          std::upper_bound(rows.begin(), rows.end(), *after,
                           [](const std::string& key, const auto& row) { return key < row.first; });
    }
    for (; it != rows.end() && page.ids.size() < query.count; ++it) page.ids.push_back(it->second);
    if (it != rows.end() && !page.ids.empty()) page.next_cursor = ToHex((it - 1)->first);
  }
  if (!query.includes.empty()) LT_RETURN_IF_ERROR(Include(query, page));
  return page;
}

Result<bool> SearchEngine::StreamExact(const SearchQuery& query, std::string_view begin,
                                       std::string_view end, SearchPage& page) const {
  if (query.summary_count) {
    Result<uint64_t> count = store_.CountIndex(begin, end);
    if (!count.ok()) return count.take_status();
    page.total = *count;
    return true;
  }
  // Ids kept as text and UUIDs kept as bytes each come in id order, the
  // text ones first; when the value has both, key order is not id order.
  const std::string uuids = std::string(begin) + kIdUuidMarker;
  auto any_in = [&](std::string_view from, std::string_view to) -> Result<bool> {
    bool found = false;
    LT_RETURN_IF_ERROR(store_.ScanIndex(from, to, [&](std::string_view) {
      found = true;
      return false;
    }));
    return found;
  };
  Result<bool> has_text = any_in(begin, uuids);
  if (!has_text.ok()) return has_text.take_status();
  if (*has_text) {
    Result<bool> has_uuid = any_in(uuids, end);
    if (!has_uuid.ok()) return has_uuid.take_status();
    if (*has_uuid) return false;
  }
  // A next page starts right after the key of the cursor's id.
  std::string start(begin);
  if (!query.cursor.empty()) {
    start += IdSuffix(query.cursor);
    start.push_back('\0');
  }
  // Without _total, the first page counts on a little past itself.
  const bool auto_count = query.total == TotalMode::kAuto && query.cursor.empty();
  uint64_t seen = 0;
  uint64_t past = 0;
  bool counted_all = true;
  std::string previous;
  bool ordered = true;
  std::string id;
  bool past_page = false;
  Status st = store_.ScanIndex(start, end, [&](std::string_view key) {
    ++seen;
    if (past_page) {
      if (++past <= kAutoCountLimit) return true;
      counted_all = false;
      return false;
    }
    IdOfKey(key, id);
    if (!previous.empty() && id <= previous) {
      ordered = false;  // ids whose order the key suffix does not keep
      return false;
    }
    previous.swap(id);
    if (page.ids.size() < query.count) {
      page.ids.push_back(previous);
      return true;
    }
    past_page = true;
    page.next_cursor = page.ids.empty() ? "" : page.ids.back();
    ++past;
    return auto_count;
  });
  LT_RETURN_IF_ERROR(st);
  if (!ordered) return false;
  if (query.total == TotalMode::kAccurate || query.total == TotalMode::kEstimate) {
    Result<uint64_t> count = store_.CountIndex(begin, end);
    if (!count.ok()) return count.take_status();
    page.total = *count;
  } else if (auto_count && counted_all) {
    page.total = seen;
  }
  return true;
}

Result<std::vector<std::string>> SearchEngine::ReferencesOf(std::string_view type,
                                                            std::string_view id,
                                                            std::string_view param) const {
  Result<std::vector<std::string>> keys = store_.IndexKeysOf(type, id);
  if (!keys.ok()) return keys.take_status();
  std::vector<std::string> codes;
  if (param == "*") {
    for (const SearchParameter* p : registry_.Indexed(type)) {
      if (p->type == ParamType::kReference) codes.push_back(p->code);
    }
  } else {
    codes.emplace_back(param);
  }
  Ids refs;
  for (const std::string& code : codes) {
    const std::string prefix = IndexPrefix(type, code, kRef);
    for (auto it = std::lower_bound(keys->begin(), keys->end(), prefix);
         it != keys->end() && it->starts_with(prefix); ++it) {
      std::string_view payload = PayloadOfKey(*it, prefix.size());
      std::optional<std::string> ref = ReadString(payload);
      // Only local references (Type/id) lead somewhere.
      if (!ref) continue;
      const size_t slash = ref->find('/');
      if (slash == std::string::npos || ref->find('/', slash + 1) != std::string::npos) continue;
      refs.push_back(std::move(*ref));
    }
  }
  std::sort(refs.begin(), refs.end());
  refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
  return refs;
}

Status SearchEngine::CompileCodes(const Criterion& c, const std::string& type, Plan& plan) const {
  CodeList codes;
  for (const std::string& v : c.values) {
    Result<CodeList> found = CodeList();
    if (c.modifier == "in" || c.modifier == "not-in") {
      found = terminology_.ExpandValueSet(v);
    } else {
      std::string system, code;
      bool has_bar = false;
      SplitToken(v, system, code, has_bar);
      if (system.empty() || code.empty()) {
        return Status::Invalid(
            fmt::format(":{} on a token takes system|code (the system names a stored CodeSystem)",
                        c.modifier),
            c.name);
      }
      found = terminology_.Subsumption(system, code, c.modifier == "above");
    }
    if (!found.ok()) {
      if (found.status().code() != ErrorCode::kInvalid) return found.take_status();
      return Status::Invalid(std::string(found.status().message()), c.name);
    }
    codes.insert(codes.end(), found->begin(), found->end());
    if (codes.size() > kMaxExpansion) {
      return Status::Invalid(fmt::format("{}: more than {} codes", c.name, kMaxExpansion), c.name);
    }
  }
  plan.negate = c.modifier == "not-in";
  if (codes.empty()) {
    plan.ids = Ids();
    return Status::Ok();
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  for (const auto& [system, code] : codes) {
    if (system.empty()) {
      plan.ranges.push_back(
          Prefixed(IndexPrefix(type, c.code, kCode), EncString(code), plan.cost, 0));
    } else {
      plan.ranges.push_back(Prefixed(IndexPrefix(type, c.code, kSysCode),
                                     EncString(system) + EncString(code), plan.cost, 0));
    }
  }
  return Status::Ok();
}

// A value of _text or _content is words that must all occur (in any order,
// each as a whole word, folded as string search folds); commas give
// alternatives, and AND between words is allowed. The rest of the _content
// syntax (OR, NOT, quoted phrases, parentheses) is answered with kInvalid
// rather than read as words.
Result<std::vector<std::string>> SearchEngine::WordMatches(const std::string& type,
                                                           const Criterion& c) const {
  constexpr size_t kMaxWordBytes = 64;  // as resource_indexer.cpp indexes them
  const std::string prefix = IndexPrefix(type, c.code, kWord);
  Ids out;
  for (const std::string& value : c.values) {
    if (value.find_first_of("\"()") != std::string::npos) {
      return Status::Invalid(
          fmt::format("{}: quoted phrases and parentheses are not supported", c.code), c.name);
    }
    std::vector<std::string> words;
    size_t start = 0;
    while (start <= value.size()) {
      size_t end = value.find(' ', start);
      if (end == std::string::npos) end = value.size();
      const std::string_view token = std::string_view(value).substr(start, end - start);
      start = end + 1;
      if (token == "OR" || token == "NOT") {
        return Status::Invalid(fmt::format("{}: {} is not supported (words are ANDed; use "
                                           "commas for alternatives)",
                                           c.code, token),
                               c.name);
      }
      if (token == "AND") continue;
      const std::string folded = FoldText(token);
      for (std::string_view w : SplitWords(folded)) words.emplace_back(w.substr(0, kMaxWordBytes));
    }
    if (words.empty()) {
      return Status::Invalid(fmt::format("{} has no word to search for", c.code), c.name);
    }
    std::optional<Ids> all;
    for (const std::string& word : words) {
      Plan plan;
      plan.ranges.push_back(Prefixed(prefix, EncString(word), plan.cost, 0));
      Ids found;
      LT_RETURN_IF_ERROR(ScanPlan(store_, plan, found));
      all = all ? Intersect(*all, found) : std::move(found);
      if (all->empty()) break;
    }
    out.insert(out.end(), all->begin(), all->end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::vector<std::string>> SearchEngine::ListMembers(
    const std::string& type, const std::vector<std::string>& list_ids) const {
  Ids out;
  const std::string wanted = type + "/";
  for (const std::string& list_id : list_ids) {
    Result<store::StoredResource> list = store_.Read("List", list_id);
    if (!list.ok()) {
      if (list.status().code() == ErrorCode::kNotFound) continue;
      return list.take_status();
    }
    if (list->deleted) continue;
    Result<json::Value> doc = json::Parse(list->json, {.max_depth = 1000});
    if (!doc.ok()) return Status::IoError("a stored List does not parse");
    const json::Value* entries = doc->find("entry");
    if (entries == nullptr || !entries->is_array()) continue;
    for (const auto& entry : entries->members()) {
      const json::Value* item = entry.value.find("item");
      if (item == nullptr) continue;
      std::string_view ref = item->get_string("reference");
      if (const size_t h = ref.find("/_history/"); h != std::string_view::npos) {
        ref = ref.substr(0, h);
      }
      // "Type/id", or an absolute URL ending in it.
      const size_t at = ref.rfind(wanted);
      if (at == std::string_view::npos || (at > 0 && ref[at - 1] != '/')) continue;
      const std::string_view id = ref.substr(at + wanted.size());
      if (id.empty() || id.find('/') != std::string_view::npos) continue;
      out.emplace_back(id);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  // Only resources that still exist.
  Ids existing;
  for (const std::string& id : out) {
    Result<store::StoredResource> r = store_.Read(type, id);
    if (r.ok() && !r->deleted) existing.push_back(id);
  }
  return existing;
}

Result<std::vector<std::string>> SearchEngine::ReferringTo(
    std::string_view type, std::string_view param, const std::vector<std::string>& targets) const {
  Plan plan;
  const std::string prefix = IndexPrefix(type, param, kRef);
  for (const std::string& target : targets) {
    plan.ranges.push_back(Prefixed(prefix, EncString(target), plan.cost, 0));
  }
  Ids ids;
  LT_RETURN_IF_ERROR(ScanPlan(store_, plan, ids));
  return ids;
}

Status SearchEngine::Include(const SearchQuery& query, SearchPage& page) const {
  constexpr int kMaxRounds = 4;
  std::set<std::string> seen;  // Type/id of matches and of what was included
  std::vector<std::pair<std::string, std::string>> frontier;
  for (const std::string& id : page.ids) {
    seen.insert(fmt::format("{}/{}", query.type, id));
    frontier.emplace_back(query.type, id);
  }
  auto add = [&](const std::string& type, const std::string& id,
                 std::vector<std::pair<std::string, std::string>>& next) {
    if (!seen.insert(fmt::format("{}/{}", type, id)).second) return;
    if (page.included.size() >= kMaxIncluded) {
      page.included_truncated = true;
      return;
    }
    page.included.emplace_back(type, id);
    next.emplace_back(type, id);
  };
  for (int round = 0; round < kMaxRounds && !frontier.empty(); ++round) {
    std::vector<std::pair<std::string, std::string>> next;
    for (const search::Include& inc : query.includes) {
      if (round > 0 && !inc.iterate) continue;
      if (!inc.reverse) {
        for (const auto& [type, id] : frontier) {
          if (inc.param != "*" && type != inc.source_type) continue;
          Result<Ids> refs = ReferencesOf(type, id, inc.param);
          if (!refs.ok()) return refs.take_status();
          for (const std::string& ref : *refs) {
            const size_t slash = ref.find('/');
            const std::string target_type = ref.substr(0, slash);
            if (!inc.target_type.empty() && target_type != inc.target_type) continue;
            Result<store::StoredResource> r = store_.Read(target_type, ref.substr(slash + 1));
            if (!r.ok() || r->deleted) continue;
            add(target_type, ref.substr(slash + 1), next);
          }
        }
        continue;
      }
      if (inc.param == "*") continue;  // _revinclude=* names no source type
      std::vector<std::string> targets;
      for (const auto& [type, id] : frontier) {
        if (!inc.target_type.empty() && type != inc.target_type) continue;
        targets.push_back(fmt::format("{}/{}", type, id));
      }
      if (targets.empty()) continue;
      Result<Ids> sources = ReferringTo(inc.source_type, inc.param, targets);
      if (!sources.ok()) return sources.take_status();
      for (const std::string& id : *sources) add(inc.source_type, id, next);
    }
    frontier = std::move(next);
  }
  return Status::Ok();
}

}  // namespace lienthong::search
