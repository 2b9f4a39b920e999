// Evaluator: walks the syntax tree of an expression over one resource.
//
// One Evaluator serves one Evaluate() call. Scopes are small structs on the
// C++ stack that point at collections owned by the caller, so nothing of
// the input is copied; the result holds nodes that point into the input.
#pragma once

#include <cstdint>
#include <string_view>

#include "fhirpath/fhirpath.h"
#include "fhirpath/functions.h"

namespace lienthong::fhirpath {

// What names refer to where an expression is evaluated.
struct Scope {
  const Collection* focus = nullptr;  // what bare names and functions apply to
  const Item* this_item = nullptr;    // $this (nullptr when the focus is not one item)
  int64_t index = -1;                 // $index, -1 outside an iteration
  const Collection* total = nullptr;  // $total inside aggregate()
};

class Evaluator {
 public:
  // `resource` is %context and %resource; `root` is %rootResource.
  Evaluator(const EvalContext& context, const Item& resource, const Item& root);

  Result<Collection> Eval(const AstNode& node, const Scope& scope);

  const EvalContext& context() const { return context_; }
  const fhir::TypeRegistry* registry() const { return context_.registry; }
  const Item& resource() const { return resource_; }
  const Item& root() const { return root_; }
  // now(): the context's clock or the system's, the same for a whole evaluation.
  const Temporal& Now();

  // Counts items produced by repeat(), descendants() and the like; false
  // (and the evaluation must stop) past the context's max_items.
  bool Charge(size_t items);

  Status ErrorAt(const AstNode& node, std::string_view message) const;

 private:
  Result<Collection> EvalMember(const AstNode& node, const Collection& input);
  // Strict mode, when a member's input is empty: an error if the input's
  // type is stated in the expression and has no such element.
  Status CheckMemberOfEmpty(const AstNode& node) const;
  const fhir::TypeDefinition* DeclaredType(const AstNode& node) const;
  Result<Collection> EvalFunction(const AstNode& node, const Scope& scope);
  Result<Collection> EvalBinary(const AstNode& node, const Scope& scope);
  Result<Collection> EvalVariable(const AstNode& node);

  const EvalContext& context_;
  Item resource_;
  Item root_;
  std::optional<Temporal> now_;
  size_t charged_ = 0;
};

// Operators on evaluated operands (operators.cpp).
Result<Collection> EvalArithmetic(Operator op, const Collection& left, const Collection& right);
Result<Collection> EvalUnaryMinus(const Collection& operand);

// The three-valued Boolean of a collection (see AsCondition in fhirpath.h).
Result<std::optional<bool>> ToCondition(const Collection& items);

}  // namespace lienthong::fhirpath
