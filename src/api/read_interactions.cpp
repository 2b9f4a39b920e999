// read and vread.
#include <fmt/format.h>

#include <charconv>

#include "api/access.h"
#include "api/call.h"
#include "api/outcome.h"
#include "common/time.h"
#include "store/resource_id.h"

namespace lienthong::api {
namespace {

// Whether a conditional read may answer 304: If-None-Match names the current
// ETag, or (without If-None-Match) If-Modified-Since is not before lastUpdated.
bool NotModified(const http::Request& request, const store::StoredResource& resource) {
  const std::string_view none_match = request.header("If-None-Match");
  if (!none_match.empty()) {
    const std::string weak = fmt::format("W/\"{}\"", resource.version);
    const std::string strong = fmt::format("\"{}\"", resource.version);
    return none_match.find(weak) != std::string_view::npos || none_match == strong ||
           none_match == "*";
  }
  const std::string_view since = request.header("If-Modified-Since");
  if (!since.empty()) {
    Result<int64_t> when = ParseHttpDate(since);
    // HTTP dates have one-second precision.
    return when.ok() && resource.last_updated_us / 1'000'000 <= *when / 1'000'000;
  }
  return false;
}

void Answer(Call& call, Result<store::StoredResource> read) {
  if (!read.ok()) return RespondError(call, read.status());
  const store::StoredResource& resource = read.value();
  if (resource.deleted) {
    http::Response gone =
        ErrorResponse(Status::Gone(fmt::format("{}/{} was deleted", resource.type, resource.id)),
                      call.options.pretty);
    SetVersionHeaders(gone, call.options.base_url, resource.type, resource.id, resource.version,
                      resource.last_updated_us, false);
    return call.Respond(std::move(gone));
  }
  if (NotModified(call.request, resource)) {
    http::Response not_modified;
    not_modified.status = 304;
    SetVersionHeaders(not_modified, call.options.base_url, resource.type, resource.id,
                      resource.version, resource.last_updated_us, false);
    return call.Respond(std::move(not_modified));
  }
  call.Respond(ResourceResponse(200, std::move(read.value()), call.options));
}

}  // namespace

void HandleRead(ApiContext& ctx, Call&& call) {
  if (!store::IsValidResourceId(call.id)) {
    return RespondError(call, Status::NotFound("no resource with that id: ids are 1-64 of "
                                               "A-Z a-z 0-9 - ."));
  }
  if (Status allowed = CheckLimitsOn(ctx, call, call.type, call.id); !allowed.ok()) {
    return RespondError(call, allowed);
  }
  Answer(call, ctx.store.Read(call.type, call.id));
}

void HandleVRead(ApiContext& ctx, Call&& call) {
  uint64_t version = 0;
  const char* begin = call.version.data();
  const char* end = begin + call.version.size();
  auto [ptr, ec] = std::from_chars(begin, end, version);
  if (ec != std::errc() || ptr != end || version == 0 || !store::IsValidResourceId(call.id)) {
    return RespondError(call, Status::NotFound("no such resource version"));
  }
  if (Status allowed = CheckLimitsOn(ctx, call, call.type, call.id); !allowed.ok()) {
    return RespondError(call, allowed);
  }
  Answer(call, ctx.store.ReadVersion(call.type, call.id, version));
}

}  // namespace lienthong::api
