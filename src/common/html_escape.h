// Escaping text for HTML: the sign-in pages and FHIRPath's escape('html').
#pragma once

#include <string>
#include <string_view>

namespace lienthong {

// `text` with & < > " ' written as character references.
std::string HtmlEscape(std::string_view text);

}  // namespace lienthong
