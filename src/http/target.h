// Splitting an HTTP request target ("/fhir/Patient?name=an%20b") into the
// percent-decoded path and the ordered, percent-decoded query parameters.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lienthong::http {

// Decodes %XX escapes; in query components ('plus_is_space') '+' becomes a
// space. Returns false on a malformed escape ('%' not followed by two hex
// digits) and leaves *out unspecified.
bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out);

// Encodes a query component: everything but unreserved characters (and ':')
// as %XX.
std::string PercentEncode(std::string_view s);

// Fills *path and *query from an origin-form target. A fragment is ignored.
// Parameters without '=' get an empty value; empty parameters ("a=1&&b=2")
// are skipped. Returns false when an escape is malformed.
bool ParseTarget(std::string_view target, std::string* path,
                 std::vector<std::pair<std::string, std::string>>* query);

}  // namespace lienthong::http
