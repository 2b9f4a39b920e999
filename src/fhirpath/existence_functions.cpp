// Existence and combining functions: empty(), exists(), all(), count(),
// distinct(), subsetOf(), union(), intersect(), not(), ...
#include "fhirpath/compare.h"
#include "fhirpath/evaluator.h"
#include "fhirpath/functions.h"

namespace lienthong::fhirpath {
namespace {

Result<Collection> Empty(const Invocation& call) { return BooleanResult(call.input.empty()); }

Result<Collection> Exists(const Invocation& call) {
  if (call.arg_count() == 0) return BooleanResult(!call.input.empty());
  for (size_t i = 0; i < call.input.size(); ++i) {
    Result<Collection> c = call.ArgFor(0, call.input[i], static_cast<int64_t>(i));
    if (!c.ok()) return c;
    Result<std::optional<bool>> b = ToCondition(*c);
    if (!b.ok()) return call.Error(b.status().message());
    if (*b == true) return BooleanResult(true);
  }
  return BooleanResult(false);
}

Result<Collection> All(const Invocation& call) {
  for (size_t i = 0; i < call.input.size(); ++i) {
    Result<Collection> c = call.ArgFor(0, call.input[i], static_cast<int64_t>(i));
    if (!c.ok()) return c;
    Result<std::optional<bool>> b = ToCondition(*c);
    if (!b.ok()) return call.Error(b.status().message());
    if (*b != true) return BooleanResult(false);
  }
  return BooleanResult(true);
}

// allTrue() and friends: every item must be a Boolean.
Result<Collection> BooleanAggregate(const Invocation& call, bool want, bool all) {
  for (const Item& item : call.input) {
    std::optional<Item> v = ToSystem(item);
    if (!v || v->kind() != ItemKind::kBoolean) {
      return call.Error(call.node.name + "() needs Booleans, not " +
                        std::string(TypeNameOf(v ? *v : item)));
    }
    if (all && v->boolean() != want) return BooleanResult(false);
    if (!all && v->boolean() == want) return BooleanResult(true);
  }
  return BooleanResult(all);
}

Result<Collection> AllTrue(const Invocation& call) { return BooleanAggregate(call, true, true); }
Result<Collection> AnyTrue(const Invocation& call) { return BooleanAggregate(call, true, false); }
Result<Collection> AllFalse(const Invocation& call) { return BooleanAggregate(call, false, true); }
Result<Collection> AnyFalse(const Invocation& call) { return BooleanAggregate(call, false, false); }

Result<Collection> SubsetOf(const Invocation& call) {
  Result<Collection> other = call.Arg(0);
  if (!other.ok()) return other;
  for (const Item& item : call.input) {
    if (!ContainsEqual(*other, item)) return BooleanResult(false);
  }
  return BooleanResult(true);
}

Result<Collection> SupersetOf(const Invocation& call) {
  Result<Collection> other = call.Arg(0);
  if (!other.ok()) return other;
  for (const Item& item : *other) {
    if (!ContainsEqual(call.input, item)) return BooleanResult(false);
  }
  return BooleanResult(true);
}

Result<Collection> Count(const Invocation& call) {
  return Collection{Item::Integer(static_cast<int64_t>(call.input.size()))};
}

Collection Distinct(const Collection& items) {
  Collection out;
  for (const Item& item : items) {
    if (!ContainsEqual(out, item)) out.push_back(item);
  }
  return out;
}

Result<Collection> DistinctFn(const Invocation& call) { return Distinct(call.input); }

Result<Collection> IsDistinct(const Invocation& call) {
  return BooleanResult(Distinct(call.input).size() == call.input.size());
}

Result<Collection> Not(const Invocation& call) {
  Result<std::optional<bool>> b = ToCondition(call.input);
  if (!b.ok()) return call.Error(b.status().message());
  if (!*b) return Collection();
  return BooleanResult(!**b);
}

Result<Collection> Union(const Invocation& call) {
  Result<Collection> other = call.Arg(0);
  if (!other.ok()) return other;
  Collection out = Distinct(call.input);
  for (const Item& item : *other) {
    if (!ContainsEqual(out, item)) out.push_back(item);
  }
  return out;
}

Result<Collection> Combine(const Invocation& call) {
  Result<Collection> other = call.Arg(0);
  if (!other.ok()) return other;
  Collection out = call.input;
  out.insert(out.end(), other->begin(), other->end());
  return out;
}

Result<Collection> Intersect(const Invocation& call) {
  Result<Collection> other = call.Arg(0);
  if (!other.ok()) return other;
  Collection out;
  for (const Item& item : call.input) {
    if (ContainsEqual(*other, item) && !ContainsEqual(out, item)) out.push_back(item);
  }
  return out;
}

Result<Collection> Exclude(const Invocation& call) {
  Result<Collection> other = call.Arg(0);
  if (!other.ok()) return other;
  Collection out;
  for (const Item& item : call.input) {
    if (!ContainsEqual(*other, item)) out.push_back(item);
  }
  return out;
}

}  // namespace

void AddExistenceFunctions(FunctionTable& table) {
  table.insert(table.end(), {
                                {"empty", 0, 0, false, Empty},
                                {"exists", 0, 1, false, Exists},
                                {"all", 1, 1, false, All},
                                {"allTrue", 0, 0, false, AllTrue},
                                {"anyTrue", 0, 0, false, AnyTrue},
                                {"allFalse", 0, 0, false, AllFalse},
                                {"anyFalse", 0, 0, false, AnyFalse},
                                {"subsetOf", 1, 1, false, SubsetOf},
                                {"supersetOf", 1, 1, false, SupersetOf},
                                {"count", 0, 0, false, Count},
                                {"distinct", 0, 0, false, DistinctFn},
                                {"isDistinct", 0, 0, false, IsDistinct},
                                {"not", 0, 0, false, Not},
                                {"union", 1, 1, false, Union},
                                {"combine", 1, 1, false, Combine},
                                {"intersect", 1, 1, false, Intersect},
                                {"exclude", 1, 1, false, Exclude},
                            });
}

}  // namespace lienthong::fhirpath
