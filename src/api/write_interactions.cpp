// create, update, patch and delete.
#include <fmt/format.h>

#include <charconv>
#include <memory>

#include "api/access.h"
#include "api/call.h"
#include "api/outcome.h"
#include "fhir/validator.h"
#include "fhirpath/fhirpath_patch.h"
#include "http/target.h"
#include "json/parser.h"
#include "json/patch.h"
#include "json/writer.h"
#include "store/resource_id.h"

namespace lienthong::api {
namespace {

// If-Match: nullopt when absent; kInvalid when malformed.
Result<std::optional<uint64_t>> ParseIfMatch(const http::Request& request) {
  std::string_view value = request.header("If-Match");
  if (value.empty()) return std::optional<uint64_t>();
  Result<uint64_t> version = ParseVersionETag(value);
  if (!version.ok()) return version.take_status();
  return std::optional<uint64_t>(*version);
}

// Puts id right after resourceType, replacing any id the body had.
void SetId(json::Value& resource, const std::string& id) {
  if (json::Value* existing = resource.find("id")) {
    *existing = json::Value::String(id);
    return;
  }
  auto& members = resource.members();
  size_t pos = 0;
  for (size_t i = 0; i < members.size(); ++i) {
    if (members[i].key == "resourceType") pos = i + 1;
  }
  members.insert(members.begin() + static_cast<std::ptrdiff_t>(pos),
                 json::Value::Member{"id", json::Value::String(id)});
}

// Commits one unit and answers with the written version, following Prefer.
void CommitAndRespond(ApiContext& ctx, const std::shared_ptr<Call>& call, store::WriteOp op,
                      bool created_status_201) {
  if (Status allowed = CheckWriteLimits(ctx, *call, op); !allowed.ok()) {
    return RespondError(*call, allowed);
  }
  std::vector<store::WriteOp> ops;
  ops.push_back(std::move(op));
  CommitThen(
      ctx, std::move(ops),
      [call, created_status_201](Result<std::vector<store::WriteResult>> result) {
        if (!result.ok()) return RespondError(*call, result.status());
        const store::WriteResult& written = result->front();
        http::Response response;
        const bool is_delete = written.deleted || written.no_op;
        response.status = created_status_201 && written.created ? 201 : 200;
        if (written.version > 0) {
          SetVersionHeaders(response, call->options.base_url, written.type, written.id,
                            written.version, written.last_updated_us, !is_delete);
        }
        PreferReturn prefer = call->options.prefer_return;
        if (is_delete && prefer == PreferReturn::kDefault) prefer = PreferReturn::kOperationOutcome;
        switch (prefer) {
          case PreferReturn::kMinimal:
            response.status = is_delete ? 204 : response.status;
            break;
          case PreferReturn::kOperationOutcome: {
            std::string message =
                is_delete
                    ? (written.no_op ? fmt::format("{}/{} was not present; nothing to delete",
                                                   written.type, written.id)
                                     : fmt::format("deleted {}/{}", written.type, written.id))
                    : fmt::format("{} {}/{} as version {}", written.created ? "created" : "updated",
                                  written.type, written.id, written.version);
            response.set_header("Content-Type", kFhirJson);
            response.body =
                json::Write(MakeInformation(std::move(message)), {.pretty = call->options.pretty});
            break;
          }
          case PreferReturn::kDefault:
          case PreferReturn::kRepresentation: {
            store::StoredResource stored{written.type,    written.id,
                                         written.version, written.last_updated_us,
                                         false,           written.json};
            http::Response body =
                ResourceResponse(response.status, std::move(stored), call->options);
            for (auto& h : response.headers) body.set_header(h.name, h.value);
            response = std::move(body);
            break;
          }
        }
        call->Respond(std::move(response));
      });
}

}  // namespace

Result<uint64_t> ParseVersionETag(std::string_view etag) {
  if (etag.starts_with("W/")) etag.remove_prefix(2);
  if (etag.size() < 3 || etag.front() != '"' || etag.back() != '"') {
    return Status::Invalid("an ETag names a version, such as W/\"3\"");
  }
  etag = etag.substr(1, etag.size() - 2);
  uint64_t version = 0;
  auto [ptr, ec] = std::from_chars(etag.data(), etag.data() + etag.size(), version);
  if (ec != std::errc() || ptr != etag.data() + etag.size()) {
    return Status::Invalid("an ETag names a version, such as W/\"3\"");
  }
  return version;
}

Result<json::Value> ParseResourceBody(const ApiContext& ctx, const http::Request& request,
                                      const std::string& expected_type, bool validate) {
  LT_RETURN_IF_ERROR(CheckBodyContentType(request));
  if (request.body.empty()) return Status::Invalid("the request has no body");
  Result<json::Value> parsed =
      json::Parse(request.body, json::ParseOptions{.max_depth = ctx.options.max_json_depth});
  if (!parsed.ok()) return parsed;
  json::Value& resource = parsed.value();
  if (!resource.is_object()) return Status::Invalid("the body must be a JSON object");
  const json::Value* type = resource.find("resourceType");
  if (type == nullptr || !type->is_string()) {
    return Status::Invalid("the body has no resourceType", "resourceType");
  }
  if (!expected_type.empty() && type->text() != expected_type) {
    return Status::Invalid(fmt::format("resourceType {} does not match the URL's type {}",
                                       type->text().substr(0, 64), expected_type),
                           "resourceType");
  }
  if (validate) LT_RETURN_IF_ERROR(fhir::Validate(resource));
  return parsed;
}

void HandleCreate(ApiContext& ctx, Call&& call) {
  Result<json::Value> resource = ParseResourceBody(ctx, call.request, call.type);
  if (!resource.ok()) return RespondError(call, resource.status());
  if (call.request.has_header("If-None-Exist")) {
    // Conditional create: nothing is created when the criteria match.
    std::string path;
    std::vector<std::pair<std::string, std::string>> criteria;
    if (!http::ParseTarget("/?" + std::string(call.request.header("If-None-Exist")), &path,
                           &criteria)) {
      return RespondError(call, Status::Invalid("malformed If-None-Exist"));
    }
    Result<std::vector<std::string>> matches = MatchConditional(ctx, call.type, criteria);
    if (!matches.ok()) return RespondError(call, matches.status());
    if (matches->size() > 1) {
      return RespondError(call, Status::PreconditionFailed(fmt::format(
                                    "If-None-Exist matches {} resources", matches->size())));
    }
    if (matches->size() == 1) {
      Result<store::StoredResource> existing = ctx.store.Read(call.type, matches->front());
      if (!existing.ok()) return RespondError(call, existing.status());
      return call.Respond(ResourceResponse(200, std::move(existing.value()), call.options));
    }
  }
  store::WriteOp op;
  op.kind = store::WriteOp::Kind::kCreate;
  op.type = call.type;
  op.id = store::NewResourceId();
  op.resource = std::move(resource.value());
  SetId(op.resource, op.id);
  CommitAndRespond(ctx, std::make_shared<Call>(std::move(call)), std::move(op), true);
}

void HandleConditionalUpdate(ApiContext& ctx, Call&& call) {
  Result<std::vector<std::string>> matches = MatchConditional(ctx, call.type, call.request.query);
  if (!matches.ok()) return RespondError(call, matches.status());
  if (matches->size() > 1) {
    return RespondError(call, Status::PreconditionFailed(
                                  fmt::format("the criteria match {} resources", matches->size())));
  }
  Result<json::Value> resource = ParseResourceBody(ctx, call.request, call.type);
  if (!resource.ok()) return RespondError(call, resource.status());
  const std::string_view body_id = resource->get_string("id");
  if (matches->size() == 1) {
    if (!body_id.empty() && body_id != matches->front()) {
      return RespondError(call, Status::Invalid("the resource id is not that of the resource the "
                                                "criteria match",
                                                call.type + ".id"));
    }
    call.id = matches->front();
  } else if (!body_id.empty()) {
    call.id = std::string(body_id);  // no match: update-as-create with the client's id
  } else {
    store::WriteOp op;
    op.kind = store::WriteOp::Kind::kCreate;
    op.type = call.type;
    op.id = store::NewResourceId();
    op.resource = std::move(resource.value());
    SetId(op.resource, op.id);
    return CommitAndRespond(ctx, std::make_shared<Call>(std::move(call)), std::move(op), true);
  }
  SetId(resource.value(), call.id);
  store::WriteOp op;
  op.kind = store::WriteOp::Kind::kUpdate;
  op.type = call.type;
  op.id = call.id;
  op.resource = std::move(resource.value());
  CommitAndRespond(ctx, std::make_shared<Call>(std::move(call)), std::move(op), true);
}

void HandleUpdate(ApiContext& ctx, Call&& call) {
  if (!store::IsValidResourceId(call.id)) {
    return RespondError(call, Status::Invalid("invalid id in the URL: ids are 1-64 of "
                                              "A-Z a-z 0-9 - ."));
  }
  Result<std::optional<uint64_t>> if_match = ParseIfMatch(call.request);
  if (!if_match.ok()) return RespondError(call, if_match.status());
  Result<json::Value> resource = ParseResourceBody(ctx, call.request, call.type);
  if (!resource.ok()) return RespondError(call, resource.status());
  const json::Value* id = resource->find("id");
  if (id == nullptr || !id->is_string()) {
    return RespondError(call, Status::Invalid("the resource must have an id equal to the URL's id",
                                              call.type + ".id"));
  }
  if (id->text() != call.id) {
    return RespondError(
        call, Status::Invalid("the resource id does not match the URL's id", call.type + ".id"));
  }
  store::WriteOp op;
  op.kind = store::WriteOp::Kind::kUpdate;
  op.type = call.type;
  op.id = call.id;
  op.if_match = *if_match;
  op.resource = std::move(resource.value());
  CommitAndRespond(ctx, std::make_shared<Call>(std::move(call)), std::move(op), true);
}

Status ApplyPatch(PatchFormat format, const json::Value& patch, json::Value& resource) {
  const std::string type(resource.get_string("resourceType"));
  const std::string id(resource.get_string("id"));
  LT_RETURN_IF_ERROR(format == PatchFormat::kJsonPatch
                         ? json::ApplyJsonPatch(resource, patch)
                         : fhirpath::ApplyFhirPathPatch(resource, patch));
  if (!resource.is_object() || resource.get_string("resourceType") != type ||
      resource.get_string("id") != id) {
    return Status::Unprocessable("a patch may not change resourceType or id");
  }
  return Status::Ok();
}

namespace {

// What a PATCH request says before its target is known.
struct PatchRequest {
  PatchFormat format = PatchFormat::kJsonPatch;
  std::optional<uint64_t> if_match;
  json::Value patch;
};

Result<PatchRequest> ReadPatchRequest(const ApiContext& ctx, const http::Request& request) {
  PatchRequest out;
  Result<PatchFormat> format = PatchBodyFormat(request);
  if (!format.ok()) return format.take_status();
  out.format = *format;
  Result<std::optional<uint64_t>> if_match = ParseIfMatch(request);
  if (!if_match.ok()) return if_match.take_status();
  out.if_match = *if_match;
  if (request.body.empty()) return Status::Invalid("the request has no body");
  Result<json::Value> patch =
      json::Parse(request.body, json::ParseOptions{.max_depth = ctx.options.max_json_depth});
  if (!patch.ok()) return patch.take_status();
  out.patch = std::move(patch.value());
  return out;
}

// Patches call.type/call.id: validated like an update, and written only if
// nothing else wrote that resource in between.
void PatchResource(ApiContext& ctx, Call&& call, const PatchRequest& patch) {
  Result<store::StoredResource> current = ctx.store.Read(call.type, call.id);
  if (!current.ok()) return RespondError(call, current.status());
  if (current->deleted) {
    return RespondError(call, Status::Gone(fmt::format("{}/{} was deleted", call.type, call.id)));
  }
  if (patch.if_match && *patch.if_match != current->version) {
    return RespondError(call,
                        Status::PreconditionFailed("If-Match does not name the current version"));
  }
  Result<json::Value> resource = json::Parse(current->json, {.max_depth = 1000});
  if (!resource.ok()) return RespondError(call, Status::Internal("stored resource is not JSON"));
  Status applied = ApplyPatch(patch.format, patch.patch, resource.value());
  if (!applied.ok()) return RespondError(call, applied);
  Status valid = fhir::Validate(resource.value());
  if (!valid.ok()) return RespondError(call, valid);
  store::WriteOp op;
  op.kind = store::WriteOp::Kind::kUpdate;
  op.type = call.type;
  op.id = call.id;
  op.if_match = current->version;  // the version the patch was applied to
  op.resource = std::move(resource.value());
  CommitAndRespond(ctx, std::make_shared<Call>(std::move(call)), std::move(op), false);
}

}  // namespace

void HandlePatch(ApiContext& ctx, Call&& call) {
  Result<PatchRequest> patch = ReadPatchRequest(ctx, call.request);
  if (!patch.ok()) return RespondError(call, patch.status());
  PatchResource(ctx, std::move(call), *patch);
}

void HandleConditionalPatch(ApiContext& ctx, Call&& call) {
  Result<PatchRequest> patch = ReadPatchRequest(ctx, call.request);
  if (!patch.ok()) return RespondError(call, patch.status());
  Result<std::vector<std::string>> matches = MatchConditional(ctx, call.type, call.request.query);
  if (!matches.ok()) return RespondError(call, matches.status());
  if (matches->empty()) {
    return RespondError(call,
                        Status::NotFound(fmt::format("no {} matches the criteria", call.type)));
  }
  if (matches->size() > 1) {
    return RespondError(call, Status::PreconditionFailed(
                                  fmt::format("the criteria match {} resources", matches->size())));
  }
  call.id = matches->front();
  PatchResource(ctx, std::move(call), *patch);
}

void HandleDelete(ApiContext& ctx, Call&& call) {
  if (!store::IsValidResourceId(call.id)) {
    return RespondError(call, Status::NotFound("no resource with that id"));
  }
  Result<std::optional<uint64_t>> if_match = ParseIfMatch(call.request);
  if (!if_match.ok()) return RespondError(call, if_match.status());
  store::WriteOp op;
  op.kind = store::WriteOp::Kind::kDelete;
  op.type = call.type;
  op.id = call.id;
  op.if_match = *if_match;
  CommitAndRespond(ctx, std::make_shared<Call>(std::move(call)), std::move(op), false);
}

}  // namespace lienthong::api
