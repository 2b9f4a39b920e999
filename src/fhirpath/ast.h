// The syntax tree of a parsed FHIRPath expression.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fhirpath/item.h"

namespace lienthong::fhirpath {

struct FunctionDefinition;

enum class AstKind : uint8_t {
  kLiteral,     // literal[0]
  kEmpty,       // {}
  kIdentifier,  // `name` on the focus
  kMember,      // target.name
  kFunction,    // [target.]name(args)
  kIndexer,     // target[args[0]]
  kUnary,       // op args[0]  (op is kAdd or kSubtract)
  kBinary,      // args[0] op args[1]
  kThis,        // $this
  kIndex,       // $index
  kTotal,       // $total
  kVariable,    // %name
  kIs,          // args[0] is type
  kAs,          // args[0] as type
};

enum class Operator : uint8_t {
  kNone,
  kMultiply,
  kDivide,
  kDiv,
  kMod,
  kAdd,
  kSubtract,
  kConcatenate,
  kUnion,
  kLess,
  kGreater,
  kLessOrEqual,
  kGreaterOrEqual,
  kEqual,
  kNotEqual,
  kEquivalent,
  kNotEquivalent,
  kIn,
  kContains,
  kAnd,
  kOr,
  kXor,
  kImplies,
};

// A type named in `is`, `as`, is(), as() or ofType(): "FHIR.Patient",
// "System.String" or an unqualified name.
struct TypeSpecifier {
  std::string ns;  // "System", "FHIR" or empty
  std::string name;
};

struct AstNode {
  AstKind kind = AstKind::kEmpty;
  Operator op = Operator::kNone;
  uint32_t position = 0;        // byte offset in the expression, for messages
  uint32_t height = 1;          // levels of the subtree; bounds the evaluator's recursion
  std::string name;             // identifier, member, function or variable name
  std::string underscore_name;  // "_" + name, for primitive extensions
  TypeSpecifier type;           // kIs, kAs and the type functions
  std::vector<Item> literal;    // one item for kLiteral
  const FunctionDefinition* function = nullptr;  // kFunction
  std::unique_ptr<AstNode> target;               // kMember, kFunction (may be null), kIndexer
  std::vector<std::unique_ptr<AstNode>> args;
};

}  // namespace lienthong::fhirpath
