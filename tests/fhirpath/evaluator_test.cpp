// Operators and functions, table-driven: expression, input, expected JSON.
#include <gtest/gtest.h>

#include "fhirpath/fhirpath.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::fhirpath {
namespace {

constexpr const char* kPatient = R"({
  "resourceType": "Patient", "id": "p1", "active": true, "gender": "female",
  "birthDate": "1990-05-17",
  "name": [{"use": "official", "family": "Nguyễn", "given": ["Thị", "Lan"]},
           {"use": "nickname", "given": ["Lan"]}],
  "telecom": [{"system": "phone", "value": "0901234567"}],
  "multipleBirthInteger": 2
})";

std::string Eval(const std::string& expression, const char* input = kPatient,
                 const EvalContext& context = {}) {
  Result<Expression> e = Parse(expression);
  if (!e.ok()) return "syntax: " + e.status().message();
  Result<json::Value> doc = json::Parse(input);
  if (!doc.ok()) return "input: " + doc.status().message();
  Result<Collection> r = Evaluate(*e, *doc, context);
  if (!r.ok()) return "error: " + r.status().message();
  return json::Write(ToJson(*r));
}

struct Case {
  const char* expression;
  const char* expected;
};

void RunTable(const std::vector<Case>& cases, const char* input = kPatient) {
  for (const Case& c : cases) EXPECT_EQ(Eval(c.expression, input), c.expected) << c.expression;
}

TEST(EvaluatorTest, Navigation) {
  RunTable({
      {"Patient.name.given", R"(["Thị","Lan","Lan"])"},
      {"name.where(use = 'official').family", R"(["Nguyễn"])"},
      {"name.given.distinct()", R"(["Thị","Lan"])"},
      {"name[1].given", R"(["Lan"])"},
      {"name[5].given", "[]"},
      {"multipleBirth", "[2]"},
      {"multipleBirth is Integer", "[false]"},
      {"multipleBirth is integer", "[true]"},
      {"multipleBirth.ofType(integer) + 1", "[3]"},
      {"Patient.birthDate + 1 year", R"(["1991-05-17"])"},
      {"name.given.first().length()", "[3]"},
      {"name.select(given.count())", "[2,1]"},
      {"Resource.id", R"(["p1"])"},
      {"DomainResource.id", R"(["p1"])"},
      {"Observation.id", "[]"},
  });
}

TEST(EvaluatorTest, UnknownElementsAreErrorsOnTypedNodes) {
  EXPECT_NE(Eval("name.given1").find("HumanName has no element 'given1'"), std::string::npos);
  EXPECT_NE(Eval("multipleBirthInteger").find("no element"), std::string::npos);
  // Also when the input is empty but the expression states its type.
  EXPECT_NE(Eval("Encounter.name").find("Encounter has no element 'name'"), std::string::npos);
  EXPECT_EQ(Eval("Encounter.status"), "[]");
  EXPECT_NE(Eval("(name as Period).given").find("Period has no element 'given'"),
            std::string::npos);
  EvalContext lenient;
  lenient.strict = false;
  EXPECT_EQ(Eval("name.given1", kPatient, lenient), "[]");
}

TEST(EvaluatorTest, UntypedJson) {
  const char* doc = R"({"a": {"b": [1, 2.50, "x", true, null]}, "when": "2020-01-02"})";
  RunTable(
      {
          {"a.b", R"([1,2.50,"x",true])"},
          {"a.b.where($this is Integer)", "[1]"},
          {"a.b[1] * 2", "[5.00]"},
          {"when > @2019-12-31", "[true]"},
          {"a.c", "[]"},
          {"children().count()", "[2]"},
          {"descendants().count()", "[6]"},
      },
      doc);
}

TEST(EvaluatorTest, ArraysStartFromTheirElements) {
  const char* list = R"([{"resourceType": "Patient", "gender": "male"},
                         {"resourceType": "Observation", "status": "final"}, {"a": 1}])";
  EXPECT_EQ(Eval("gender | status", list), R"(["male","final"])");
  EXPECT_EQ(Eval("count()", list), "[3]");
  EXPECT_EQ(Eval("ofType(Patient).gender", list), R"(["male"])");
  EXPECT_EQ(Eval("a", list), "[1]");
}

