#include "json/parser.h"

#include <gtest/gtest.h>

#include "json/writer.h"

namespace lienthong::json {
namespace {

TEST(ParserTest, RoundTripsKeepingOrderAndNumberLiterals) {
  const std::string text =
      R"({"resourceType":"Observation","valueQuantity":{"value":1.50,"unit":"mg"},"a":[1,-0.0,2e10,true,false,null],"s":"Nguy\u1ec5n \"x\"\n"})";
  Result<Value> parsed = Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(
      Write(*parsed),
      R"({"resourceType":"Observation","valueQuantity":{"value":1.50,"unit":"mg"},"a":[1,-0.0,2e10,true,false,null],"s":"Nguyễn \"x\"\n"})");
  EXPECT_EQ(parsed->members()[0].key, "resourceType");
}

struct BadCase {
  const char* name;
  const char* text;
};

class ParserRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(ParserRejects, WithInvalidStatus) {
  Result<Value> parsed = Parse(GetParam().text, ParseOptions{.max_depth = 8});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalid);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParserRejects,
    ::testing::Values(
        BadCase{"empty", ""}, BadCase{"truncated", R"({"a":1)"},
        BadCase{"trailing_comma", R"({"a":1,})"}, BadCase{"trailing_garbage", R"({"a":1} x)"},
        BadCase{"two_documents", R"({"a":1}{"b":2})"}, BadCase{"duplicate_key", R"({"a":1,"a":2})"},
        BadCase{"leading_zero", R"({"a":01})"}, BadCase{"bare_word", R"({"a":nul})"},
        BadCase{"scalar_root", R"("just a string")"}, BadCase{"bad_utf8", "{\"a\":\"\xff\xfe\"}"},
        BadCase{"too_deep", R"({"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":1}}}}}}}}})"},
        BadCase{"single_quotes", R"({'a':1})"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

TEST(ParserTest, AcceptsDepthAtTheLimit) {
  EXPECT_TRUE(Parse(R"({"a":{"b":{"c":1}}})", ParseOptions{.max_depth = 3}).ok());
  EXPECT_FALSE(Parse(R"({"a":{"b":{"c":{}}}})", ParseOptions{.max_depth = 3}).ok());
}

TEST(WriterTest, PrettyPrintsWithTwoSpaces) {
  Result<Value> parsed = Parse(R"({"a":[1,{"b":"c"}],"e":{}})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(Write(*parsed, WriteOptions{.pretty = true}),
            "{\n  \"a\": [\n    1,\n    {\n      \"b\": \"c\"\n    }\n  ],\n  \"e\": {}\n}");
}

TEST(WriterTest, EscapesControlCharacters) {
  std::string out;
  AppendQuoted(std::string_view("a\x01z", 3), out);
  EXPECT_EQ(out, "\"a\\u0001z\"");
}

#if defined(__x86_64__)
TEST(ParserTest, UsesASimdKernel) { EXPECT_NE(ParserKernel(), "fallback"); }
#endif

}  // namespace
}  // namespace lienthong::json
