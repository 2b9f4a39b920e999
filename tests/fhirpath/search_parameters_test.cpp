// Every expression of the R4 SearchParameters parses, and evaluates without
// error on every official R4 example: what search indexing will do on each
// write.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "fhirpath/fhirpath.h"
#include "json/parser.h"
#include "support/read_file.h"

namespace lienthong::fhirpath {
namespace {

namespace fs = std::filesystem;

struct Parameter {
  std::string id;
  Expression expression;
};

TEST(SearchParameterExpressions, ParseAndEvaluateOnTheR4Examples) {
  const fs::path data(LIENTHONG_TEST_DATA);
  std::istringstream lines(
      testing::ReadFile(data / "fhirpath-r4" / "search-parameter-expressions.tsv"));
  std::vector<Parameter> parameters;
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    Result<Expression> e = Parse(line.substr(tab + 1));
    if (!e.ok()) {
      ADD_FAILURE() << line.substr(0, tab) << ": " << e.status().message();
      continue;
    }
    parameters.push_back({line.substr(0, tab), std::move(e.value())});
  }
  EXPECT_GT(parameters.size(), 1300u);

  const fhir::TypeRegistry& registry = fhir::TypeRegistry::R4();
  size_t evaluations = 0;
  size_t results = 0;
  for (const auto& entry : fs::directory_iterator(data / "r4-examples")) {
    if (entry.path().extension() != ".json") continue;
    Result<json::Value> resource = json::Parse(testing::ReadFile(entry.path()));
    ASSERT_TRUE(resource.ok()) << entry.path();
    const std::string type(resource->get_string("resourceType"));
    for (const Parameter& p : parameters) {
      // A parameter of another single base is never evaluated on this type
      // (InsurancePlan-name is "name | alias", valid on InsurancePlan only).
      const std::string base = p.id.substr(0, p.id.find('-'));
      if (base != type && registry.IsResourceType(base)) continue;
      Result<Collection> r = Evaluate(p.expression, *resource);
      ++evaluations;
      if (!r.ok()) {
        ADD_FAILURE() << p.id << " on " << entry.path().filename() << ": " << r.status().message();
        continue;
      }
      results += r->size();
    }
  }
  fmt::print("{} search parameters, {} evaluations, {} values\n", parameters.size(), evaluations,
             results);
  EXPECT_GT(results, 300u);
}

}  // namespace
}  // namespace lienthong::fhirpath
