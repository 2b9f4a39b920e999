#include "api/request_options.h"

#include <fmt/format.h>

#include <cctype>
#include <string_view>

namespace lienthong::api {
namespace {

// The media type without parameters, lower-cased.
std::string MediaType(std::string_view value) {
  std::string_view type = http::TrimWhitespace(value.substr(0, value.find(';')));
  std::string out(type);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsJsonType(std::string_view t) {
  return t == "application/fhir+json" || t == "application/json" || t == "application/json+fhir" ||
         t == "json" || t == "text/json";
}

template <typename Fn>
void ForEachListItem(std::string_view list, Fn fn) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    fn(http::TrimWhitespace(list.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

}  // namespace

Result<RequestOptions> ParseRequestOptions(const http::Request& request,
                                           const std::string& configured_base_url,
                                           const std::string& base_path) {
  RequestOptions options;
  for (const auto& [name, value] : request.query) {
    if (name == "_format") {
      if (!IsJsonType(MediaType(value))) {
        return Status(ErrorCode::kNotAcceptable,
                      fmt::format("_format {} is not supported: this server speaks FHIR JSON "
                                  "(application/fhir+json) only",
                                  MediaType(value).substr(0, 40)));
      }
    } else if (name == "_pretty") {
      options.pretty = value == "true";
    } else if (name == "_summary") {
      Result<fhir::SummaryMode> mode = fhir::ParseSummaryMode(value);
      if (!mode.ok()) return Status::Invalid("invalid _summary value", "_summary");
      options.summary = *mode;
    } else if (name == "_elements") {
      ForEachListItem(value, [&](std::string_view item) {
        if (!item.empty()) options.elements.emplace_back(item);
      });
    }
  }
  const std::string_view accept = request.header("Accept");
  if (!accept.empty()) {
    // The files of bulk jobs are NDJSON.
    const bool bulk_file = request.path.find("-file/") != std::string::npos;
    bool acceptable = false;
    ForEachListItem(accept, [&](std::string_view item) {
      const std::string type = MediaType(item);
      if (IsJsonType(type) || type == "*/*" || type == "application/*" || type.empty() ||
          (bulk_file && (type == "application/fhir+ndjson" || type == "application/ndjson"))) {
        acceptable = true;
      }
    });
    bool format_given = false;
    for (const auto& q : request.query) format_given |= q.first == "_format";
    if (!acceptable && !format_given) {
      return Status(ErrorCode::kNotAcceptable,
                    "the Accept header names no format this server produces: it serves FHIR "
                    "JSON (application/fhir+json) only");
    }
  }
  const std::string_view prefer = request.header("Prefer");
  ForEachListItem(prefer, [&](std::string_view item) {
    if (item == "return=minimal") options.prefer_return = PreferReturn::kMinimal;
    if (item == "return=representation") options.prefer_return = PreferReturn::kRepresentation;
    if (item == "return=OperationOutcome") options.prefer_return = PreferReturn::kOperationOutcome;
  });
  if (!configured_base_url.empty()) {
    options.base_url = configured_base_url;
  } else {
    std::string_view host = request.header("Host");
    if (host.empty()) host = "localhost";
    options.base_url.reserve(8 + host.size() + base_path.size());
    options.base_url.append(request.tls ? "https://" : "http://").append(host).append(base_path);
  }
  return options;
}

Status CheckBodyContentType(const http::Request& request) {
  const std::string type = MediaType(request.header("Content-Type"));
  if (IsJsonType(type)) return Status::Ok();
  if (type.empty()) {
    return Status(ErrorCode::kUnsupportedMediaType,
                  "the request has no Content-Type: send application/fhir+json");
  }
  return Status(ErrorCode::kUnsupportedMediaType,
                "this server accepts FHIR JSON (application/fhir+json) only");
}

Result<PatchFormat> PatchBodyFormat(const http::Request& request) {
  const std::string type = MediaType(request.header("Content-Type"));
  if (type == "application/json-patch+json") return PatchFormat::kJsonPatch;
  if (IsJsonType(type)) return PatchFormat::kFhirPathPatch;
  return Status(ErrorCode::kUnsupportedMediaType,
                "PATCH takes a JSON Patch (application/json-patch+json) or a FHIRPath Patch "
                "(application/fhir+json)");
}

}  // namespace lienthong::api
