// Parse(): a precedence-climbing parser over the lexer's tokens.
#include <fmt/format.h>

#include <algorithm>

#include "fhirpath/fhirpath.h"
#include "fhirpath/functions.h"
#include "fhirpath/lexer.h"

namespace lienthong::fhirpath {
namespace {

constexpr int kMaxDepth = 200;

// Binding strength of the binary operators, from the specification's table
// (higher binds tighter).
int Precedence(const Token& t, Operator& op) {
  op = Operator::kNone;
  if (t.kind == TokenKind::kPunctuation) {
    static const struct {
      std::string_view text;
      Operator op;
      int precedence;
    } kOps[] = {
        {"*", Operator::kMultiply, 10},    {"/", Operator::kDivide, 10},
        {"+", Operator::kAdd, 9},          {"-", Operator::kSubtract, 9},
        {"&", Operator::kConcatenate, 9},  {"|", Operator::kUnion, 7},
        {"<", Operator::kLess, 6},         {">", Operator::kGreater, 6},
        {"<=", Operator::kLessOrEqual, 6}, {">=", Operator::kGreaterOrEqual, 6},
        {"=", Operator::kEqual, 5},        {"!=", Operator::kNotEqual, 5},
        {"~", Operator::kEquivalent, 5},   {"!~", Operator::kNotEquivalent, 5},
    };
    for (const auto& o : kOps) {
      if (t.text == o.text) {
        op = o.op;
        return o.precedence;
      }
    }
    return -1;
  }
  if (t.kind != TokenKind::kIdentifier || t.delimited) return -1;
  static const struct {
    std::string_view text;
    Operator op;
    int precedence;
  } kWords[] = {
      {"div", Operator::kDiv, 10}, {"mod", Operator::kMod, 10},
      {"is", Operator::kNone, 8},  {"as", Operator::kNone, 8},
      {"in", Operator::kIn, 4},    {"contains", Operator::kContains, 4},
      {"and", Operator::kAnd, 3},  {"or", Operator::kOr, 2},
      {"xor", Operator::kXor, 2},  {"implies", Operator::kImplies, 1},
  };
  for (const auto& w : kWords) {
    if (t.text == w.text) {
      op = w.op;
      return w.precedence;
    }
  }
  return -1;
}

bool IsKeyword(const Token& t) {
  static constexpr std::string_view kReserved[] = {"and", "or",  "xor",  "implies",
                                                   "div", "mod", "true", "false"};
  if (t.kind != TokenKind::kIdentifier || t.delimited) return false;
  for (std::string_view k : kReserved) {
    if (t.text == k) return true;
  }
  return false;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<std::unique_ptr<AstNode>> ParseAll() {
    Result<std::unique_ptr<AstNode>> e = ParseExpression(0, 0);
    if (!e.ok()) return e;
    if (Peek().kind != TokenKind::kEnd) return Error(Peek(), "unexpected '" + Peek().text + "'");
    return e;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    const size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  const Token& Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool IsPunct(const Token& t, std::string_view p) const {
    return t.kind == TokenKind::kPunctuation && t.text == p;
  }
  Status Error(const Token& at, std::string_view what) const {
    return Status::Invalid(fmt::format("FHIRPath syntax error at {}: {}", at.position,
                                       at.kind == TokenKind::kEnd ? "unexpected end" : what));
  }
  Status Expect(std::string_view p) {
    if (!IsPunct(Peek(), p)) return Error(Peek(), fmt::format("expected '{}'", p));
    Next();
    return Status::Ok();
  }

  // Sets the node's height from its children's; an error past kMaxDepth, so
  // that long operator chains ("1+1+...") cannot exhaust the evaluator's stack.
  Status Seal(AstNode& n) const {
    uint32_t h = n.target ? n.target->height : 0;
    for (const auto& a : n.args) h = std::max(h, a->height);
    n.height = h + 1;
    if (n.height > kMaxDepth) {
      return Status::Invalid(
          fmt::format("FHIRPath syntax error at {}: expression nested too deeply", n.position));
    }
    return Status::Ok();
  }

  static std::unique_ptr<AstNode> NewNode(AstKind kind, uint32_t position) {
    auto n = std::make_unique<AstNode>();
    n->kind = kind;
    n->position = position;
    return n;
  }

  Result<std::unique_ptr<AstNode>> ParseExpression(int min_precedence, int depth) {
    if (depth > kMaxDepth) return Error(Peek(), "expression nested too deeply");
    Result<std::unique_ptr<AstNode>> left = ParseUnary(depth + 1);
    if (!left.ok()) return left;
    std::unique_ptr<AstNode> lhs = std::move(left.value());
    while (true) {
      const Token& t = Peek();
      Operator op;
      const int precedence = Precedence(t, op);
      if (precedence < 0 || precedence < min_precedence) break;
      Next();
      if (t.text == "is" || t.text == "as") {
        auto n = NewNode(t.text == "is" ? AstKind::kIs : AstKind::kAs, t.position);
        LT_RETURN_IF_ERROR(ParseTypeSpecifier(n->type));
        n->args.push_back(std::move(lhs));
        LT_RETURN_IF_ERROR(Seal(*n));
        lhs = std::move(n);
        continue;
      }
      Result<std::unique_ptr<AstNode>> right = ParseExpression(precedence + 1, depth + 1);
      if (!right.ok()) return right;
      auto n = NewNode(AstKind::kBinary, t.position);
      n->op = op;
      n->args.push_back(std::move(lhs));
      n->args.push_back(std::move(right.value()));
      LT_RETURN_IF_ERROR(Seal(*n));
      lhs = std::move(n);
    }
    return lhs;
  }

  Status ParseTypeSpecifier(TypeSpecifier& type) {
    const Token& first = Peek();
    if (first.kind != TokenKind::kIdentifier) return Error(first, "expected a type name");
    Next();
    if (IsPunct(Peek(), ".") && Peek(1).kind == TokenKind::kIdentifier) {
      Next();
      type.ns = first.text;
      type.name = Next().text;
    } else {
      type.name = first.text;
    }
    return Status::Ok();
  }

  Result<std::unique_ptr<AstNode>> ParseUnary(int depth) {
    if (depth > kMaxDepth) return Error(Peek(), "expression nested too deeply");
    const Token& t = Peek();
    if (IsPunct(t, "+") || IsPunct(t, "-")) {
      Next();
      Result<std::unique_ptr<AstNode>> operand = ParseUnary(depth + 1);
      if (!operand.ok()) return operand;
      auto n = NewNode(AstKind::kUnary, t.position);
      n->op = t.text == "+" ? Operator::kAdd : Operator::kSubtract;
      n->args.push_back(std::move(operand.value()));
      LT_RETURN_IF_ERROR(Seal(*n));
      return n;
    }
    return ParsePostfix(depth + 1);
  }

  Result<std::unique_ptr<AstNode>> ParsePostfix(int depth) {
    Result<std::unique_ptr<AstNode>> term = ParseTerm(depth);
    if (!term.ok()) return term;
    std::unique_ptr<AstNode> node = std::move(term.value());
    while (true) {
      const Token& t = Peek();
      if (IsPunct(t, ".")) {
        Next();
        const Token& name = Peek();
        if (name.kind != TokenKind::kIdentifier) return Error(name, "expected a name after '.'");
        Next();
        if (IsPunct(Peek(), "(") && !name.delimited) {
          Result<std::unique_ptr<AstNode>> call = ParseCall(name, std::move(node), depth);
          if (!call.ok()) return call;
          node = std::move(call.value());
        } else {
          auto n = NewNode(AstKind::kMember, name.position);
          n->name = name.text;
          n->underscore_name = "_" + name.text;
          n->target = std::move(node);
          LT_RETURN_IF_ERROR(Seal(*n));
          node = std::move(n);
        }
      } else if (IsPunct(t, "[")) {
        Next();
        Result<std::unique_ptr<AstNode>> index = ParseExpression(0, depth + 1);
        if (!index.ok()) return index;
        LT_RETURN_IF_ERROR(Expect("]"));
        auto n = NewNode(AstKind::kIndexer, t.position);
        n->target = std::move(node);
        n->args.push_back(std::move(index.value()));
        LT_RETURN_IF_ERROR(Seal(*n));
        node = std::move(n);
      } else {
        return node;
      }
    }
  }

  Result<std::unique_ptr<AstNode>> ParseCall(const Token& name, std::unique_ptr<AstNode> target,
                                             int depth) {
    const FunctionDefinition* f = FindFunction(name.text);
    if (f == nullptr) return Error(name, "unknown function '" + name.text + "'");
    auto n = NewNode(AstKind::kFunction, name.position);
    n->name = name.text;
    n->function = f;
    n->target = std::move(target);
    LT_RETURN_IF_ERROR(Expect("("));
    if (!IsPunct(Peek(), ")")) {
      while (true) {
        if (f->type_argument && n->args.empty()) {
          const Token& at = Peek();
          LT_RETURN_IF_ERROR(ParseTypeSpecifier(n->type));
          n->args.push_back(NewNode(AstKind::kEmpty, at.position));
        } else {
          Result<std::unique_ptr<AstNode>> arg = ParseExpression(0, depth + 1);
          if (!arg.ok()) return arg;
          n->args.push_back(std::move(arg.value()));
        }
        if (!IsPunct(Peek(), ",")) break;
        Next();
      }
    }
    LT_RETURN_IF_ERROR(Expect(")"));
    if (n->args.size() < f->min_args || n->args.size() > f->max_args) {
      return Error(name, fmt::format("{}() takes {} to {} arguments, not {}", f->name, f->min_args,
                                     f->max_args, n->args.size()));
    }
    LT_RETURN_IF_ERROR(Seal(*n));
    return n;
  }

  Result<std::unique_ptr<AstNode>> Literal(const Token& t, Item item) {
    auto n = NewNode(AstKind::kLiteral, t.position);
    n->literal.push_back(std::move(item));
    return n;
  }

  Result<std::unique_ptr<AstNode>> ParseTerm(int depth) {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kEnd:
        return Error(t, "unexpected end");
      case TokenKind::kString:
        Next();
        return Literal(t, Item::String(t.text));
      case TokenKind::kNumber: {
        Next();
        return ParseNumberOrQuantity(t);
      }
      case TokenKind::kDateTime: {
        Next();
        const bool has_time = t.text.find('T') != std::string::npos;
        std::optional<Temporal> v = has_time ? ParseDateTime(t.text, true) : ParseDate(t.text);
        if (!v) return Error(t, "invalid date/time literal @" + t.text);
        return Literal(t, Item::FromTemporal(*v));
      }
      case TokenKind::kTime: {
        Next();
        std::optional<Temporal> v = ParseTime(t.text);
        if (!v) return Error(t, "invalid time literal @T" + t.text);
        return Literal(t, Item::FromTemporal(*v));
      }
      case TokenKind::kVariable: {
        Next();
        auto n = NewNode(AstKind::kVariable, t.position);
        n->name = t.text;
        return n;
      }
      case TokenKind::kSpecial: {
        Next();
        return NewNode(t.text == "this"    ? AstKind::kThis
                       : t.text == "index" ? AstKind::kIndex
                                           : AstKind::kTotal,
                       t.position);
      }
      case TokenKind::kPunctuation: {
        if (t.text == "(") {
          Next();
          Result<std::unique_ptr<AstNode>> inner = ParseExpression(0, depth + 1);
          if (!inner.ok()) return inner;
          LT_RETURN_IF_ERROR(Expect(")"));
          return inner;
        }
        if (t.text == "{") {
          Next();
          LT_RETURN_IF_ERROR(Expect("}"));
          return NewNode(AstKind::kEmpty, t.position);
        }
        return Error(t, "unexpected '" + t.text + "'");
      }
      case TokenKind::kIdentifier: {
        if (!t.delimited && (t.text == "true" || t.text == "false")) {
          Next();
          return Literal(t, Item::Boolean(t.text == "true"));
        }
        if (IsKeyword(t)) return Error(t, "unexpected '" + t.text + "'");
        Next();
        if (IsPunct(Peek(), "(") && !t.delimited) return ParseCall(t, nullptr, depth);
        auto n = NewNode(AstKind::kIdentifier, t.position);
        n->name = t.text;
        n->underscore_name = "_" + t.text;
        return n;
      }
    }
    return Error(t, "unexpected token");
  }

  Result<std::unique_ptr<AstNode>> ParseNumberOrQuantity(const Token& t) {
    const Token& unit = Peek();
    const bool quoted_unit = unit.kind == TokenKind::kString;
    const bool calendar_unit =
        unit.kind == TokenKind::kIdentifier && !unit.delimited && !CalendarUnit(unit.text).empty();
    if (quoted_unit || calendar_unit) {
      Next();
      std::optional<Decimal> value = Decimal::Parse(t.text);
      if (!value) return Error(t, "invalid number " + t.text);
      return Literal(t, Item::FromQuantity(Quantity{*value, unit.text, calendar_unit}));
    }
    if (t.text.find('.') == std::string::npos) {
      int64_t n = 0;
      for (char c : t.text) {
        const int digit = c - '0';
        if (n > (INT64_MAX - digit) / 10) return Error(t, "integer literal too large");
        n = n * 10 + digit;
      }
      return Literal(t, Item::Integer(n));
    }
    std::optional<Decimal> value = Decimal::Parse(t.text);
    if (!value) return Error(t, "invalid number " + t.text);
    return Literal(t, Item::FromDecimal(*value));
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

Result<Expression> Parse(std::string_view text) {
  Result<std::vector<Token>> tokens = Tokenize(text);
  if (!tokens.ok()) return tokens.take_status();
  Parser parser(std::move(tokens.value()));
  Result<std::unique_ptr<AstNode>> root = parser.ParseAll();
  if (!root.ok()) return root.take_status();
  return Expression(std::string(text), std::move(root.value()));
}

}  // namespace lienthong::fhirpath
