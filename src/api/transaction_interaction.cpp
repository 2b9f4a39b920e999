// transaction: every entry succeeds or nothing is written. Entries are
// processed in the order the specification gives (DELETE, POST, PUT/PATCH,
// GET); POSTed resources get ids first, then every reference to an entry's
// fullUrl anywhere in the bundle is rewritten to the id assigned, and the
// writes are committed as one atomic unit.
#include <fmt/format.h>

#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include "api/access.h"
#include "api/bundle_entry.h"
#include "api/call.h"
#include "api/outcome.h"
#include "common/time.h"
#include "fhir/type_registry.h"
#include "fhir/validator.h"
#include "http/target.h"
#include "json/parser.h"
#include "json/writer.h"
#include "store/resource_id.h"

namespace lienthong::api {
namespace {

struct PlannedEntry {
  size_t index = 0;
  EntryRequest request;
  json::Value resource;
  std::string full_url;
  size_t op_index = SIZE_MAX;    // position among the committed ops
  bool matched_nothing = false;  // a conditional DELETE with no match: no write
  auth::AccessLimits limits;     // what the policy granted this entry under
};

int Rank(const std::string& method) {
  if (method == "DELETE") return 0;
  if (method == "POST") return 1;
  if (method == "PUT" || method == "PATCH") return 2;
  return 3;
}

std::optional<std::string> DecodeBase64(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0;
  uint32_t acc = 0;
  for (char c : in) {
    if (c == '=') break;
    if (c == '\n' || c == '\r' || c == ' ') continue;
    const int v = value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

// Replaces strings that equal a mapped fullUrl. An unresolved urn:uuid
// reference can never resolve, so it fails the transaction.
Status RewriteReferences(json::Value& value,
                         const std::unordered_map<std::string, std::string>& ids,
                         const std::string& path, bool under_reference_key) {
  switch (value.kind()) {
    case json::Value::Kind::kString: {
      auto found = ids.find(value.text());
      if (found != ids.end()) {
        value.mutable_text() = found->second;
      } else if (under_reference_key && value.text().starts_with("urn:uuid:")) {
        return Status::Invalid(
            "reference to a urn:uuid that no entry of the transaction has as "
            "its fullUrl",
            path);
      }
      return Status::Ok();
    }
    case json::Value::Kind::kArray:
      for (size_t i = 0; i < value.size(); ++i) {
        LT_RETURN_IF_ERROR(RewriteReferences(value.at(i), ids, fmt::format("{}[{}]", path, i),
                                             under_reference_key));
      }
      return Status::Ok();
    case json::Value::Kind::kObject:
      for (json::Value::Member& m : value.members()) {
        LT_RETURN_IF_ERROR(
            RewriteReferences(m.value, ids, path + "." + m.key, m.key == "reference"));
      }
      return Status::Ok();
    default:
      return Status::Ok();
  }
}

Status Unsupported(const PlannedEntry& e, const std::string& what) {
  return Status::NotSupported(
      fmt::format("{} in a transaction is not supported yet (entry {})", what, e.index));
}

// Search parameters from a query string ("identifier=a%7Cb&active=true").
Result<std::vector<std::pair<std::string, std::string>>> QueryPairs(std::string_view query,
                                                                    const std::string& where) {
  std::string path;
  std::vector<std::pair<std::string, std::string>> pairs;
  if (!http::ParseTarget("/?" + std::string(query), &path, &pairs)) {
    return Status::Invalid("malformed search criteria", where);
  }
  return pairs;
}

// The resources conditional criteria match, when there is at most one;
// kPreconditionFailed when several do.
Result<std::vector<std::string>> MatchAtMostOne(const ApiContext& ctx, const std::string& type,
                                                std::string_view query, const std::string& where) {
  Result<std::vector<std::pair<std::string, std::string>>> pairs = QueryPairs(query, where);
  if (!pairs.ok()) return pairs.take_status();
  Result<std::vector<std::string>> matches = MatchConditional(ctx, type, *pairs);
  if (!matches.ok()) return matches.take_status();
  if (matches->size() > 1) {
    return Status(ErrorCode::kPreconditionFailed,
                  fmt::format("the criteria match {} {} resources", matches->size(), type),
                  {Issue{.severity = Issue::Severity::kError,
                         .type = IssueType::kProcessing,
                         .diagnostics = "conditional criteria match more than one resource",
                         .expression = where}});
  }
  return matches;
}

// The one resource conditional criteria ("Patient?identifier=...") match:
// kPreconditionFailed when none or several do.
Result<std::string> MatchOne(const ApiContext& ctx, const std::string& type, std::string_view query,
                             const std::string& where) {
  Result<std::vector<std::pair<std::string, std::string>>> pairs = QueryPairs(query, where);
  if (!pairs.ok()) return pairs.take_status();
  Result<std::vector<std::string>> matches = MatchConditional(ctx, type, *pairs);
  if (!matches.ok()) return matches.take_status();
  if (matches->size() != 1) {
    return Status(ErrorCode::kPreconditionFailed,
                  fmt::format("the criteria match {} {} resources; exactly one is needed",
                              matches->size(), type),
                  {Issue{.severity = Issue::Severity::kError,
                         .type = IssueType::kProcessing,
                         .diagnostics = "conditional criteria must match exactly one resource",
                         .expression = where}});
  }
  return matches->front();
}

// Replaces conditional references ("Patient?identifier=x|y") with the id
// of the one resource they match.
Status ResolveConditionalReferences(const ApiContext& ctx, json::Value& value,
                                    const std::string& path, bool under_reference_key) {
  switch (value.kind()) {
    case json::Value::Kind::kString: {
      if (!under_reference_key) return Status::Ok();
      const std::string& ref = value.text();
      const size_t q = ref.find('?');
      if (q == std::string::npos || ref.find('/') < q) return Status::Ok();
      const std::string type = ref.substr(0, q);
      if (!fhir::TypeRegistry::R4().IsResourceType(type)) return Status::Ok();
      Result<std::string> id = MatchOne(ctx, type, std::string_view(ref).substr(q + 1), path);
      if (!id.ok()) return id.take_status();
      value.mutable_text() = type + "/" + *id;
      return Status::Ok();
    }
    case json::Value::Kind::kArray:
      for (size_t i = 0; i < value.size(); ++i) {
        LT_RETURN_IF_ERROR(ResolveConditionalReferences(
            ctx, value.at(i), fmt::format("{}[{}]", path, i), under_reference_key));
      }
      return Status::Ok();
    case json::Value::Kind::kObject:
      for (json::Value::Member& m : value.members()) {
        LT_RETURN_IF_ERROR(
            ResolveConditionalReferences(ctx, m.value, path + "." + m.key, m.key == "reference"));
      }
      return Status::Ok();
    default:
      return Status::Ok();
  }
}

// A patch's problems located in the entry that carries it:
// "Parameters.parameter[1].path" becomes
// "Bundle.entry[3].resource.parameter[1].path".
Status InEntry(const Status& status, const std::string& where) {
  std::vector<Issue> issues = status.issues_or_message();
  for (Issue& issue : issues) {
    if (issue.expression.starts_with("Parameters.")) {
      issue.expression = where + ".resource" + issue.expression.substr(10);
    }
  }
  return Status(status.code(), status.message(), std::move(issues));
}

}  // namespace

void HandleTransaction(ApiContext& ctx, Call&& call, json::Value bundle) {
  json::Value* entries = bundle.find("entry");
  std::vector<PlannedEntry> plan;
  const size_t count = entries && entries->is_array() ? entries->size() : 0;
  plan.reserve(count);
  std::unordered_map<std::string, std::string> ids;  // fullUrl -> Type/id
  std::set<std::string> written;                     // Type/id, to refuse duplicates
  for (size_t i = 0; i < count; ++i) {
    json::Value& entry = entries->at(i);
    Result<EntryRequest> er = ParseEntryRequest(entry, i, call.options.base_url);
    if (!er.ok()) return RespondError(call, er.status());
    // Every entry passes the policy before anything is written: one refused
    // entry refuses the whole transaction.
    Result<auth::AccessLimits> limits = AuthorizeEntry(ctx, call, *er);
    if (!limits.ok()) {
      Status refused = limits.take_status();
      return RespondError(
          call, Status(refused.code(), fmt::format("Bundle.entry[{}]: {}", i, refused.message())));
    }
    PlannedEntry p;
    p.limits = std::move(limits.value());
    p.index = i;
    p.request = std::move(er.value());
    p.full_url = std::string(entry.get_string("fullUrl"));
    if (json::Value* resource = entry.find("resource")) p.resource = std::move(*resource);
    const std::string where = fmt::format("Bundle.entry[{}]", i);
    const std::string& method = p.request.method;
    if (method == "POST" || method == "PUT") {
      if (!p.resource.is_object()) {
        return RespondError(call,
                            Status::Invalid(method + " needs a resource", where + ".resource"));
      }
      if (p.resource.get_string("resourceType") != p.request.type) {
        return RespondError(call, Status::Invalid("the resource's type does not match request.url",
                                                  where + ".resource.resourceType"));
      }
    }
    if (method == "POST" && p.request.if_none_exist) {
      // Conditional create: an existing match is answered as a read of it.
      Result<std::vector<std::string>> matches = MatchAtMostOne(
          ctx, p.request.type, *p.request.if_none_exist, where + ".request.ifNoneExist");
      if (!matches.ok()) return RespondError(call, matches.status());
      if (matches->size() == 1) {
        p.request.method = "GET";
        p.request.id = matches->front();
        p.request.path = p.request.type + "/" + p.request.id;
        p.request.url = p.request.path;
        p.request.query.clear();
        p.request.if_none_exist.reset();
        if (!p.full_url.empty()) ids[p.full_url] = p.request.path;
        plan.push_back(std::move(p));
        continue;
      }
    }
    if (method == "PUT" && !p.request.query.empty() && p.request.id.empty()) {
      // Conditional update: the one match, or a create when there is none.
      Result<std::vector<std::string>> matches =
          MatchAtMostOne(ctx, p.request.type, p.request.query, where + ".request.url");
      if (!matches.ok()) return RespondError(call, matches.status());
      const std::string body_id(p.resource.get_string("id"));
      p.request.id = !matches->empty() ? matches->front()
                     : body_id.empty() ? store::NewResourceId()
                                       : body_id;
      if (!body_id.empty() && body_id != p.request.id) {
        return RespondError(call, Status::Invalid("the resource id is not that of the match",
                                                  where + ".resource.id"));
      }
      if (json::Value* id = p.resource.find("id")) {
        *id = json::Value::String(p.request.id);
      } else {
        p.resource.members().insert(p.resource.members().begin() + 1,
                                    json::Value::Member{"id", json::Value::String(p.request.id)});
      }
      p.request.query.clear();
    }
    if ((method == "DELETE" || method == "PATCH") && !p.request.query.empty() &&
        p.request.id.empty()) {
      // Conditional delete and patch act on the one match. Deleting what
      // does not exist succeeds without a write; patching it is 404.
      Result<std::vector<std::string>> matches =
          MatchAtMostOne(ctx, p.request.type, p.request.query, where + ".request.url");
      if (!matches.ok()) return RespondError(call, matches.status());
      if (matches->empty() && method == "PATCH") {
        return RespondError(
            call, Status(ErrorCode::kNotFound,
                         fmt::format("no {} matches the criteria of entry {}", p.request.type, i),
                         {Issue{.severity = Issue::Severity::kError,
                                .type = IssueType::kNotFound,
                                .diagnostics = "conditional patch criteria match no resource",
                                .expression = where + ".request.url"}}));
      }
      if (matches->empty()) {
        p.matched_nothing = true;
        plan.push_back(std::move(p));
        continue;
      }
      p.request.id = matches->front();
      p.request.query.clear();
    }
    if (method == "POST") {
      if (!p.request.query.empty()) {
        return RespondError(call, Unsupported(p, "conditional create with criteria in the URL"));
      }
      if (!p.request.id.empty() || p.request.type.empty()) {
        return RespondError(
            call, Status::Invalid("POST takes a resource type URL", where + ".request.url"));
      }
      p.request.id = store::NewResourceId();
      if (json::Value* id = p.resource.find("id")) {
        *id = json::Value::String(p.request.id);
      } else {
        p.resource.members().insert(p.resource.members().begin() + 1,
                                    json::Value::Member{"id", json::Value::String(p.request.id)});
      }
    } else if (method == "PUT" || method == "DELETE" || method == "PATCH") {
      if (!p.request.query.empty()) {
        return RespondError(call, Unsupported(p, "a conditional " + method));
      }
      if (p.request.id.empty() || !p.request.version.empty() ||
          !store::IsValidResourceId(p.request.id)) {
        return RespondError(
            call, Status::Invalid(method + " needs a Type/id URL", where + ".request.url"));
      }
      if (method == "PUT" && p.resource.get_string("id") != p.request.id) {
        return RespondError(call, Status::Invalid("the resource id does not match request.url",
                                                  where + ".resource.id"));
      }
    }
    if (method != "GET" && method != "HEAD") {
      const std::string key = p.request.type + "/" + p.request.id;
      if (!written.insert(key).second) {
        return RespondError(call,
                            Status::Invalid("a transaction may not change the same resource twice",
                                            where + ".request.url"));
      }
      if (!p.full_url.empty() && method != "DELETE") ids[p.full_url] = key;
    }
    plan.push_back(std::move(p));
  }

  // Rewrite references, then build the writes in processing order.
  std::vector<size_t> order(plan.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return Rank(plan[a].request.method) < Rank(plan[b].request.method);
  });
  std::vector<store::WriteOp> ops;
  for (size_t k : order) {
    PlannedEntry& p = plan[k];
    const std::string& method = p.request.method;
    const std::string where = fmt::format("Bundle.entry[{}]", p.index);
    std::optional<uint64_t> if_match;
    if (p.request.if_match) {
      Result<uint64_t> version = ParseVersionETag(*p.request.if_match);
      if (!version.ok()) {
        return RespondError(
            call, Status::Invalid(version.status().message(), where + ".request.ifMatch"));
      }
      if_match = *version;
    }
    if (p.matched_nothing) continue;
    if (method == "PATCH") {
      // A FHIRPath Patch is the entry's Parameters resource; a JSON Patch
      // travels as a Binary holding the document.
      PatchFormat format = PatchFormat::kFhirPathPatch;
      json::Value patch;
      if (p.resource.get_string("resourceType") == "Parameters") {
        patch = std::move(p.resource);
      } else {
        std::optional<std::string> patch_text;
        if (p.resource.get_string("resourceType") == "Binary" &&
            p.resource.get_string("contentType") == "application/json-patch+json") {
          patch_text = DecodeBase64(p.resource.get_string("data"));
        }
        if (!patch_text) {
          return RespondError(
              call, Status::Invalid("PATCH in a transaction takes a Parameters (FHIRPath Patch) "
                                    "or a Binary with contentType application/json-patch+json",
                                    where + ".resource"));
        }
        Result<json::Value> parsed =
            json::Parse(*patch_text, {.max_depth = ctx.options.max_json_depth});
        if (!parsed.ok()) return RespondError(call, parsed.status());
        format = PatchFormat::kJsonPatch;
        patch = std::move(parsed.value());
      }
      Result<store::StoredResource> current = ctx.store.Read(p.request.type, p.request.id);
      if (!current.ok() || current->deleted) {
        return RespondError(call, current.ok() ? Status::Gone("the resource to patch was deleted")
                                               : current.status());
      }
      Result<json::Value> target = json::Parse(current->json, {.max_depth = 1000});
      if (!target.ok()) return RespondError(call, Status::Internal("stored resource is not JSON"));
      Status applied = ApplyPatch(format, patch, target.value());
      if (!applied.ok()) return RespondError(call, InEntry(applied, where));
      if (!if_match) if_match = current->version;
      p.resource = std::move(target.value());
    }
    if (method == "POST" || method == "PUT" || method == "PATCH") {
      Status rewritten = RewriteReferences(p.resource, ids, where + ".resource", false);
      if (!rewritten.ok()) return RespondError(call, rewritten);
      if (ctx.search != nullptr) {
        Status resolved = ResolveConditionalReferences(ctx, p.resource, where + ".resource", false);
        if (!resolved.ok()) return RespondError(call, resolved);
      }
      if (method == "PATCH") {
        Status valid = fhir::Validate(p.resource);
        if (!valid.ok()) return RespondError(call, valid);
      }
    }
    if (method == "GET" || method == "HEAD") continue;
    store::WriteOp op;
    op.kind = method == "POST"     ? store::WriteOp::Kind::kCreate
              : method == "DELETE" ? store::WriteOp::Kind::kDelete
                                   : store::WriteOp::Kind::kUpdate;
    op.type = p.request.type;
    op.id = p.request.id;
    op.if_match = if_match;
    op.resource = std::move(p.resource);
    Call probe;
    probe.limits = p.limits;
    if (Status allowed = CheckWriteLimits(ctx, probe, op); !allowed.ok()) {
      return RespondError(call, Status(allowed.code(), where + ": " + allowed.message()));
    }
    p.op_index = ops.size();
    ops.push_back(std::move(op));
  }

  auto shared_call = std::make_shared<Call>(std::move(call));
  auto shared_plan = std::make_shared<std::vector<PlannedEntry>>(std::move(plan));
  ApiContext* context = &ctx;
  auto finish = [context, shared_call,
                 shared_plan](Result<std::vector<store::WriteResult>> result) {
    Call& c = *shared_call;
    if (!result.ok()) return RespondError(c, result.status());
    const bool include = c.options.prefer_return == PreferReturn::kRepresentation;
    json::Value out = json::Value::Object();
    out.set("resourceType", json::Value::String("Bundle"));
    out.set("type", json::Value::String("transaction-response"));
    json::Value entries_out = json::Value::Array();
    for (const PlannedEntry& p : *shared_plan) {
      http::Response response;
      if (p.op_index != SIZE_MAX) {
        const store::WriteResult& w = (*result)[p.op_index];
        const bool is_delete = w.deleted || w.no_op;
        response.status = is_delete ? 204 : (w.created ? 201 : 200);
        if (w.version > 0) {
          SetVersionHeaders(response, "", w.type, w.id, w.version, w.last_updated_us, false);
        }
        if (!is_delete) {
          response.set_header("Location",
                              fmt::format("{}/{}/_history/{}", w.type, w.id, w.version));
          if (include) response.body = w.json;
        }
      } else if (p.matched_nothing) {
        response.status = 204;
      } else {
        // Reads run after the writes, so they see them.
        Call read;
        read.request = EntryAsRequest(*context, c.request, p.request, nullptr);
        read.options = c.options;
        read.options.pretty = false;
        read.principal = c.principal;
        read.respond = [&response](http::Response&& r) { response = std::move(r); };
        Dispatch(*context, std::move(read));
      }
      json::Value entry = ResponseEntry(response, include || p.op_index == SIZE_MAX);
      if (p.op_index != SIZE_MAX && (*result)[p.op_index].version > 0) {
        // Full precision, rather than the HTTP date's whole seconds.
        entry.find("response")
            ->set("lastModified",
                  json::Value::String(FormatInstant((*result)[p.op_index].last_updated_us)));
      }
      if (!p.full_url.empty()) {
        entry.members().insert(entry.members().begin(),
                               json::Value::Member{"fullUrl", json::Value::String(p.full_url)});
      }
      entries_out.push_back(std::move(entry));
    }
    out.set("entry", std::move(entries_out));
    c.Respond(JsonResponse(200, out, c.options.pretty));
  };
  // Past the time limit nothing is written: the client may retry the whole.
  if (PastDeadline(shared_call->request)) return RespondError(*shared_call, DeadlineExceeded());
  if (ops.empty()) return finish(std::vector<store::WriteResult>{});
  CommitThen(ctx, std::move(ops), std::move(finish));
}

}  // namespace lienthong::api
