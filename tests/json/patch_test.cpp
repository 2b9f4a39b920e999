#include "json/patch.h"

#include <gtest/gtest.h>

#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::json {
namespace {

Value ParseOrDie(std::string_view text) {
  Result<Value> parsed = Parse(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
  return parsed.ok() ? std::move(parsed).value() : Value();
}

struct PatchCase {
  std::string name;
  std::string document;
  std::string patch;
  // On success the expected document; on failure empty.
  std::string expected;
  ErrorCode error = ErrorCode::kOk;
  std::string expression;  // of the failure's issue
};

// RFC 6902 Appendix A, then further cases for each operation and for the
// malformed-patch checks.
const PatchCase kCases[] = {
    {"A.1 adding an object member", R"({"foo":"bar"})",
     R"([{"op":"add","path":"/baz","value":"qux"}])", R"({"baz":"qux","foo":"bar"})"},
    {"A.2 adding an array element", R"({"foo":["bar","baz"]})",
     R"([{"op":"add","path":"/foo/1","value":"qux"}])", R"({"foo":["bar","qux","baz"]})"},
    {"A.3 removing an object member", R"({"baz":"qux","foo":"bar"})",
     R"([{"op":"remove","path":"/baz"}])", R"({"foo":"bar"})"},
    {"A.4 removing an array element", R"({"foo":["bar","qux","baz"]})",
     R"([{"op":"remove","path":"/foo/1"}])", R"({"foo":["bar","baz"]})"},
    {"A.5 replacing a value", R"({"baz":"qux","foo":"bar"})",
     R"([{"op":"replace","path":"/baz","value":"boo"}])", R"({"baz":"boo","foo":"bar"})"},
    {"A.6 moving a value", R"({"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}})",
     R"([{"op":"move","from":"/foo/waldo","path":"/qux/thud"}])",
     R"({"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}})"},
    {"A.7 moving an array element", R"({"foo":["all","grass","cows","eat"]})",
     R"([{"op":"move","from":"/foo/1","path":"/foo/3"}])",
     R"({"foo":["all","cows","eat","grass"]})"},
    {"A.8 testing a value: success", R"({"baz":"qux","foo":["a",2,"c"]})",
     R"([{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}])",
     R"({"baz":"qux","foo":["a",2,"c"]})"},
    {"A.9 testing a value: error", R"({"baz":"qux"})",
     R"([{"op":"test","path":"/baz","value":"bar"}])", "", ErrorCode::kUnprocessable,
     "patch[0].path"},
    {"A.10 adding a nested member object", R"({"foo":"bar"})",
     R"([{"op":"add","path":"/child","value":{"grandchild":{}}}])",
     R"({"foo":"bar","child":{"grandchild":{}}})"},
    {"A.11 ignoring unrecognized elements", R"({"foo":"bar"})",
     R"([{"op":"add","path":"/baz","value":"qux","xyz":123}])", R"({"foo":"bar","baz":"qux"})"},
    {"A.12 adding to a nonexistent target", R"({"foo":"bar"})",
     R"([{"op":"add","path":"/baz/bat","value":"qux"}])", "", ErrorCode::kUnprocessable,
     "patch[0].path"},
    {"A.14 ~ escape ordering", R"({"/":9,"~1":10})", R"([{"op":"test","path":"/~01","value":10}])",
     R"({"/":9,"~1":10})"},
    {"A.15 comparing strings and numbers", R"({"/":9,"~1":10})",
     R"([{"op":"test","path":"/~01","value":"10"}])", "", ErrorCode::kUnprocessable,
     "patch[0].path"},
    {"A.16 adding an array value", R"({"foo":["bar"]})",
     R"([{"op":"add","path":"/foo/-","value":["abc","def"]}])", R"({"foo":["bar",["abc","def"]]})"},

    // add
    {"add replaces an existing member", R"({"a":1})", R"([{"op":"add","path":"/a","value":2}])",
     R"({"a":2})"},
    {"add at the end index appends", R"({"a":[1]})", R"([{"op":"add","path":"/a/1","value":2}])",
     R"({"a":[1,2]})"},
    {"add past the end fails", R"({"a":[1]})", R"([{"op":"add","path":"/a/2","value":2}])", "",
     ErrorCode::kUnprocessable, "patch[0].path"},
    {"add with a leading-zero index fails", R"({"a":[1,2]})",
     R"([{"op":"add","path":"/a/01","value":2}])", "", ErrorCode::kUnprocessable, "patch[0].path"},
    {"add to the root replaces the document", R"({"a":1})",
     R"([{"op":"add","path":"","value":[1]}])", R"([1])"},
    {"add an empty key", R"({})", R"([{"op":"add","path":"/","value":1}])", R"({"":1})"},
    {"add under a scalar fails", R"({"a":1})", R"([{"op":"add","path":"/a/b","value":1}])", "",
     ErrorCode::kUnprocessable, "patch[0].path"},
    // remove
    {"remove a missing member fails", R"({"a":1})", R"([{"op":"remove","path":"/b"}])", "",
     ErrorCode::kUnprocessable, "patch[0].path"},
    {"remove with - fails", R"({"a":[1]})", R"([{"op":"remove","path":"/a/-"}])", "",
     ErrorCode::kUnprocessable, "patch[0].path"},
    {"remove the root fails", R"({"a":1})", R"([{"op":"remove","path":""}])", "",
     ErrorCode::kUnprocessable, "patch[0].path"},
    // replace
    {"replace a missing member fails", R"({"a":1})", R"([{"op":"replace","path":"/b","value":1}])",
     "", ErrorCode::kUnprocessable, "patch[0].path"},
    {"replace an array element", R"({"a":[1,2]})", R"([{"op":"replace","path":"/a/0","value":9}])",
     R"({"a":[9,2]})"},
    {"replace the root", R"({"a":1})", R"([{"op":"replace","path":"","value":{"b":2}}])",
     R"({"b":2})"},
    // move and copy
    {"move into its own child fails", R"({"a":{"b":1}})",
     R"([{"op":"move","from":"/a","path":"/a/b/c"}])", "", ErrorCode::kUnprocessable,
     "patch[0].path"},
    {"move to itself is a no-op", R"({"a":{"b":1}})", R"([{"op":"move","from":"/a","path":"/a"}])",
     R"({"a":{"b":1}})"},
    {"move from a missing source fails", R"({"a":1})", R"([{"op":"move","from":"/x","path":"/y"}])",
     "", ErrorCode::kUnprocessable, "patch[0].from"},
    {"move to a sibling with a shared prefix", R"({"a":1,"ab":2})",
     R"([{"op":"move","from":"/a","path":"/abc"}])", R"({"ab":2,"abc":1})"},
    {"copy duplicates a subtree", R"({"a":{"b":[1]}})",
     R"([{"op":"copy","from":"/a","path":"/c"},{"op":"add","path":"/c/b/-","value":2}])",
     R"({"a":{"b":[1]},"c":{"b":[1,2]}})"},
    {"copy from a missing source fails", R"({"a":1})", R"([{"op":"copy","from":"/b","path":"/c"}])",
     "", ErrorCode::kUnprocessable, "patch[0].from"},
    // test
    {"test compares numbers by value", R"({"a":1.0})", R"([{"op":"test","path":"/a","value":1}])",
     R"({"a":1.0})"},
    {"test compares objects regardless of order", R"({"a":{"x":1,"y":[true,null]}})",
     R"([{"op":"test","path":"/a","value":{"y":[true,null],"x":1}}])",
     R"({"a":{"x":1,"y":[true,null]}})"},
    {"test of a missing path fails", R"({})", R"([{"op":"test","path":"/a","value":null}])", "",
     ErrorCode::kUnprocessable, "patch[0].path"},
    // the failing operation is named, and earlier ones are rolled back
    {"third operation fails", R"({"a":1})",
     R"([{"op":"add","path":"/b","value":2},{"op":"remove","path":"/a"},)"
     R"({"op":"replace","path":"/zz","value":3}])",
     "", ErrorCode::kUnprocessable, "patch[2].path"},
    // malformed patches
    {"patch must be an array", R"({})", R"({"op":"add"})", "", ErrorCode::kInvalid, "patch"},
    {"operation must be an object", R"({})", R"([1])", "", ErrorCode::kInvalid, "patch[0]"},
    {"missing op", R"({})", R"([{"path":"/a"}])", "", ErrorCode::kInvalid, "patch[0].op"},
    {"unknown op", R"({})", R"([{"op":"merge","path":"/a"}])", "", ErrorCode::kInvalid,
     "patch[0].op"},
    {"missing path", R"({})", R"([{"op":"remove"}])", "", ErrorCode::kInvalid, "patch[0].path"},
    {"path not a pointer", R"({"a":1})", R"([{"op":"remove","path":"a"}])", "", ErrorCode::kInvalid,
     "patch[0].path"},
    {"bad ~ escape", R"({"a":1})", R"([{"op":"remove","path":"/a~2"}])", "", ErrorCode::kInvalid,
     "patch[0].path"},
    {"add without value", R"({})", R"([{"op":"add","path":"/a"}])", "", ErrorCode::kInvalid,
     "patch[0].value"},
    {"move without from", R"({})", R"([{"op":"move","path":"/a"}])", "", ErrorCode::kInvalid,
     "patch[0].from"},
    {"malformed operation after a failing one is still malformed", R"({})",
     R"([{"op":"remove","path":"/nope"},{"op":"bogus","path":"/a"}])", "", ErrorCode::kInvalid,
     "patch[1].op"},
    {"empty patch", R"({"a":1})", R"([])", R"({"a":1})"},
};

