// What $export and $import share: the asynchronous request pattern of the
// Bulk Data Access IG (kick-off answered 202 with Content-Location, status
// polling answered 202 with X-Progress and then 200 with a manifest, DELETE to
// cancel) and the files a finished job serves.
#include <fmt/format.h>

#include <algorithm>

#include "api/call.h"
#include "api/outcome.h"
#include "bulk/export_job.h"
#include "common/time.h"
#include "store/resource_id.h"

namespace lienthong::api {
namespace {

const char* StateName(bulk::JobState state) {
  switch (state) {
    case bulk::JobState::kQueued:
      return "queued";
    case bulk::JobState::kRunning:
      return "in progress";
    case bulk::JobState::kCompleted:
      return "completed";
    case bulk::JobState::kFailed:
      return "failed";
  }
  return "";
}

std::string Progress(const bulk::JobStatus& job) {
  if (job.bytes_total == 0) {
    return fmt::format("{}: {} resources", StateName(job.state), job.items);
  }
  const double percent = 100.0 * static_cast<double>(std::min(job.bytes_done, job.bytes_total)) /
                         static_cast<double>(job.bytes_total);
  return fmt::format("{}: {:.0f}% ({} resources)", StateName(job.state), percent, job.items);
}

json::Value FileList(const std::vector<bulk::JobFile>& files, const std::string& file_base) {
  json::Value list = json::Value::Array();
  for (const bulk::JobFile& f : files) {
    json::Value o = json::Value::Object();
    o.set("type", json::Value::String(f.type));
    if (!f.input_url.empty()) o.set("inputUrl", json::Value::String(f.input_url));
    if (!f.name.empty()) o.set("url", json::Value::String(file_base + f.name));
    o.set("count", json::Value::Number(static_cast<int64_t>(f.count)));
    list.push_back(std::move(o));
  }
  return list;
}

json::Value Manifest(const bulk::JobStatus& job, const std::string& file_base) {
  json::Value m = json::Value::Object();
  m.set("transactionTime", json::Value::String(FormatInstant(job.transaction_time_us)));
  m.set("request", json::Value::String(job.request_url));
  m.set("requiresAccessToken", json::Value::Bool(false));
  m.set("output", FileList(job.files.output, file_base));
  m.set("error", FileList(job.files.error, file_base));
  return m;
}

Status NotOffered(const BulkJobKind& kind) {
  return Status::NotSupported(fmt::format("bulk {} is not enabled on this server", kind.name));
}

}  // namespace

Status CheckPostKickOff(const BulkJobKind& kind, const Call& call) {
  if (kind.registry == nullptr) return NotOffered(kind);
  if (call.request.method != "POST") {
    return Status(ErrorCode::kMethodNotAllowed, fmt::format("${} takes a POST", kind.name));
  }
  if (!PrefersAsync(call.request)) {
    return Status::Invalid(fmt::format("${} needs the header Prefer: respond-async", kind.name));
  }
  return Status::Ok();
}

bool PrefersAsync(const http::Request& request) {
  for (const http::Header& h : request.headers) {
    if (!http::EqualsIgnoreCase(h.name, "Prefer")) continue;
    std::string_view v = h.value;
    while (!v.empty()) {
      const size_t sep = v.find_first_of(",;");
      if (http::EqualsIgnoreCase(http::TrimWhitespace(v.substr(0, sep)), "respond-async")) {
        return true;
      }
      if (sep == std::string_view::npos) break;
      v.remove_prefix(sep + 1);
    }
  }
  return false;
}

void StartBulkJob(ApiContext& ctx, Call& call, const BulkJobKind& kind, bulk::JobWork work) {
  if (kind.registry == nullptr) return RespondError(call, NotOffered(kind));
  std::string_view target = call.request.target;
  target.remove_prefix(std::min(target.size(), ctx.options.base_path.size()));
  Result<std::string> started = kind.registry->Start(std::move(work), NowMicros(),
                                                     call.options.base_url + std::string(target));
  if (!started.ok()) {
    http::Response busy = ErrorResponse(started.status(), call.options.pretty);
    busy.set_header("Retry-After", "10");
    return call.Respond(std::move(busy));
  }
  const std::string& id = *started;
  http::Response response = JsonResponse(
      202, MakeInformation(fmt::format("{} job {} accepted", kind.name, id)), call.options.pretty);
  response.set_header("Content-Location",
                      fmt::format("{}/${}-status/{}", call.options.base_url, kind.name, id));
  call.Respond(std::move(response));
}

void HandleBulkJobStatus(const BulkJobKind& kind, Call&& call) {
  if (kind.registry == nullptr) return RespondError(call, NotOffered(kind));
  if (!store::IsValidResourceId(call.id)) {
    return RespondError(call, Status::NotFound(fmt::format("no such {} job", kind.name)));
  }
  if (call.request.method == "DELETE") {
    Status deleted = kind.registry->Delete(call.id);
    if (!deleted.ok()) return RespondError(call, deleted);
    return call.Respond(
        JsonResponse(202, MakeInformation(fmt::format("{} job {} deleted", kind.name, call.id)),
                     call.options.pretty));
  }
  if (call.request.method != "GET") {
    return RespondError(
        call, Status(ErrorCode::kMethodNotAllowed, "use GET or DELETE on a bulk job's status URL"));
  }
  Result<bulk::JobStatus> job = kind.registry->Get(call.id);
  if (!job.ok()) return RespondError(call, job.status());
  switch (job->state) {
    case bulk::JobState::kQueued:
    case bulk::JobState::kRunning: {
      http::Response response;
      response.status = 202;
      response.set_header("X-Progress", Progress(*job));
      response.set_header("Retry-After", "1");
      return call.Respond(std::move(response));
    }
    case bulk::JobState::kCompleted: {
      const std::string file_base =
          fmt::format("{}/${}-file/{}/", call.options.base_url, kind.name, job->id);
      http::Response response = JsonResponse(200, Manifest(*job, file_base), call.options.pretty);
      response.set_header("Content-Type", "application/json");
      return call.Respond(std::move(response));
    }
    case bulk::JobState::kFailed: {
      const Status& error = job->error;
      // Errors the client caused keep their status and issues; anything else
      // is the server's failure.
      const bool client_error = error.code() == ErrorCode::kUnprocessable ||
                                error.code() == ErrorCode::kInvalid ||
                                error.code() == ErrorCode::kTooLarge;
      return RespondError(call, Status(client_error ? error.code() : ErrorCode::kInternal,
                                       fmt::format("the {} failed: {}", kind.name, error.message()),
                                       error.issues()));
    }
  }
}

void HandleBulkJobFile(const BulkJobKind& kind, Call&& call) {
  if (kind.registry == nullptr) return RespondError(call, NotOffered(kind));
  if (call.request.method != "GET") {
    return RespondError(call, Status(ErrorCode::kMethodNotAllowed, "use GET on a bulk file's URL"));
  }
  // Both names are checked before anything touches the disk.
  if (!store::IsValidResourceId(call.id) || !bulk::IsBulkFileName(call.version)) {
    return RespondError(call, Status::NotFound("no such file"));
  }
  Result<std::string> path = kind.registry->FilePath(call.id, call.version);
  if (!path.ok()) return RespondError(call, path.status());
  http::Response response;
  response.set_header("Content-Type", "application/fhir+ndjson");
  response.body_file = std::move(path.value());
  call.Respond(std::move(response));
}

}  // namespace lienthong::api
