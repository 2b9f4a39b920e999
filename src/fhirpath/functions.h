// The FHIRPath function table: one entry per function name, with the number
// of arguments it takes and its implementation. The implementations live in
// one file per group (existence_functions.cpp, string_functions.cpp, ...).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "fhirpath/ast.h"
#include "fhirpath/item.h"

namespace lienthong::fhirpath {

class Evaluator;
struct Scope;

// One call of a function, as its implementation sees it.
struct Invocation {
  Evaluator& evaluator;
  const AstNode& node;      // the kFunction node
  const Collection& input;  // the collection the function is called on
  const Scope& scope;       // the scope the call appears in

  size_t arg_count() const { return node.args.size(); }
  // Argument i evaluated in the calling scope (an ordinary argument).
  Result<Collection> Arg(size_t i) const;
  // Argument i evaluated with $this = item, $index = index and $total (an
  // expression argument such as where()'s criteria).
  Result<Collection> ArgFor(size_t i, const Item& item, int64_t index,
                            const Collection* total = nullptr) const;
  // Argument i as a single String (nullopt when empty); kInvalid when it is
  // not one.
  Result<std::optional<std::string>> StringArg(size_t i) const;
  Result<std::optional<int64_t>> IntegerArg(size_t i) const;
  // An evaluation error at this call.
  Status Error(std::string_view message) const;
};

using FunctionImpl = Result<Collection> (*)(const Invocation& call);

struct FunctionDefinition {
  std::string_view name;
  uint8_t min_args;
  uint8_t max_args;
  bool type_argument;  // is(), as(), ofType(): the argument is a type name
  FunctionImpl impl;
};

// nullptr when there is no function of that name.
const FunctionDefinition* FindFunction(std::string_view name);

using FunctionTable = std::vector<FunctionDefinition>;
void AddExistenceFunctions(FunctionTable& table);
void AddFilteringFunctions(FunctionTable& table);
void AddConversionFunctions(FunctionTable& table);
void AddStringFunctions(FunctionTable& table);
void AddMathFunctions(FunctionTable& table);
void AddFhirFunctions(FunctionTable& table);

}  // namespace lienthong::fhirpath

namespace lienthong::fhirpath {

// The input as one System value: nullopt when empty (or a primitive without
// a value), kInvalid when it has several items.
Result<std::optional<Item>> SingleInput(const Invocation& call);
// The same, requiring a String when there is a value.
Result<std::optional<std::string>> SingleStringInput(const Invocation& call);
// A collection holding one Boolean.
inline Collection BooleanResult(bool b) { return Collection{Item::Boolean(b)}; }

}  // namespace lienthong::fhirpath
