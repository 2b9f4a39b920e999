#include "bulk/import_job.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "json/value.h"
#include "json/writer.h"

namespace lienthong::bulk {
namespace {

constexpr size_t kErrorsKept = 100000;
constexpr size_t kIssuesInFailure = 100;
constexpr const char* kErrorFile = "OperationOutcome.000.ndjson";

std::string Describe(const LineError& e) {
  return fmt::format("{} line {}: {}", e.source, e.line, e.message);
}

json::Value LineOutcome(const LineError& e) {
  json::Value issue = json::Value::Object();
  issue.set("severity", json::Value::String("error"));
  issue.set("code", json::Value::String("invalid"));
  issue.set("diagnostics", json::Value::String(Describe(e)));
  if (!e.expression.empty()) {
    json::Value expressions = json::Value::Array();
    expressions.push_back(json::Value::String(e.expression));
    issue.set("expression", std::move(expressions));
  }
  json::Value issues = json::Value::Array();
  issues.push_back(std::move(issue));
  json::Value outcome = json::Value::Object();
  outcome.set("resourceType", json::Value::String("OperationOutcome"));
  outcome.set("issue", std::move(issues));
  return outcome;
}

Status WriteErrorFile(const std::string& path, const std::vector<LineError>& errors) {
  std::ofstream out(path, std::ios::binary);
  for (const LineError& e : errors) out << json::Write(LineOutcome(e)) << '\n';
  out.flush();
  if (!out) return Status::IoError("cannot write the import's error file");
  return Status::Ok();
}

}  // namespace

Status CheckImportRequest(const ImportRequest& request, const ImportSourcePolicy& policy) {
  if (request.inputs.empty()) return Status::Invalid("$import needs at least one input");
  for (size_t i = 0; i < request.inputs.size(); ++i) {
    Result<ImportSource> source = ResolveImportSource(request.inputs[i].url, policy);
    if (!source.ok()) {
      return Status::Invalid(fmt::format("input {}: {}", i + 1, source.status().message()));
    }
  }
  return Status::Ok();
}

Result<JobOutput> RunImportJob(store::ResourceStore& store, const ImportRequest& request,
                               const ImportSourcePolicy& policy, int max_json_depth,
                               const std::string& dir, const std::atomic<bool>& cancel,
                               JobProgress& progress) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create the import's folder");
  std::vector<NdjsonInput> inputs;
  for (size_t i = 0; i < request.inputs.size(); ++i) {
    const ImportInput& input = request.inputs[i];
    // Checked at kick-off, checked again: the file may have gone since.
    Result<ImportSource> source = ResolveImportSource(input.url, policy);
    if (!source.ok()) return source.take_status();
    NdjsonInput& local = inputs.emplace_back();
    local.name = input.url;
    local.expected_type = input.type;
    if (source->kind == ImportSource::Kind::kFile) {
      local.path = source->path;
      continue;
    }
    local.path = fmt::format("{}/input.{:03}.ndjson", dir, i);
    LT_RETURN_IF_ERROR(DownloadImportSource(*source, local.path, policy));
    if (cancel.load()) return Status(ErrorCode::kUnavailable, "the import was cancelled");
  }

  NdjsonLoader loader(store, {.on_invalid = request.on_invalid,
                              .max_json_depth = max_json_depth,
                              .max_errors_kept = kErrorsKept});
  LoadReport report;
  Status loaded = loader.Load(
      inputs, report,
      [&progress](const LoadReport& r) {
        progress.items.store(r.resources, std::memory_order_relaxed);
        progress.bytes_total.store(r.bytes_total, std::memory_order_relaxed);
        progress.bytes_done.store(r.bytes_done, std::memory_order_relaxed);
      },
      &cancel);
  progress.items.store(report.resources);
  // Downloads are not needed once loaded.
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].path.starts_with(dir)) std::filesystem::remove(inputs[i].path, ec);
  }
  if (loaded.code() == ErrorCode::kUnprocessable) {
    std::vector<Issue> issues;
    for (const LineError& e : report.errors) {
      if (issues.size() == kIssuesInFailure) break;
      issues.push_back({.severity = Issue::Severity::kError,
                        .type = IssueType::kInvalid,
                        .diagnostics = Describe(e),
                        .expression = e.expression});
    }
    return Status(ErrorCode::kUnprocessable, loaded.message(), std::move(issues));
  }
  LT_RETURN_IF_ERROR(loaded);

  JobOutput output;
  for (const InputCount& count : report.inputs) {
    output.output.push_back(
        {.type = count.type, .name = "", .count = count.written, .input_url = count.name});
  }
  if (!report.errors.empty()) {
    LT_RETURN_IF_ERROR(WriteErrorFile(dir + "/" + kErrorFile, report.errors));
    output.error.push_back({.type = "OperationOutcome",
                            .name = kErrorFile,
                            .count = report.errors.size(),
                            .input_url = ""});
  }
  return output;
}

}  // namespace lienthong::bulk
