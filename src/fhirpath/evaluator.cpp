#include "fhirpath/evaluator.h"

#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "fhirpath/compare.h"
#include "fhirpath/navigation.h"

namespace lienthong::fhirpath {
namespace {

// Whether `name` is the type (or a base type) of the item, so that a path may
// start with it ("Patient.name"). Only capitalised names: `code` is an
// element before it is a type.
bool ItemHasTypeNamed(const Item& item, std::string_view name) {
  if (!item.is_node() || name.empty() || name[0] < 'A' || name[0] > 'Z') return false;
  const Node& n = item.node();
  if (n.type == nullptr) {
    return n.value != nullptr && n.value->is_object() &&
           n.value->get_string("resourceType") == name;
  }
  for (const fhir::TypeDefinition* t = n.type; t != nullptr; t = t->base) {
    if (t->name == name) return true;
  }
  return false;
}

Temporal ClockNow() {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm local{};
  localtime_r(&secs, &local);
  Temporal t;
  t.kind = TemporalKind::kDateTime;
  t.precision = TemporalPrecision::kMillisecond;
  t.year = local.tm_year + 1900;
  t.month = static_cast<uint8_t>(local.tm_mon + 1);
  t.day = static_cast<uint8_t>(local.tm_mday);
  t.hour = static_cast<uint8_t>(local.tm_hour);
  t.minute = static_cast<uint8_t>(local.tm_min);
  t.second = static_cast<uint8_t>(local.tm_sec > 59 ? 59 : local.tm_sec);
  t.millisecond = static_cast<uint16_t>(ms % 1000);
  t.has_offset = true;
  t.offset_minutes = static_cast<int16_t>(local.tm_gmtoff / 60);
  return t;
}

}  // namespace

Evaluator::Evaluator(const EvalContext& context, const Item& resource, const Item& root)
    : context_(context), resource_(resource), root_(root) {}

const Temporal& Evaluator::Now() {
  if (!now_) now_ = context_.now ? *context_.now : ClockNow();
  return *now_;
}

bool Evaluator::Charge(size_t items) {
  charged_ += items;
  return charged_ <= context_.max_items;
}

Status Evaluator::ErrorAt(const AstNode& node, std::string_view message) const {
  return Status::Invalid(
      fmt::format("FHIRPath evaluation error at {}: {}", node.position, message));
}

Result<Collection> Evaluator::Eval(const AstNode& node, const Scope& scope) {
  switch (node.kind) {
    case AstKind::kLiteral:
      return node.literal;
    case AstKind::kEmpty:
      return Collection();
    case AstKind::kIdentifier:
      return EvalMember(node, *scope.focus);
    case AstKind::kMember: {
      Result<Collection> input = Eval(*node.target, scope);
      if (!input.ok()) return input;
      if (input->empty() && context_.strict) LT_RETURN_IF_ERROR(CheckMemberOfEmpty(node));
      return EvalMember(node, *input);
    }
    case AstKind::kFunction:
      return EvalFunction(node, scope);
    case AstKind::kIndexer: {
      Result<Collection> input = Eval(*node.target, scope);
      if (!input.ok()) return input;
      Result<Collection> index = Eval(*node.args[0], scope);
      if (!index.ok()) return index;
      if (index->empty()) return Collection();
      std::optional<Item> i = index->size() == 1 ? ToSystem((*index)[0]) : std::nullopt;
      if (!i || i->kind() != ItemKind::kInteger) return ErrorAt(node, "index must be an Integer");
      if (i->integer() < 0 || static_cast<size_t>(i->integer()) >= input->size()) {
        return Collection();
      }
      return Collection{(*input)[static_cast<size_t>(i->integer())]};
    }
    case AstKind::kUnary: {
      Result<Collection> operand = Eval(*node.args[0], scope);
      if (!operand.ok()) return operand;
      Result<Collection> out =
          node.op == Operator::kSubtract ? EvalUnaryMinus(*operand) : std::move(operand);
      if (!out.ok()) return ErrorAt(node, out.status().message());
      return out;
    }
    case AstKind::kBinary:
      return EvalBinary(node, scope);
    case AstKind::kThis:
      if (scope.this_item != nullptr) return Collection{*scope.this_item};
      return *scope.focus;
    case AstKind::kIndex:
      if (scope.index < 0) return Collection();
      return Collection{Item::Integer(scope.index)};
    case AstKind::kTotal:
      if (scope.total == nullptr) return Collection();
      return *scope.total;
    case AstKind::kVariable:
      return EvalVariable(node);
    case AstKind::kIs:
    case AstKind::kAs: {
      Result<Collection> operand = Eval(*node.args[0], scope);
      if (!operand.ok()) return operand;
      if (operand->empty()) return Collection();
      if (node.kind == AstKind::kAs && operand->size() > 1) {
        // R4's own search parameters apply 'as' to collections
        // ("Observation.component.value as Quantity"), so the operator
        // filters each item; the as() function keeps the singleton rule.
        Collection out;
        for (const Item& item : *operand) {
          Result<bool> is = IsOfType(registry(), item, node.type);
          if (!is.ok()) return ErrorAt(node, is.status().message());
          if (*is) out.push_back(item);
        }
        return out;
      }
      if (operand->size() > 1) {
        return ErrorAt(node, fmt::format("'{}' needs one item, not {}",
                                         node.kind == AstKind::kIs ? "is" : "as", operand->size()));
      }
      Result<bool> is = IsOfType(registry(), (*operand)[0], node.type);
      if (!is.ok()) return ErrorAt(node, is.status().message());
      if (node.kind == AstKind::kIs) return Collection{Item::Boolean(*is)};
      if (*is) return operand;
      return Collection();
    }
  }
  return ErrorAt(node, "unsupported expression");
}

Result<Collection> Evaluator::EvalMember(const AstNode& node, const Collection& input) {
  Collection out;
  bool any_known = input.empty();
  for (const Item& item : input) {
    if (AppendChildren(registry(), item, node.name, node.underscore_name, out)) {
      any_known = true;
      continue;
    }
    const bool is_type = ItemHasTypeNamed(item, node.name);
    if (is_type) out.push_back(item);
    if (MayHaveElement(item, node.name)) any_known = true;
    // A type name used as a filter that does not match is not an error.
    if (is_type || IsKnownType(registry(), TypeSpecifier{"", node.name})) any_known = true;
  }
  // An untyped object may still name its own resourceType.
  if (out.empty()) {
    for (const Item& item : input) {
      if (item.is_node() && item.node().type == nullptr && ItemHasTypeNamed(item, node.name)) {
        out.push_back(item);
      }
    }
  }
  if (!any_known && context_.strict && out.empty()) {
    return ErrorAt(node, fmt::format("{} has no element '{}'", TypeNameOf(input[0]), node.name));
  }
  return out;
}

// The type an expression's items must have whatever the data, when the
// expression says so: "Encounter", "x as Period", "x.ofType(Period)".
const fhir::TypeDefinition* Evaluator::DeclaredType(const AstNode& node) const {
  if (registry() == nullptr) return nullptr;
  std::string_view name;
  if (node.kind == AstKind::kAs ||
      (node.kind == AstKind::kFunction && (node.name == "as" || node.name == "ofType"))) {
    if (node.type.ns == "System") return nullptr;
    name = node.type.name;
  } else if (node.kind == AstKind::kIdentifier && !node.name.empty() && node.name[0] >= 'A' &&
             node.name[0] <= 'Z') {
    name = node.name;
  } else {
    return nullptr;
  }
  const fhir::TypeDefinition* type = registry()->FindType(name);
  if (type == nullptr || type->kind == fhir::TypeKind::kPrimitive) return nullptr;
  return type;
}

Status Evaluator::CheckMemberOfEmpty(const AstNode& node) const {
  const fhir::TypeDefinition* type = DeclaredType(*node.target);
  if (type == nullptr || (node.name[0] >= 'A' && node.name[0] <= 'Z')) return Status::Ok();
  for (const fhir::ElementDefinition* e : type->elements.elements()) {
    if (e->name == node.name) return Status::Ok();
  }
  return ErrorAt(node, fmt::format("{} has no element '{}'", type->name, node.name));
}

Result<Collection> Evaluator::EvalFunction(const AstNode& node, const Scope& scope) {
  Collection target;
  const Collection* input = scope.focus;
  if (node.target != nullptr) {
    Result<Collection> evaluated = Eval(*node.target, scope);
    if (!evaluated.ok()) return evaluated;
    target = std::move(evaluated.value());
    input = &target;
  }
  Invocation call{*this, node, *input, scope};
  return node.function->impl(call);
}

Result<Collection> Evaluator::EvalVariable(const AstNode& node) {
  const std::string& name = node.name;
  if (name == "context" || name == "resource") return Collection{resource_};
  if (name == "rootResource") return Collection{root_};
  if (name == "ucum") return Collection{Item::String("http://unitsofmeasure.org")};
  if (name == "sct") return Collection{Item::String("http://snomed.info/sct")};
  if (name == "loinc") return Collection{Item::String("http://loinc.org")};
  auto it = context_.variables.find(name);
  if (it != context_.variables.end()) return it->second;
  if (name.starts_with("vs-")) {
    return Collection{Item::String("http://hl7.org/fhir/ValueSet/" + name.substr(3))};
  }
  if (name.starts_with("ext-")) {
    return Collection{Item::String("http://hl7.org/fhir/StructureDefinition/" + name.substr(4))};
  }
  return ErrorAt(node, "unknown variable %" + name);
}

Result<std::optional<bool>> ToCondition(const Collection& items) {
  if (items.empty()) return std::optional<bool>();
  if (items.size() > 1) {
    return Status::Invalid(fmt::format("a condition needs one item, not {}", items.size()));
  }
  std::optional<Item> v = ToSystem(items[0]);
  if (v && v->kind() == ItemKind::kBoolean) return std::optional<bool>(v->boolean());
  return std::optional<bool>(true);
}

Result<Collection> Evaluator::EvalBinary(const AstNode& node, const Scope& scope) {
  const Operator op = node.op;
  auto condition = [&](const AstNode& arg) -> Result<std::optional<bool>> {
    Result<Collection> c = Eval(arg, scope);
    if (!c.ok()) return c.take_status();
    Result<std::optional<bool>> b = ToCondition(*c);
    if (!b.ok()) return ErrorAt(arg, b.status().message());
    return b;
  };
  auto boolean = [](std::optional<bool> b) {
    return b ? Collection{Item::Boolean(*b)} : Collection();
  };
  if (op == Operator::kAnd || op == Operator::kOr || op == Operator::kImplies ||
      op == Operator::kXor) {
    Result<std::optional<bool>> l = condition(*node.args[0]);
    if (!l.ok()) return l.take_status();
    const std::optional<bool> a = *l;
    if (op == Operator::kAnd && a == false) return boolean(false);
    if (op == Operator::kOr && a == true) return boolean(true);
    if (op == Operator::kImplies && a == false) return boolean(true);
    Result<std::optional<bool>> r = condition(*node.args[1]);
    if (!r.ok()) return r.take_status();
    const std::optional<bool> b = *r;
    switch (op) {
      case Operator::kAnd:
        if (b == false) return boolean(false);
        if (a && b) return boolean(true);
        return Collection();
      case Operator::kOr:
        if (b == true) return boolean(true);
        if (a && b) return boolean(false);
        return Collection();
      case Operator::kXor:
        if (a && b) return boolean(*a != *b);
        return Collection();
      default:  // implies; a is true or empty
        if (b == true) return boolean(true);
        if (a && b) return boolean(false);
        return Collection();
    }
  }
  Result<Collection> left = Eval(*node.args[0], scope);
  if (!left.ok()) return left;
  Result<Collection> right = Eval(*node.args[1], scope);
  if (!right.ok()) return right;
  const Collection& l = *left;
  const Collection& r = *right;
  switch (op) {
    case Operator::kUnion: {
      Collection out;
      for (const Collection* side : {&l, &r}) {
        for (const Item& i : *side) {
          if (!ContainsEqual(out, i)) out.push_back(i);
        }
      }
      return out;
    }
    case Operator::kEqual:
      return boolean(CollectionsEqual(l, r));
    case Operator::kNotEqual: {
      std::optional<bool> e = CollectionsEqual(l, r);
      return boolean(e ? std::optional<bool>(!*e) : std::nullopt);
    }
    case Operator::kEquivalent:
      return boolean(CollectionsEquivalent(l, r));
    case Operator::kNotEquivalent:
      return boolean(!CollectionsEquivalent(l, r));
    case Operator::kLess:
    case Operator::kGreater:
    case Operator::kLessOrEqual:
    case Operator::kGreaterOrEqual: {
      if (l.empty() || r.empty()) return Collection();
      if (l.size() > 1 || r.size() > 1) return ErrorAt(node, "comparison needs single items");
      Result<std::optional<int>> c = CompareItems(l[0], r[0]);
      if (!c.ok()) return ErrorAt(node, c.status().message());
      if (!*c) return Collection();
      const int v = **c;
      const bool result = op == Operator::kLess          ? v < 0
                          : op == Operator::kGreater     ? v > 0
                          : op == Operator::kLessOrEqual ? v <= 0
                                                         : v >= 0;
      return boolean(result);
    }
    case Operator::kIn:
    case Operator::kContains: {
      const Collection& element = op == Operator::kIn ? l : r;
      const Collection& container = op == Operator::kIn ? r : l;
      if (element.empty()) return Collection();
      if (element.size() > 1) return ErrorAt(node, "membership needs a single item");
      return boolean(ContainsEqual(container, element[0]));
    }
    case Operator::kConcatenate: {
      if (l.size() > 1 || r.size() > 1) return ErrorAt(node, "'&' needs single items");
      std::string out;
      for (const Collection* side : {&l, &r}) {
        if (side->empty()) continue;
        std::optional<Item> s = ToSystem((*side)[0]);
        if (!s) continue;
        if (s->kind() != ItemKind::kString) return ErrorAt(node, "'&' needs Strings");
        out += s->string();
      }
      if (out.size() > kMaxStringBytes) return ErrorAt(node, "string too long");
      return Collection{Item::String(std::move(out))};
    }
    default: {
      Result<Collection> out = EvalArithmetic(op, l, r);
      if (!out.ok()) return ErrorAt(node, out.status().message());
      return out;
    }
  }
}

Result<Collection> Invocation::Arg(size_t i) const { return evaluator.Eval(*node.args[i], scope); }

Result<Collection> Invocation::ArgFor(size_t i, const Item& item, int64_t index,
                                      const Collection* total) const {
  const Collection focus{item};
  const Scope inner{&focus, &focus[0], index, total};
  return evaluator.Eval(*node.args[i], inner);
}

Result<std::optional<std::string>> Invocation::StringArg(size_t i) const {
  Result<Collection> c = Arg(i);
  if (!c.ok()) return c.take_status();
  if (c->empty()) return std::optional<std::string>();
  std::optional<Item> v = c->size() == 1 ? ToSystem((*c)[0]) : std::nullopt;
  if (!v || v->kind() != ItemKind::kString) {
    return Error(fmt::format("argument {} of {}() must be a String", i + 1, node.name));
  }
  return std::optional<std::string>(v->string());
}

Result<std::optional<int64_t>> Invocation::IntegerArg(size_t i) const {
  Result<Collection> c = Arg(i);
  if (!c.ok()) return c.take_status();
  if (c->empty()) return std::optional<int64_t>();
  std::optional<Item> v = c->size() == 1 ? ToSystem((*c)[0]) : std::nullopt;
  if (!v || v->kind() != ItemKind::kInteger) {
    return Error(fmt::format("argument {} of {}() must be an Integer", i + 1, node.name));
  }
  return std::optional<int64_t>(v->integer());
}

Status Invocation::Error(std::string_view message) const {
  return evaluator.ErrorAt(node, message);
}

namespace {

Result<Collection> EvaluateWith(const Expression& expression, const Collection& focus,
                                const Item& resource, const EvalContext& context) {
  const Item root = context.root_resource != nullptr
                        ? Item::FromNode(RootNode(context.registry, *context.root_resource))
                        : resource;
  Evaluator evaluator(context, resource, root);
  const Scope scope{&focus, focus.size() == 1 ? &focus[0] : nullptr, -1, nullptr};
  return evaluator.Eval(expression.root(), scope);
}

}  // namespace

Result<Collection> Evaluate(const Expression& expression, const json::Value& resource,
                            const EvalContext& context) {
  const Item resource_item = Item::FromNode(RootNode(context.registry, resource));
  if (resource.is_array()) {
    // A JSON array (an NDJSON batch read as one document, a search result
    // list): the expression starts from its elements.
    Collection focus;
    for (const auto& m : resource.members()) {
      if (!m.value.is_null()) focus.push_back(Item::FromNode(RootNode(context.registry, m.value)));
    }
    return EvaluateWith(expression, focus, resource_item, context);
  }
  return EvaluateWith(expression, Collection{resource_item}, resource_item, context);
}

Result<Collection> EvaluateOn(const Expression& expression, const Item& focus,
                              const json::Value& resource, const EvalContext& context) {
  return EvaluateWith(expression, Collection{focus},
                      Item::FromNode(RootNode(context.registry, resource)), context);
}

Result<std::optional<bool>> AsCondition(const Collection& items) { return ToCondition(items); }

json::Value ToJson(const Collection& items) {
  json::Value out = json::Value::Array();
  for (const Item& item : items) out.push_back(ItemToJson(item));
  return out;
}

}  // namespace lienthong::fhirpath
