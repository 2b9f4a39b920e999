// POST [base] with a Bundle: dispatches to transaction or processes a batch,
// whose entries succeed or fail independently.
#include <fmt/format.h>

#include <future>

#include "api/bundle_entry.h"
#include "api/call.h"
#include "api/outcome.h"
#include "fhir/validator.h"
#include "json/writer.h"

namespace lienthong::api {

void HandleTransaction(ApiContext& ctx, Call&& call, json::Value bundle);

namespace {

void HandleBatch(ApiContext& ctx, Call&& call, json::Value bundle) {
  json::Value entries_out = json::Value::Array();
  const json::Value* entries = bundle.find("entry");
  const size_t count = entries && entries->is_array() ? entries->size() : 0;
  for (size_t i = 0; i < count; ++i) {
    const json::Value& entry = entries->at(i);
    if (PastDeadline(call.request)) {
      // Entries already done stay done; the rest are not attempted.
      entries_out.push_back(ResponseEntry(ErrorResponse(DeadlineExceeded()), false));
      continue;
    }
    Result<EntryRequest> er = ParseEntryRequest(entry, i, call.options.base_url);
    if (!er.ok()) {
      entries_out.push_back(ResponseEntry(ErrorResponse(er.status()), false));
      continue;
    }
    if (er->method == "POST" && er->type.empty()) {
      entries_out.push_back(ResponseEntry(
          ErrorResponse(Status::Invalid("a batch may not contain another batch or transaction",
                                        fmt::format("Bundle.entry[{}].request.url", i))),
          false));
      continue;
    }
    // Entries run one after another; a write waits for its commit before the
    // next entry starts, so later entries see earlier ones.
    std::promise<http::Response> done;
    std::future<http::Response> answer = done.get_future();
    Call inner;
    inner.request = EntryAsRequest(ctx, call.request, *er, entry.find("resource"));
    inner.options = call.options;
    inner.options.pretty = false;
    inner.respond = [&done](http::Response&& r) { done.set_value(std::move(r)); };
    Dispatch(ctx, std::move(inner));
    const http::Response response = answer.get();
    const bool include = call.options.prefer_return != PreferReturn::kMinimal;
    entries_out.push_back(ResponseEntry(response, include));
  }
  json::Value out = json::Value::Object();
  out.set("resourceType", json::Value::String("Bundle"));
  out.set("type", json::Value::String("batch-response"));
  out.set("entry", std::move(entries_out));
  call.Respond(JsonResponse(200, out, call.options.pretty));
}

}  // namespace

void HandleBundle(ApiContext& ctx, Call&& call) {
  Result<json::Value> bundle = ParseResourceBody(ctx, call.request, "Bundle", /*validate=*/false);
  if (!bundle.ok()) return RespondError(call, bundle.status());
  json::Value* entries = bundle->find("entry");
  const size_t count = entries && entries->is_array() ? entries->size() : 0;
  if (count > ctx.options.max_bundle_entries) {
    return RespondError(call, Status::TooLarge(fmt::format(
                                  "the bundle has {} entries; this server accepts at most {}",
                                  count, ctx.options.max_bundle_entries)));
  }
  const std::string type(bundle->get_string("type"));
  if (type == "transaction") {
    Status valid = fhir::Validate(*bundle);
    if (!valid.ok()) return RespondError(call, valid);
    return HandleTransaction(ctx, std::move(call), std::move(bundle.value()));
  }
  if (type == "batch") {
    Status valid = fhir::Validate(*bundle, {.validate_bundle_entries = false});
    if (!valid.ok()) return RespondError(call, valid);
    return HandleBatch(ctx, std::move(call), std::move(bundle.value()));
  }
  RespondError(call, Status::Invalid("POST to the base URL takes a Bundle of type batch or "
                                     "transaction",
                                     "Bundle.type"));
}

}  // namespace lienthong::api