TEST(EvaluatorTest, ThreeValuedLogic) {
  RunTable({
      {"true and {}", "[]"},
      {"false and {}", "[false]"},
      {"{} or true", "[true]"},
      {"{} implies false", "[]"},
      {"false implies {}", "[true]"},
      {"true xor false", "[true]"},
      {"(true and 'x').empty()", "[false]"},
  });
  EXPECT_NE(Eval("(1 | 2).not()").find("condition needs one item"), std::string::npos);
}

TEST(EvaluatorTest, ArithmeticAndComparison) {
  RunTable({
      {"1 + 2 * 3", "[7]"},
      {"7 div 2", "[3]"},
      {"7 mod 2", "[1]"},
      {"1 / 4", "[0.25]"},
      {"1 / 0", "[]"},
      {"0.1 + 0.2 = 0.3", "[true]"},
      {"'a' + 'b'", R"(["ab"])"},
      {"'a' & {}", R"(["a"])"},
      {"5 'mg' + 3 'mg'",
       R"([{"value":8,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}])"},
      {"@2024-01-31 + 1 month", R"(["2024-02-29"])"},
      {"@2024-03-01T10:00:00+07:00 - 90 minutes", R"(["2024-03-01T08:30:00+07:00"])"},
      {"@2012-04-15 = @2012-04-15T10:00:00", "[]"},
      {"@2012-04-15 ~ @2012-04-15T10:00:00", "[false]"},
      {"'abc' < 'abd'", "[true]"},
      {"4 'g' = 4000 'mg'", "[true]"},
      {"(1 | 2 | 3) ~ (3 | 2 | 1)", "[true]"},
      {"'Hà Nội' ~ 'hà  nội'", "[true]"},
  });
  EXPECT_NE(Eval("'a' - 1").find("cannot apply '-' to String and Integer"), std::string::npos);
  EXPECT_NE(Eval("@2024-01-01 + 1 'cm'").find("cannot add 'cm'"), std::string::npos);
  EXPECT_NE(Eval("1 < 'a'").find("cannot compare"), std::string::npos);
  EXPECT_NE(Eval("9223372036854775807 + 1").find("overflow"), std::string::npos);
}

TEST(EvaluatorTest, CollectionFunctions) {
  RunTable({
      {"(1 | 2 | 3).where($this > 1)", "[2,3]"},
      {"(1 | 2 | 3).select($this * $index)", "[0,2,6]"},
      {"(1 | 2 | 3).aggregate($total + $this, 0)", "[6]"},
      {"(3 | 1 | 2).sort()", "[1,2,3]"},
      {"('b' | 'a').sort(-$this)", R"(["b","a"])"},
      {"(1 | 2).combine(2 | 3)", "[1,2,2,3]"},
      {"(1 | 2).intersect(2 | 3)", "[2]"},
      {"(1 | 2 | 3).exclude(2)", "[1,3]"},
      {"(1 | 2 | 3).skip(1).take(1)", "[2]"},
      {"(1 | 2 | 3).tail().last()", "[3]"},
      {"(true | false).anyTrue()", "[true]"},
      {"{}.allFalse()", "[true]"},
      {"(1 | 2).subsetOf(1 | 2 | 3)", "[true]"},
      {"iif({}, 'y', 'n')", R"(["n"])"},
      {"1.repeat($this)", "[1]"},
  });
  EXPECT_NE(Eval("(1 | 2).single()").find("single() on 2 items"), std::string::npos);
  EXPECT_NE(Eval("(1 | 2).allTrue()").find("needs Booleans"), std::string::npos);
}

