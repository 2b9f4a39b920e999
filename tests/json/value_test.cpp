#include "json/value.h"

#include <gtest/gtest.h>

namespace lienthong::json {
namespace {

TEST(ValueTest, SetReplacesInPlaceAndAppendsNewKeys) {
  Value obj = Value::Object();
  obj.set("a", Value::Number(1));
  obj.set("b", Value::String("x"));
  obj.set("a", Value::Bool(true));
  ASSERT_EQ(obj.size(), 2u);
  EXPECT_EQ(obj.members()[0].key, "a");
  EXPECT_TRUE(obj.find("a")->as_bool());
  EXPECT_EQ(obj.get_string("b"), "x");
  EXPECT_TRUE(obj.erase("a"));
  EXPECT_FALSE(obj.erase("a"));
  EXPECT_EQ(obj.find("a"), nullptr);
}

TEST(ValueTest, ObjectEqualityIgnoresMemberOrder) {
  Value a = Value::Object();
  a.set("x", Value::Number(1));
  a.set("y", Value::Number(2));
  Value b = Value::Object();
  b.set("y", Value::Number(2));
  b.set("x", Value::Number(1));
  EXPECT_EQ(a, b);
  b.set("x", Value::Number(3));
  EXPECT_NE(a, b);
}

TEST(ValueTest, NumbersEqualComparesByValue) {
  EXPECT_TRUE(NumbersEqual(Value::Number("1.50"), Value::Number("1.5")));
  EXPECT_FALSE(Value::Number("1.50") == Value::Number("1.5"));
  EXPECT_FALSE(NumbersEqual(Value::Number("1"), Value::Number("2")));
}

}  // namespace
}  // namespace lienthong::json
