// FHIRPath: parse an expression once, evaluate it on many resources.
//
//   Result<Expression> e = fhirpath::Parse("Observation.subject.reference");
//   Result<Collection> r = fhirpath::Evaluate(*e, observation);
//
// Evaluation does not copy the resource: the result refers into it (and into
// the type registry), so it is valid only while the resource lives. An
// Expression is immutable and may be evaluated from many threads at once.
// Errors never throw: a syntax error comes back from Parse and an
// evaluation error (single() on several items, 'a' - 1, ...) from Evaluate,
// each as a kInvalid Status whose message gives the position.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"
#include "fhir/type_registry.h"
#include "fhirpath/ast.h"
#include "fhirpath/item.h"
#include "json/value.h"

namespace lienthong::fhirpath {

class Expression {
 public:
  Expression(Expression&&) noexcept = default;
  Expression& operator=(Expression&&) noexcept = default;

  const std::string& text() const { return text_; }
  const AstNode& root() const { return *root_; }

 private:
  friend Result<Expression> Parse(std::string_view text);
  Expression(std::string text, std::unique_ptr<AstNode> root)
      : text_(std::move(text)), root_(std::move(root)) {}

  std::string text_;
  std::unique_ptr<AstNode> root_;
};

// kInvalid with the position on a syntax error, an unknown function or a
// wrong number of arguments; expressions nested deeper than 200 levels are
// rejected.
Result<Expression> Parse(std::string_view text);

// Finds the resource a reference points to for resolve(), when it is neither
// contained nor in the Bundle being evaluated. Returns nullptr when unknown;
// the pointer must stay valid until the evaluation returns.
using ReferenceResolver = std::function<const json::Value*(std::string_view reference)>;

struct EvalContext {
  // The model; nullptr evaluates every document as untyped JSON.
  const fhir::TypeRegistry* registry = &fhir::TypeRegistry::R4();
  // %rootResource (the Bundle or container); nullptr means the resource itself.
  const json::Value* root_resource = nullptr;
  // User variables, reachable as %name; their items must outlive evaluation.
  std::unordered_map<std::string, Collection> variables;
  ReferenceResolver resolver;
  // Called by trace(); nothing is traced when empty.
  std::function<void(std::string_view name, const Collection& items)> trace;
  // The value of now() (and so today() and timeOfDay()); the clock when unset.
  std::optional<Temporal> now;
  // A typed node asked for an element its type does not have is an error
  // (when every item of the input lacks it), rather than an empty result.
  bool strict = true;
  // Most items repeat(), descendants(), select() and aggregate() may produce
  // in one evaluation; past it the evaluation fails instead of exhausting
  // memory. Strings longer than kMaxStringBytes (item.h) are errors too.
  size_t max_items = 1000000;
};

// Evaluates `expression` with `resource` as %context, %resource and $this.
// When `resource` is a JSON array, the expression starts from its elements.
Result<Collection> Evaluate(const Expression& expression, const json::Value& resource,
                            const EvalContext& context = {});

// Evaluates `expression` with `focus` as $this (an item of an earlier result
// on the same resource, as SQL on FHIR's forEach or an invariant on an
// element needs) and `resource` as %context and %resource.
Result<Collection> EvaluateOn(const Expression& expression, const Item& focus,
                              const json::Value& resource, const EvalContext& context = {});

// True, false or empty for a collection used as a condition: the singleton
// rules of the specification (one Boolean, or one item of any other kind
// counts as true); kInvalid for several items.
Result<std::optional<bool>> AsCondition(const Collection& items);

// The collection as a JSON array: FHIR primitives as their JSON value,
// complex nodes as their object, System values as JSON scalars, dates and
// times as strings, Quantities as {"value", "unit"} objects.
json::Value ToJson(const Collection& items);

}  // namespace lienthong::fhirpath
