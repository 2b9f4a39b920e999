// Random token soup through the parser and the evaluator: errors are fine,
// crashes and hangs are not.
#include <gtest/gtest.h>

#include <random>

#include "fhirpath/fhirpath.h"
#include "json/parser.h"

namespace lienthong::fhirpath {
namespace {

TEST(RobustnessTest, RandomExpressionsNeverCrash) {
  static const char* kTokens[] = {
      "name",       "given",      "Patient",
      ".",          "(",          ")",
      "[",          "]",          "0",
      "1",          "2.5",        "'a'",
      "@2020",      "@T10",       "+",
      "-",          "*",          "/",
      "div",        "mod",        "|",
      "=",          "!=",         "~",
      "<",          ">=",         "and",
      "or",         "implies",    "is",
      "as",         "String",     "where(",
      "select(",    "repeat(",    "exists(",
      "iif(",       "aggregate(", "descendants()",
      "children()", "first()",    "count()",
      "$this",      "$index",     "$total",
      "%resource",  ",",          "{}",
      "5 'mg'",     "3 days",     "true",
      "ofType(",    "toString()", "substring(",
      "matches(",   "'.*'",       "resolve()",
      "extension(", "combine(",   "sort(",
  };
  Result<json::Value> patient = json::Parse(R"({"resourceType": "Patient", "id": "x",
    "name": [{"given": ["A", "B"], "family": "C"}], "birthDate": "2000-01-01",
    "_birthDate": {"extension": [{"url": "u", "valueString": "v"}]},
    "contained": [{"resourceType": "Patient", "id": "y"}], "link": [{"other": {"reference": "#y"},
    "type": "seealso"}]})");
  ASSERT_TRUE(patient.ok());
  EvalContext context;
  context.max_items = 10000;
  std::mt19937 random(42);
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int length = 1 + static_cast<int>(random() % 12);
    for (int t = 0; t < length; ++t) {
      text += kTokens[random() % (sizeof(kTokens) / sizeof(kTokens[0]))];
      text += ' ';
    }
    Result<Expression> e = Parse(text);
    if (!e.ok()) continue;
    ++parsed;
    Result<Collection> r = Evaluate(*e, *patient, context);
    (void)r;
  }
  EXPECT_GT(parsed, 500);
}

}  // namespace
}  // namespace lienthong::fhirpath
