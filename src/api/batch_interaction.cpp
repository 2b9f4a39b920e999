// POST [base] with a Bundle: dispatches to transaction or processes a batch,
// whose entries succeed or fail independently.
#include <fmt/format.h>

#include <memory>

#include "api/bundle_entry.h"
#include "api/call.h"
#include "api/outcome.h"
#include "fhir/validator.h"
#include "json/writer.h"

namespace lienthong::api {

void HandleTransaction(ApiContext& ctx, Call&& call, json::Value bundle);

namespace {

// A batch on its way: entries run one after another, each starting when the
// one before has answered (a write only once it is durable), so later
// entries see earlier ones; no thread waits meanwhile.
struct BatchRun {
  ApiContext& ctx;
  Call call;
  json::Value bundle;
  json::Value entries_out = json::Value::Array();
  size_t next = 0;
};

void Finish(BatchRun& run) {
  json::Value out = json::Value::Object();
  out.set("resourceType", json::Value::String("Bundle"));
  out.set("type", json::Value::String("batch-response"));
  out.set("entry", std::move(run.entries_out));
  run.call.Respond(JsonResponse(200, out, run.call.options.pretty));
}

// Runs entries from run->next until one answers later (a write) or all are done.
void Continue(const std::shared_ptr<BatchRun>& run) {
  const json::Value* entries = run->bundle.find("entry");
  const size_t count = entries && entries->is_array() ? entries->size() : 0;
  const bool include = run->call.options.prefer_return != PreferReturn::kMinimal;
  while (run->next < count) {
    const size_t i = run->next++;
    const json::Value& entry = entries->at(i);
    if (PastDeadline(run->call.request)) {
      // Entries already done stay done; the rest are not attempted.
      run->entries_out.push_back(ResponseEntry(ErrorResponse(DeadlineExceeded()), false));
      continue;
    }
    Result<EntryRequest> er = ParseEntryRequest(entry, i, run->call.options.base_url);
    if (!er.ok()) {
      run->entries_out.push_back(ResponseEntry(ErrorResponse(er.status()), false));
      continue;
    }
    if (er->method == "POST" && er->type.empty()) {
      run->entries_out.push_back(ResponseEntry(
          ErrorResponse(Status::Invalid("a batch may not contain another batch or transaction",
                                        fmt::format("Bundle.entry[{}].request.url", i))),
          false));
      continue;
    }
    Call inner;
    inner.request = EntryAsRequest(run->ctx, run->call.request, *er, entry.find("resource"));
    inner.options = run->call.options;
    inner.options.pretty = false;
    inner.principal = run->call.principal;
    // Answered now (reads) or later from a worker (writes): either way the
    // next entry starts from a fresh task, so the stack never grows.
    inner.respond = [run, include](http::Response&& r) {
      run->entries_out.push_back(ResponseEntry(r, include));
      if (run->ctx.workers == nullptr) return Continue(run);
      run->ctx.workers->Post([run] { Continue(run); });
    };
    Dispatch(run->ctx, std::move(inner));
    return;
  }
  Finish(*run);
}

void HandleBatch(ApiContext& ctx, Call&& call, json::Value bundle) {
  auto run = std::make_shared<BatchRun>(BatchRun{ctx, std::move(call), std::move(bundle)});
  Continue(run);
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