TEST(EvaluatorTest, StringAndConversionFunctions) {
  RunTable({
      {"'Nguyễn'.length()", "[6]"},
      {"'Nguyễn'.substring(4)", R"(["ễn"])"},
      {"'Nguyễn'.indexOf('n')", "[5]"},
      {"'a,b,,c'.split(',').count()", "[4]"},
      {"('a' | 'b').join('-')", R"(["a-b"])"},
      {"'abc123'.matches('^[a-z]+\\\\d+$')", "[true]"},
      {"'abc123'.replaceMatches('(\\\\d)', '<$1>')", R"(["abc<1><2><3>"])"},
      {"'Xin chào'.encode('base64').decode('base64')", R"(["Xin chào"])"},
      {"'<b>'.escape('html')", R"(["&lt;b&gt;"])"},
      {"' x '.trim()", R"(["x"])"},
      {"'nguyễn văn đức'.upper()", R"(["NGUYỄN VĂN ĐỨC"])"},
      {"'ĐẶNG Thị Ơn'.lower()", R"(["đặng thị ơn"])"},
      {"'Đức' ~ 'đức'", "[true]"},
      {"'12'.toInteger() + 1", "[13]"},
      {"'1.50'.toDecimal()", "[1.50]"},
      {"'2020-02'.toDate()", R"(["2020-02"])"},
      {"'5 mg'.convertsToQuantity()", "[false]"},
      {"'5 \\'mg\\''.toQuantity('g')",
       R"([{"value":0.005,"unit":"g","system":"http://unitsofmeasure.org","code":"g"}])"},
      {"1.5.toString()", R"(["1.5"])"},
      {"'yes'.toBoolean()", "[true]"},
      {"(-2.5).abs().round()", "[3]"},
      {"2.power(10)", "[1024]"},
      {"1.precision()", "[0]"},
  });
  EXPECT_NE(Eval("'(unclosed'.matches('(')").find("invalid regular expression"), std::string::npos);
  EXPECT_NE(Eval("name.startsWith('x')").find("needs a single input item"), std::string::npos);
  EXPECT_NE(Eval("telecom.startsWith('x')").find("needs a String"), std::string::npos);
}

TEST(EvaluatorTest, Variables) {
  EvalContext context;
  context.variables["limit"] = Collection{Item::Integer(2)};
  EXPECT_EQ(Eval("name.given.count() > %limit", kPatient, context), "[true]");
  EXPECT_EQ(Eval("%ucum"), R"(["http://unitsofmeasure.org"])");
  EXPECT_EQ(Eval("%`ext-patient-birthTime`"),
            R"(["http://hl7.org/fhir/StructureDefinition/patient-birthTime"])");
  EXPECT_EQ(Eval("%resource.id"), R"(["p1"])");
  EXPECT_NE(Eval("%nothing").find("unknown variable %nothing"), std::string::npos);
}

TEST(EvaluatorTest, TraceAndNow) {
  EvalContext context;
  std::string traced;
  context.trace = [&](std::string_view name, const Collection& items) {
    traced = std::string(name) + ":" + json::Write(ToJson(items));
  };
  context.now = *ParseDateTime("2025-06-01T09:00:00.000+07:00");
  EXPECT_EQ(Eval("name.given.trace('g').count()", kPatient, context), "[3]");
  EXPECT_EQ(traced, R"(g:["Thị","Lan","Lan"])");
  EXPECT_EQ(Eval("today()", kPatient, context), R"(["2025-06-01"])");
  EXPECT_EQ(Eval("birthDate + 35 years < today()", kPatient, context), "[true]");
}

TEST(EvaluatorTest, LimitsStopRunawayExpressions) {
  EXPECT_NE(Eval("'ab'.repeat($this + $this)").find("string too long"), std::string::npos);
  EXPECT_NE(Eval("'abcdefghijklmnopqrstuvwxyzabcd'.toChars().aggregate($total & $total, 'y')")
                .find("string too long"),
            std::string::npos);
  EvalContext small;
  small.max_items = 1000;
  EXPECT_NE(Eval("descendants().select(%resource.descendants().select(%resource.descendants()))",
                 kPatient, small)
                .find("too many items"),
            std::string::npos);
  EvalContext context;
  context.max_items = 1000;
  EXPECT_NE(Eval("(1).repeat($this + 1)", kPatient, context).find("too many items"),
            std::string::npos);
  EXPECT_NE(Eval("(1|2|3|4|5|6|7|8|9|10|11).aggregate($total.combine($total).combine($this), {})",
                 kPatient, context)
                .find("grew too large"),
            std::string::npos);
}

}  // namespace
}  // namespace lienthong::fhirpath
