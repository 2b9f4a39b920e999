// A small XML reader for the test-suite files: elements, attributes, text,
// comments and the five predefined entities plus character references. No
// DTDs, namespaces or CDATA; enough for tests-fhir-r4.xml.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lienthong::testing {

struct XmlElement {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string text;  // character data directly inside, concatenated
  std::vector<XmlElement> children;

  // Empty when the attribute is absent.
  std::string Attribute(std::string_view key) const;
  bool HasAttribute(std::string_view key) const;
};

// The document element; false (and `error` says where) on malformed input.
bool ParseXml(std::string_view text, XmlElement& root, std::string& error);

}  // namespace lienthong::testing
