#include "fhir/primitive_format.h"

#include <string>

#include <gtest/gtest.h>

#include "json/parser.h"

namespace lienthong::fhir {
namespace {

struct FormatCase {
  PrimitiveKind kind;
  const char* json;  // as it appears in a resource
  bool valid;
};

const FormatCase kCases[] = {
    {PrimitiveKind::kBoolean, "true", true},
    {PrimitiveKind::kBoolean, "\"true\"", false},
    {PrimitiveKind::kInteger, "0", true},
    {PrimitiveKind::kInteger, "-2147483648", true},
    {PrimitiveKind::kInteger, "2147483647", true},
    {PrimitiveKind::kInteger, "2147483648", false},
    {PrimitiveKind::kInteger, "1e3", false},
    {PrimitiveKind::kPositiveInt, "1", true},
    {PrimitiveKind::kPositiveInt, "0", false},
    {PrimitiveKind::kUnsignedInt, "0", true},
    {PrimitiveKind::kUnsignedInt, "-1", false},
    {PrimitiveKind::kDecimal, "-1.50", true},
    {PrimitiveKind::kDecimal, "1.5e-3", true},
    {PrimitiveKind::kDecimal, "\"1.5\"", false},
    {PrimitiveKind::kString, "\"a\\tb\"", true},
    {PrimitiveKind::kString, "\"\"", false},
    {PrimitiveKind::kString, "\"a\\u0000\"", false},
    {PrimitiveKind::kCode, "\"a b\"", true},
    {PrimitiveKind::kCode, "\" a\"", false},
    {PrimitiveKind::kCode, "\"a  b\"", false},
    {PrimitiveKind::kId, "\"A-z.0\"", true},
    {PrimitiveKind::kId, "\"a/b\"", false},
    {PrimitiveKind::kUri, "\"http://a/b\"", true},
    {PrimitiveKind::kUri, "\"http://a/ b\"", false},
    {PrimitiveKind::kOid, "\"urn:oid:1.2.840.10008\"", true},
    {PrimitiveKind::kOid, "\"urn:oid:1.02\"", false},
    {PrimitiveKind::kOid, "\"1.2.3\"", false},
    {PrimitiveKind::kUuid, "\"urn:uuid:c757873d-ec9a-4326-a141-556f43239520\"", true},
    {PrimitiveKind::kUuid, "\"urn:uuid:C757873D-EC9A-4326-A141-556F43239520\"", false},
    {PrimitiveKind::kBase64Binary, "\"aGVsbG8=\"", true},
    {PrimitiveKind::kBase64Binary, "\"aGVsbG8\"", false},
    {PrimitiveKind::kBase64Binary, "\"aG=sbG8=\"", false},
    {PrimitiveKind::kDate, "\"2024\"", true},
    {PrimitiveKind::kDate, "\"2024-02\"", true},
    {PrimitiveKind::kDate, "\"2024-02-29\"", true},
    {PrimitiveKind::kDate, "\"2023-02-29\"", false},
    {PrimitiveKind::kDate, "\"0000\"", false},
    {PrimitiveKind::kDate, "\"2024-1-1\"", false},
    {PrimitiveKind::kDateTime, "\"2024-01-01T00:00:00Z\"", true},
    {PrimitiveKind::kDateTime, "\"2024-01-01T23:59:60.123+14:00\"", true},
    {PrimitiveKind::kDateTime, "\"2024-01-01T00:00:00+14:30\"", false},
    {PrimitiveKind::kDateTime, "\"2024-01T00:00:00Z\"", false},
    {PrimitiveKind::kDateTime, "\"2024-01-01T00:00Z\"", false},
    {PrimitiveKind::kInstant, "\"2024-01-01T00:00:00.000-05:00\"", true},
    {PrimitiveKind::kInstant, "\"2024-01-01T00:00:00\"", false},
    {PrimitiveKind::kInstant, "\"2024-01-01\"", false},
    {PrimitiveKind::kTime, "\"13:45:00\"", true},
    {PrimitiveKind::kTime, "\"13:45\"", false},
    {PrimitiveKind::kXhtml, "\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">a</div>\"", true},
    {PrimitiveKind::kXhtml, "\"<p>a</p>\"", false},
};

TEST(PrimitiveFormatTest, Table) {
  for (const FormatCase& c : kCases) {
    // The parser takes objects and arrays only, so each value is wrapped in an array.
    std::string text = "[";
    text.append(c.json).push_back(']');
    auto value = json::Parse(text);
    ASSERT_TRUE(value.ok()) << c.json;
    EXPECT_EQ(CheckPrimitive(c.kind, value->at(0)) == nullptr, c.valid)
        << c.json << " kind " << static_cast<int>(c.kind);
  }
}

}  // namespace
}  // namespace lienthong::fhir
