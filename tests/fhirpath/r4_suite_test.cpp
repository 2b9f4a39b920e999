// The official FHIRPath test suite for FHIR R4 (tests-fhir-r4.xml), run case
// by case. Cases lienthong does not pass are listed, each with its reason, in
// known-failures.txt; the test fails when any other case fails, and also
// when a listed case passes (so the list stays honest).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "fhirpath/fhirpath.h"
#include "fhirpath/xml_reader.h"
#include "json/parser.h"
#include "json/writer.h"
#include "support/read_file.h"

namespace lienthong::fhirpath {
namespace {

namespace fs = std::filesystem;

const fs::path kSuiteDir = fs::path(LIENTHONG_TEST_DATA) / "fhirpath-r4";

struct ExpectedOutput {
  std::string type;  // "boolean", "string", ... or empty
  std::string value;
};

struct SuiteCase {
  std::string group;
  std::string name;
  std::string input_file;  // the JSON twin of the input
  std::string expression;
  bool expect_error = false;
  bool predicate = false;
  bool unordered = false;
  std::vector<ExpectedOutput> outputs;
};

std::vector<SuiteCase> LoadSuite() {
  testing::XmlElement root;
  std::string error;
  EXPECT_TRUE(testing::ParseXml(testing::ReadFile(kSuiteDir / "tests-fhir-r4.xml"), root, error))
      << error;
  std::vector<SuiteCase> cases;
  for (const testing::XmlElement& group : root.children) {
    if (group.name != "group") continue;
    for (const testing::XmlElement& test : group.children) {
      if (test.name != "test") continue;
      SuiteCase c;
      c.group = group.Attribute("name");
      c.name = test.Attribute("name");
      c.input_file = test.Attribute("inputfile");
      if (c.input_file.ends_with(".xml")) {
        c.input_file = c.input_file.substr(0, c.input_file.size() - 4) + ".json";
      }
      c.predicate = test.Attribute("predicate") == "true";
      c.unordered = test.Attribute("ordered") == "false";
      for (const testing::XmlElement& child : test.children) {
        if (child.name == "expression") {
          c.expression = child.text;
          c.expect_error = child.HasAttribute("invalid");
        } else if (child.name == "output") {
          c.outputs.push_back({child.Attribute("type"), child.text});
        }
      }
      cases.push_back(std::move(c));
    }
  }
  return cases;
}

// The item as the suite writes expected values: @-prefixed dates, quoted
// Quantity units, plain scalars.
std::string Render(const Item& item) {
  std::optional<Item> v = ToSystem(item);
  if (!v) return item.is_node() ? "<complex>" : "<?>";
  switch (v->kind()) {
    case ItemKind::kBoolean:
      return v->boolean() ? "true" : "false";
    case ItemKind::kInteger:
      return std::to_string(v->integer());
    case ItemKind::kDecimal:
      return v->decimal().ToString();
    case ItemKind::kString:
      return v->string();
    case ItemKind::kDate:
    case ItemKind::kDateTime:
      return "@" + v->temporal().ToString();
    case ItemKind::kTime:
      return "@T" + v->temporal().ToString();
    case ItemKind::kQuantity:
      return v->quantity().ToString();
    default:
      return "<?>";
  }
}

bool TypeMatches(const Item& item, const std::string& expected) {
  if (expected.empty()) return true;
  std::string actual(TypeNameOf(item));
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  if (lower(actual) == lower(expected)) return true;
  std::optional<Item> v = ToSystem(item);
  return v && lower(std::string(TypeNameOf(*v))) == lower(expected);
}

// Empty when the case passes; otherwise what went wrong.
std::string RunCase(const SuiteCase& c, std::map<std::string, json::Value>& inputs) {
  json::Value empty = json::Value::Object();
  const json::Value* input = &empty;
  if (!c.input_file.empty()) {
    auto it = inputs.find(c.input_file);
    if (it == inputs.end()) {
      Result<json::Value> parsed = json::Parse(testing::ReadFile(kSuiteDir / c.input_file));
      if (!parsed.ok()) return "input: " + parsed.status().message();
      it = inputs.emplace(c.input_file, std::move(parsed.value())).first;
    }
    input = &it->second;
  }
  Result<Expression> expression = Parse(c.expression);
  if (!expression.ok()) {
    return c.expect_error ? "" : "parse error: " + expression.status().message();
  }
  Result<Collection> result = Evaluate(*expression, *input);
  if (!result.ok()) return c.expect_error ? "" : "error: " + result.status().message();
  if (c.expect_error) return "expected an error, got " + json::Write(ToJson(*result));
  Collection items = std::move(result.value());
  if (c.predicate) {
    Result<std::optional<bool>> b = AsCondition(items);
    items = Collection{Item::Boolean(b.ok() && b->value_or(false))};
    if (b.ok() && !b->has_value()) items = Collection{Item::Boolean(false)};
  }
  std::vector<std::string> actual;
  for (const Item& i : items) actual.push_back(Render(i));
  std::vector<std::string> expected;
  for (const ExpectedOutput& o : c.outputs) expected.push_back(o.value);
  std::string mismatch;
  if (actual.size() != expected.size()) {
    mismatch = "count";
  } else if (c.unordered) {
    std::multiset<std::string> a(actual.begin(), actual.end());
    std::multiset<std::string> e(expected.begin(), expected.end());
    if (a != e) mismatch = "values";
  } else {
    for (size_t i = 0; i < actual.size(); ++i) {
      if (actual[i] != expected[i]) {
        mismatch = "value " + std::to_string(i);
      } else if (!TypeMatches(items[i], c.outputs[i].type)) {
        mismatch = fmt::format("type {} (expected {})", TypeNameOf(items[i]), c.outputs[i].type);
      }
      if (!mismatch.empty()) break;
    }
  }
  if (mismatch.empty()) return "";
  return fmt::format("{}: got [{}], expected [{}]", mismatch, fmt::join(actual, ", "),
                     fmt::join(expected, ", "));
}

std::map<std::string, std::string> KnownFailures() {
  std::map<std::string, std::string> known;
  std::istringstream in(testing::ReadFile(kSuiteDir / "known-failures.txt"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.find_first_of(" \t");
    known[line.substr(0, space)] = space == std::string::npos ? "" : line.substr(space + 1);
  }
  return known;
}

TEST(FhirPathR4Suite, PassesEveryCaseNotListedAsKnownFailure) {
  const std::vector<SuiteCase> cases = LoadSuite();
  ASSERT_GT(cases.size(), 900u);
  const std::map<std::string, std::string> known = KnownFailures();
  std::map<std::string, json::Value> inputs;
  std::set<std::string> failed;
  size_t passed = 0;
  for (const SuiteCase& c : cases) {
    const std::string problem = RunCase(c, inputs);
    if (problem.empty()) {
      ++passed;
      continue;
    }
    failed.insert(c.name);
    if (!known.contains(c.name)) {
      ADD_FAILURE() << c.group << "/" << c.name << ": " << c.expression << "\n  " << problem;
    }
  }
  for (const auto& [name, reason] : known) {
    if (!failed.contains(name)) {
      ADD_FAILURE() << name << " is listed in known-failures.txt but passes; remove it";
    }
  }
  fmt::print("FHIRPath R4 suite: {}/{} passed\n", passed, cases.size());
  EXPECT_GE(passed * 100, cases.size() * 95);
}

}  // namespace
}  // namespace lienthong::fhirpath
