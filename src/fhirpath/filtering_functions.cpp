// Filtering, projection, subsetting, tree navigation, types and utilities:
// where(), select(), repeat(), ofType(), first(), children(), iif(), trace(), ...
#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "fhirpath/compare.h"
#include "fhirpath/evaluator.h"
#include "fhirpath/functions.h"
#include "fhirpath/navigation.h"

namespace lienthong::fhirpath {
namespace {

// Collects items once each: nodes by identity, System values by equality.
class ItemSet {
 public:
  bool Insert(const Item& item) {
    if (item.is_node()) {
      return nodes_.insert({item.node().value, item.node().extension}).second;
    }
    if (ContainsEqual(values_, item)) return false;
    values_.push_back(item);
    return true;
  }

 private:
  struct PairHash {
    size_t operator()(const std::pair<const void*, const void*>& p) const {
      return std::hash<const void*>()(p.first) * 31 + std::hash<const void*>()(p.second);
    }
  };
  std::unordered_set<std::pair<const void*, const void*>, PairHash> nodes_;
  Collection values_;
};

Result<Collection> Where(const Invocation& call) {
  Collection out;
  for (size_t i = 0; i < call.input.size(); ++i) {
    Result<Collection> c = call.ArgFor(0, call.input[i], static_cast<int64_t>(i));
    if (!c.ok()) return c;
    Result<std::optional<bool>> b = ToCondition(*c);
    if (!b.ok()) return call.Error(b.status().message());
    if (*b == true) out.push_back(call.input[i]);
  }
  return out;
}

Result<Collection> Select(const Invocation& call) {
  Collection out;
  for (size_t i = 0; i < call.input.size(); ++i) {
    Result<Collection> c = call.ArgFor(0, call.input[i], static_cast<int64_t>(i));
    if (!c.ok()) return c;
    if (!call.evaluator.Charge(c->size())) return call.Error("select() produced too many items");
    out.insert(out.end(), c->begin(), c->end());
  }
  return out;
}

Result<Collection> Repeat(const Invocation& call) {
  Collection out;
  ItemSet seen;
  Collection frontier = call.input;
  while (!frontier.empty()) {
    Collection next;
    for (size_t i = 0; i < frontier.size(); ++i) {
      Result<Collection> c = call.ArgFor(0, frontier[i], static_cast<int64_t>(i));
      if (!c.ok()) return c;
      for (Item& item : *c) {
        if (!seen.Insert(item)) continue;
        if (!call.evaluator.Charge(1)) return call.Error("repeat() produced too many items");
        out.push_back(item);
        next.push_back(std::move(item));
      }
    }
    frontier = std::move(next);
  }
  return out;
}

Result<Collection> OfType(const Invocation& call) {
  Collection out;
  if (!IsKnownType(call.evaluator.registry(), call.node.type)) {
    return call.Error("unknown type " + call.node.type.name);
  }
  for (const Item& item : call.input) {
    Result<bool> is = IsOfType(call.evaluator.registry(), item, call.node.type);
    if (!is.ok()) return call.Error(is.status().message());
    if (*is) out.push_back(item);
  }
  return out;
}

Result<Collection> TypeTest(const Invocation& call, bool cast) {
  if (!IsKnownType(call.evaluator.registry(), call.node.type)) {
    return call.Error("unknown type " + call.node.type.name);
  }
  if (call.input.empty()) return Collection();
  if (call.input.size() > 1) {
    return call.Error(
        fmt::format("{}() needs one item, not {}", call.node.name, call.input.size()));
  }
  Result<bool> is = IsOfType(call.evaluator.registry(), call.input[0], call.node.type);
  if (!is.ok()) return call.Error(is.status().message());
  if (!cast) return BooleanResult(*is);
  return *is ? call.input : Collection();
}

Result<Collection> Is(const Invocation& call) { return TypeTest(call, false); }
Result<Collection> As(const Invocation& call) { return TypeTest(call, true); }

Result<Collection> Iif(const Invocation& call) {
  if (call.input.size() > 1) return call.Error("iif() needs at most one input item");
  const bool own_input = call.node.target != nullptr && !call.input.empty();
  auto arg = [&](size_t i) { return own_input ? call.ArgFor(i, call.input[0], 0) : call.Arg(i); };
  Result<Collection> criterion = arg(0);
  if (!criterion.ok()) return criterion;
  Result<std::optional<bool>> b = ToCondition(*criterion);
  if (!b.ok()) return call.Error(b.status().message());
  if (*b == true) return arg(1);
  if (call.arg_count() > 2) return arg(2);
  return Collection();
}

Result<Collection> Aggregate(const Invocation& call) {
  Collection total;
  if (call.arg_count() > 1) {
    Result<Collection> init = call.Arg(1);
    if (!init.ok()) return init;
    total = std::move(init.value());
  }
  for (size_t i = 0; i < call.input.size(); ++i) {
    Result<Collection> next = call.ArgFor(0, call.input[i], static_cast<int64_t>(i), &total);
    if (!next.ok()) return next;
    if (!call.evaluator.Charge(next->size())) return call.Error("aggregate() grew too large");
    total = std::move(next.value());
  }
  return total;
}

Result<Collection> Sort(const Invocation& call) {
  struct Keyed {
    Item item;
    std::vector<Collection> keys;
  };
  std::vector<Keyed> rows;
  std::vector<bool> descending(call.arg_count(), false);
  for (size_t i = 0; i < call.input.size(); ++i) {
    Keyed row{call.input[i], {}};
    for (size_t k = 0; k < call.arg_count(); ++k) {
      const AstNode& key = *call.node.args[k];
      Result<Collection> v = call.ArgFor(k, call.input[i], static_cast<int64_t>(i));
      if (!v.ok()) {
        // "-key" on a String: sort by the key, descending.
        if (key.kind == AstKind::kUnary && key.op == Operator::kSubtract) {
          const Collection focus{call.input[i]};
          const Scope inner{&focus, &focus[0], static_cast<int64_t>(i), nullptr};
          v = call.evaluator.Eval(*key.args[0], inner);
          if (!v.ok()) return v;
          descending[k] = true;
        } else {
          return v;
        }
      }
      if (v->size() > 1) return call.Error("sort() keys must be single items");
      row.keys.push_back(std::move(v.value()));
    }
    rows.push_back(std::move(row));
  }
  Status failure;
  // Empty keys sort first in either direction.
  auto compare = [&](const Collection& a, const Collection& b) -> int {
    if (a.empty() || b.empty()) return 0;
    Result<std::optional<int>> c = CompareItems(a[0], b[0]);
    if (!c.ok()) {
      if (failure.ok()) failure = c.status();
      return 0;
    }
    return c->value_or(0);
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const Keyed& a, const Keyed& b) {
    if (call.arg_count() == 0) return compare({a.item}, {b.item}) < 0;
    for (size_t k = 0; k < a.keys.size(); ++k) {
      if (a.keys[k].empty() != b.keys[k].empty()) return a.keys[k].empty();
      const int c = compare(a.keys[k], b.keys[k]);
      if (c != 0) return descending[k] ? c > 0 : c < 0;
    }
    return false;
  });
  if (!failure.ok()) return call.Error(failure.message());
  Collection out;
  for (Keyed& row : rows) out.push_back(std::move(row.item));
  return out;
}

Result<Collection> Trace(const Invocation& call) {
  Result<std::optional<std::string>> name = call.StringArg(0);
  if (!name.ok()) return name.take_status();
  const auto& trace = call.evaluator.context().trace;
  if (!trace) return call.input;
  if (call.arg_count() > 1) {
    Collection projected;
    for (size_t i = 0; i < call.input.size(); ++i) {
      Result<Collection> c = call.ArgFor(1, call.input[i], static_cast<int64_t>(i));
      if (!c.ok()) return c;
      projected.insert(projected.end(), c->begin(), c->end());
    }
    trace(name->value_or(""), projected);
  } else {
    trace(name->value_or(""), call.input);
  }
  return call.input;
}

Result<Collection> Children(const Invocation& call) {
  Collection out;
  for (const Item& item : call.input) AppendAllChildren(call.evaluator.registry(), item, out);
  return out;
}

Result<Collection> Descendants(const Invocation& call) {
  Collection out;
  Collection frontier = call.input;
  while (!frontier.empty()) {
    Collection next;
    for (const Item& item : frontier) AppendAllChildren(call.evaluator.registry(), item, next);
    if (!call.evaluator.Charge(next.size())) return call.Error("descendants() is too large");
    out.insert(out.end(), next.begin(), next.end());
    frontier = std::move(next);
  }
  return out;
}

Result<Collection> Type(const Invocation& call) {
  Collection out;
  for (const Item& item : call.input) {
    const bool fhir = item.is_node() && item.node().type != nullptr;
    out.push_back(
        Item::FromTypeInfo(TypeInfo{fhir ? "FHIR" : "System", std::string(TypeNameOf(item))}));
  }
  return out;
}

Result<Collection> Now(const Invocation& call) {
  return Collection{Item::FromTemporal(call.evaluator.Now())};
}

Result<Collection> Today(const Invocation& call) {
  Temporal t = call.evaluator.Now();
  t.kind = TemporalKind::kDate;
  t.precision = TemporalPrecision::kDay;
  t.has_offset = false;
  t.hour = t.minute = t.second = 0;
  t.millisecond = 0;
  return Collection{Item::FromTemporal(t)};
}

Result<Collection> TimeOfDay(const Invocation& call) {
  Temporal t = call.evaluator.Now();
  t.kind = TemporalKind::kTime;
  t.has_offset = false;
  return Collection{Item::FromTemporal(t)};
}

Result<Collection> Single(const Invocation& call) {
  if (call.input.size() > 1) {
    return call.Error(fmt::format("single() on {} items", call.input.size()));
  }
  return call.input;
}

Result<Collection> First(const Invocation& call) {
  if (call.input.empty()) return Collection();
  return Collection{call.input.front()};
}

Result<Collection> Last(const Invocation& call) {
  if (call.input.empty()) return Collection();
  return Collection{call.input.back()};
}

Result<Collection> Tail(const Invocation& call) {
  if (call.input.empty()) return Collection();
  return Collection(call.input.begin() + 1, call.input.end());
}

Result<Collection> SkipOrTake(const Invocation& call, bool skip) {
  Result<std::optional<int64_t>> n = call.IntegerArg(0);
  if (!n.ok()) return n.take_status();
  if (!*n) return Collection();
  const size_t count = **n < 0 ? 0 : static_cast<size_t>(**n);
  const size_t cut = std::min(count, call.input.size());
  if (skip) return Collection(call.input.begin() + static_cast<ptrdiff_t>(cut), call.input.end());
  return Collection(call.input.begin(), call.input.begin() + static_cast<ptrdiff_t>(cut));
}

Result<Collection> Skip(const Invocation& call) { return SkipOrTake(call, true); }
Result<Collection> Take(const Invocation& call) { return SkipOrTake(call, false); }

}  // namespace

void AddFilteringFunctions(FunctionTable& table) {
  table.insert(table.end(), {
                                {"where", 1, 1, false, Where},
                                {"select", 1, 1, false, Select},
                                {"repeat", 1, 1, false, Repeat},
                                {"ofType", 1, 1, true, OfType},
                                {"is", 1, 1, true, Is},
                                {"as", 1, 1, true, As},
                                {"iif", 2, 3, false, Iif},
                                {"aggregate", 1, 2, false, Aggregate},
                                {"sort", 0, 8, false, Sort},
                                {"trace", 1, 2, false, Trace},
                                {"children", 0, 0, false, Children},
                                {"descendants", 0, 0, false, Descendants},
                                {"type", 0, 0, false, Type},
                                {"now", 0, 0, false, Now},
                                {"today", 0, 0, false, Today},
                                {"timeOfDay", 0, 0, false, TimeOfDay},
                                {"single", 0, 0, false, Single},
                                {"first", 0, 0, false, First},
                                {"last", 0, 0, false, Last},
                                {"tail", 0, 0, false, Tail},
                                {"skip", 1, 1, false, Skip},
                                {"take", 1, 1, false, Take},
                            });
}

}  // namespace lienthong::fhirpath
