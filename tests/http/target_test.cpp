#include "http/target.h"

#include <gtest/gtest.h>

namespace lienthong::http {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

struct TargetCase {
  std::string target;
  bool ok;
  std::string path;
  Query query;
};

TEST(TargetTest, SplitsAndDecodes) {
  const TargetCase cases[] = {
      {"/fhir/Patient", true, "/fhir/Patient", {}},
      {"/fhir/Patient?", true, "/fhir/Patient", {}},
      {"/a%20b/c+d", true, "/a b/c+d", {}},  // '+' is literal in the path
      {"/p?name=an+b&x=%C3%A1", true, "/p", {{"name", "an b"}, {"x", "\xC3\xA1"}}},
      {"/p?flag&empty=&&y=1%2B1", true, "/p", {{"flag", ""}, {"empty", ""}, {"y", "1+1"}}},
      {"/p?a=1&a=2&b=x=y", true, "/p", {{"a", "1"}, {"a", "2"}, {"b", "x=y"}}},
      {"/p?subject%3Amissing=true", true, "/p", {{"subject:missing", "true"}}},
      {"/p?a=1#frag", true, "/p", {{"a", "1"}}},
      {"/bad%2", false, "", {}},
      {"/bad%zz", false, "", {}},
      {"/p?a=%", false, "", {}},
      {"/p?a%G1=1", false, "", {}},
  };
  for (const TargetCase& c : cases) {
    std::string path;
    Query query;
    bool ok = ParseTarget(c.target, &path, &query);
    EXPECT_EQ(ok, c.ok) << c.target;
    if (!c.ok || !ok) continue;
    EXPECT_EQ(path, c.path) << c.target;
    EXPECT_EQ(query, c.query) << c.target;
  }
}

}  // namespace
}  // namespace lienthong::http
