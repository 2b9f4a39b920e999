#include <gtest/gtest.h>

#include "fhirpath/fhirpath.h"

namespace lienthong::fhirpath {
namespace {

// A compact rendering of the tree, to check precedence.
std::string Shape(const AstNode& n) {
  switch (n.kind) {
    case AstKind::kLiteral:
      return "lit";
    case AstKind::kEmpty:
      return "{}";
    case AstKind::kIdentifier:
      return n.name;
    case AstKind::kMember:
      return Shape(*n.target) + "." + n.name;
    case AstKind::kFunction: {
      std::string s = (n.target ? Shape(*n.target) + "." : "") + n.name + "(";
      for (size_t i = 0; i < n.args.size(); ++i) s += (i ? "," : "") + Shape(*n.args[i]);
      return s + ")";
    }
    case AstKind::kIndexer:
      return Shape(*n.target) + "[" + Shape(*n.args[0]) + "]";
    case AstKind::kUnary:
      return "(neg " + Shape(*n.args[0]) + ")";
    case AstKind::kBinary:
      return "(" + Shape(*n.args[0]) + " " + std::to_string(static_cast<int>(n.op)) + " " +
             Shape(*n.args[1]) + ")";
    case AstKind::kIs:
      return "(" + Shape(*n.args[0]) + " is " + n.type.name + ")";
    case AstKind::kAs:
      return "(" + Shape(*n.args[0]) + " as " + n.type.name + ")";
    default:
      return "$";
  }
}

std::string ShapeOf(const char* text) {
  Result<Expression> e = Parse(text);
  if (!e.ok()) return "error: " + e.status().message();
  return Shape(e->root());
}

TEST(ParserTest, Precedence) {
  const auto mul = std::to_string(static_cast<int>(Operator::kMultiply));
  const auto add = std::to_string(static_cast<int>(Operator::kAdd));
  const auto gt = std::to_string(static_cast<int>(Operator::kGreater));
  const auto uni = std::to_string(static_cast<int>(Operator::kUnion));
  const auto and_ = std::to_string(static_cast<int>(Operator::kAnd));
  const auto in = std::to_string(static_cast<int>(Operator::kIn));
  EXPECT_EQ(ShapeOf("1+2*3"), "(lit " + add + " (lit " + mul + " lit))");
  EXPECT_EQ(ShapeOf("1 > 2 is Boolean"), "(lit " + gt + " (lit is Boolean))");
  EXPECT_EQ(ShapeOf("1 | 1 is Integer"), "(lit " + uni + " (lit is Integer))");
  EXPECT_EQ(ShapeOf("true and '0215' in ('0215' | '0216')"),
            "(lit " + and_ + " (lit " + in + " (lit " + uni + " lit)))");
  EXPECT_EQ(ShapeOf("-1.convertsToInteger()"), "(neg lit.convertsToInteger())");
  EXPECT_EQ(ShapeOf("Patient.name[0].given"), "Patient.name[lit].given");
  EXPECT_EQ(ShapeOf("ValueSet.expansion.repeat(contains)"), "ValueSet.expansion.repeat(contains)");
  EXPECT_EQ(ShapeOf("value.ofType(FHIR.Quantity)"), "value.ofType({})");
}

TEST(ParserTest, Literals) {
  for (const char* ok : {"'P\\u0065ter'", "@2015-02-04T14:34:28.123", "@2015T", "@T14:34", "4 days",
                         "10 'mg'", "1.0", "{}", "%`vs-administrative-gender`", "`given`", "$this",
                         "$index", "$total", "2 // comment", "/* a */ 2"}) {
    EXPECT_TRUE(Parse(ok).ok()) << ok << ": " << Parse(ok).status().message();
  }
}

TEST(ParserTest, SyntaxErrorsGivePositions) {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"2 + 2 /", "at 7"},
      {"2 + 2 /* not finished", "unterminated comment"},
      {"name.foo(", "unknown function 'foo'"},
      {"name.where()", "where() takes 1 to 1 arguments"},
      {"'abc", "unterminated"},
      {"1 +* 2", "at 3"},
      {"@T14:34:28Z", "invalid time literal"},
      {"name..given", "expected a name"},
      {"'\\q'", "unknown escape"},
      {"(1", "unexpected end"},
  };
  for (const Case& c : cases) {
    Result<Expression> e = Parse(c.text);
    ASSERT_FALSE(e.ok()) << c.text;
    EXPECT_NE(e.status().message().find(c.message), std::string::npos)
        << c.text << ": " << e.status().message();
  }
}

TEST(ParserTest, DeepNestingIsRejectedNotRecursedInto) {
  EXPECT_FALSE(Parse(std::string(100000, '(') + "1" + std::string(100000, ')')).ok());
  std::string chain = "1";
  for (int i = 0; i < 100000; ++i) chain += "+1";
  EXPECT_FALSE(Parse(chain).ok());
  std::string path = "a";
  for (int i = 0; i < 100000; ++i) path += ".a";
  EXPECT_FALSE(Parse(path).ok());
  std::string minus(100000, '-');
  EXPECT_FALSE(Parse(minus + "1").ok());
  EXPECT_TRUE(Parse("a.b.c.d.e.f.g.h.where(x = 1 + 2 + 3 + 4).select(y)").ok());
}

}  // namespace
}  // namespace lienthong::fhirpath