TEST(JsonPatchTest, Table) {
  for (const PatchCase& c : kCases) {
    SCOPED_TRACE(c.name);
    Value document = ParseOrDie(c.document);
    const Value original = document;
    Status status = ApplyJsonPatch(document, ParseOrDie(c.patch));
    if (c.error == ErrorCode::kOk) {
      ASSERT_TRUE(status.ok()) << status.ToString();
      Value expected = ParseOrDie(c.expected);
      EXPECT_EQ(document, expected) << Write(document);
      continue;
    }
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.code(), c.error) << status.ToString();
    ASSERT_EQ(status.issues().size(), 1u) << status.ToString();
    EXPECT_EQ(status.issues()[0].expression, c.expression) << status.ToString();
    EXPECT_EQ(Write(document), Write(original)) << "document changed on failure";
  }
}

TEST(JsonPatchTest, KeepsMemberOrderAndAppendsNewMembers) {
  Value document = ParseOrDie(R"({"resourceType":"Patient","id":"1","active":true})");
  ASSERT_TRUE(
      ApplyJsonPatch(document, ParseOrDie(R"([{"op":"replace","path":"/id","value":"2"},)"
                                          R"({"op":"add","path":"/gender","value":"male"}])"))
          .ok());
  EXPECT_EQ(Write(document),
            R"({"resourceType":"Patient","id":"2","active":true,"gender":"male"})");
}

