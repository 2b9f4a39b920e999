#include "fhirpath/functions.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "fhirpath/evaluator.h"

namespace lienthong::fhirpath {
namespace {

struct Table {
  FunctionTable functions;
  std::unordered_map<std::string_view, const FunctionDefinition*> by_name;

  Table() {
    AddExistenceFunctions(functions);
    AddFilteringFunctions(functions);
    AddConversionFunctions(functions);
    AddStringFunctions(functions);
    AddMathFunctions(functions);
    AddFhirFunctions(functions);
    for (const FunctionDefinition& f : functions) by_name[f.name] = &f;
  }
};

}  // namespace

const FunctionDefinition* FindFunction(std::string_view name) {
  static const Table table;
  auto it = table.by_name.find(name);
  return it == table.by_name.end() ? nullptr : it->second;
}

Result<std::optional<Item>> SingleInput(const Invocation& call) {
  if (call.input.empty()) return std::optional<Item>();
  if (call.input.size() > 1) {
    return call.Error(
        fmt::format("{}() needs a single input item, not {}", call.node.name, call.input.size()));
  }
  return ToSystem(call.input[0]);
}

Result<std::optional<std::string>> SingleStringInput(const Invocation& call) {
  Result<std::optional<Item>> v = SingleInput(call);
  if (!v.ok()) return v.take_status();
  if (!*v) {
    if (!call.input.empty() && call.input[0].is_node() && call.input[0].node().value != nullptr) {
      return call.Error(
          fmt::format("{}() needs a String, not {}", call.node.name, TypeNameOf(call.input[0])));
    }
    return std::optional<std::string>();
  }
  if ((*v)->kind() != ItemKind::kString) {
    return call.Error(fmt::format("{}() needs a String, not {}", call.node.name, TypeNameOf(**v)));
  }
  return std::optional<std::string>((*v)->string());
}

}  // namespace lienthong::fhirpath