TEST(JsonPatchTest, A13DuplicateOpIsRejected) {
  // RFC 6902 A.13: the parser already refuses duplicate members...
  EXPECT_FALSE(Parse(R"([{"op":"add","path":"/baz","value":"qux","op":"remove"}])").ok());
  // ...and a patch built in memory with one is refused too.
  Value operation = Value::Object();
  operation.set("op", Value::String("add"));
  operation.set("path", Value::String("/baz"));
  operation.set("value", Value::String("qux"));
  operation.members().push_back({"op", Value::String("remove")});
  Value patch = Value::Array();
  patch.push_back(operation);
  Value document = ParseOrDie(R"({"foo":"bar"})");
  Status status = ApplyJsonPatch(document, patch);
  EXPECT_EQ(status.code(), ErrorCode::kInvalid);
  EXPECT_EQ(Write(document), R"({"foo":"bar"})");
}

TEST(JsonPointerTest, ParsesAndResolves) {
  std::vector<std::string> tokens;
  ASSERT_TRUE(ParseJsonPointer("", &tokens));
  EXPECT_TRUE(tokens.empty());
  ASSERT_TRUE(ParseJsonPointer("/a~1b/~0c/~01/", &tokens));
  EXPECT_EQ(tokens, (std::vector<std::string>{"a/b", "~c", "~1", ""}));
  EXPECT_FALSE(ParseJsonPointer("a", &tokens));
  EXPECT_FALSE(ParseJsonPointer("/a~", &tokens));

  // RFC 6901 section 5.
  Value doc = ParseOrDie(
      R"({"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\j":5,"k\"l":6," ":7,"m~n":8})");
  const std::pair<std::string, std::string> cases[] = {
      {"/foo", R"(["bar","baz"])"},
      {"/foo/0", R"("bar")"},
      {"/", "0"},
      {"/a~1b", "1"},
      {"/c%d", "2"},
      {"/e^f", "3"},
      {"/g|h", "4"},
      {"/i\\j", "5"},
      {"/k\"l", "6"},
      {"/ ", "7"},
      {"/m~0n", "8"},
  };
  for (const auto& [pointer, expected] : cases) {
    const Value* found = ResolveJsonPointer(doc, pointer);
    ASSERT_NE(found, nullptr) << pointer;
    EXPECT_EQ(Write(*found), expected) << pointer;
  }
  EXPECT_EQ(ResolveJsonPointer(doc, ""), &doc);
  EXPECT_EQ(ResolveJsonPointer(doc, "/foo/2"), nullptr);
  EXPECT_EQ(ResolveJsonPointer(doc, "/foo/-"), nullptr);
  EXPECT_EQ(ResolveJsonPointer(doc, "/nope"), nullptr);
}

}  // namespace
}  // namespace lienthong::json
