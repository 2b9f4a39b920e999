#include "bulk/file_importer.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <sstream>

#include "fhir/validator.h"
#include "json/parser.h"
#include "store/resource_id.h"

namespace lienthong::bulk {
namespace {

namespace fs = std::filesystem;

constexpr size_t kNdjsonBatch = 1000;

void AddError(ImportReport& report, std::string message) {
  ++report.rejected;
  if (report.errors.size() < 100) report.errors.push_back(std::move(message));
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(fmt::format("cannot read {}", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

FileImporter::FileImporter(api::FhirApi& api, store::ResourceStore& store, int max_json_depth)
    : api_(api), store_(store), max_json_depth_(max_json_depth) {}

Result<ImportReport> FileImporter::Import(
    const std::vector<std::string>& paths,
    const std::function<void(const ImportReport&)>& progress) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path().string());
      }
    } else if (fs::is_regular_file(path, ec)) {
      files.push_back(path);
    } else {
      return Status::NotFound(fmt::format("{} is neither a file nor a folder", path));
    }
  }
  std::sort(files.begin(), files.end());
  ImportReport report;
  for (const std::string& file : files) {
    Status st;
    if (file.ends_with(".ndjson")) {
      st = ImportNdjson(file, report);
    } else if (file.ends_with(".json")) {
      st = ImportBundle(file, report);
    } else {
      continue;
    }
    if (!st.ok()) return st;
    ++report.files;
    if (progress) progress(report);
  }
  return report;
}

Status FileImporter::ImportBundle(const std::string& path, ImportReport& report) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.take_status();
  http::Request request;
  request.method = "POST";
  request.path = "/fhir";
  request.target = "/fhir";
  request.headers.push_back({"Content-Type", "application/fhir+json"});
  request.headers.push_back({"Prefer", "return=minimal"});
  request.body = std::move(text.value());
  request.remote_address = "import";
  request.request_id = "import";
  request.received_at = std::chrono::steady_clock::now();
  std::promise<http::Response> done;
  auto answer = done.get_future();
  api_.Handle(std::move(request), [&done](http::Response&& r) { done.set_value(std::move(r)); });
  http::Response response = answer.get();
  if (response.status != 200) {
    AddError(report,
             fmt::format("{}: HTTP {}: {}", path, response.status, response.body.substr(0, 500)));
    return Status::Ok();
  }
  Result<json::Value> parsed = json::Parse(response.body, {.max_depth = 1000});
  if (parsed.ok()) {
    if (const json::Value* entries = parsed->find("entry")) {
      for (const auto& e : entries->members()) {
        const json::Value* r = e.value.find("response");
        if (r && (r->get_string("status").starts_with("200") ||
                  r->get_string("status").starts_with("201"))) {
          ++report.resources;
        }
      }
    }
  }
  return Status::Ok();
}

Status FileImporter::ImportNdjson(const std::string& path, ImportReport& report) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(fmt::format("cannot read {}", path));
  std::vector<store::WriteOp> batch;
  // One batch commits while the next is parsed and validated: at most one is
  // in flight, so a failure stops the import after at most one more batch,
  // and each batch is still atomic and durable before it is counted.
  std::future<Result<std::vector<store::WriteResult>>> in_flight;
  size_t in_flight_size = 0;
  auto wait_in_flight = [&]() -> Status {
    if (!in_flight.valid()) return Status::Ok();
    Result<std::vector<store::WriteResult>> written = in_flight.get();
    if (!written.ok()) return written.take_status();
    report.resources += in_flight_size;
    return Status::Ok();
  };
  auto flush = [&]() -> Status {
    LT_RETURN_IF_ERROR(wait_in_flight());
    if (batch.empty()) return Status::Ok();
    auto promise = std::make_shared<std::promise<Result<std::vector<store::WriteResult>>>>();
    in_flight = promise->get_future();
    in_flight_size = batch.size();
    store_.Commit(std::move(batch), [promise](Result<std::vector<store::WriteResult>> r) {
      promise->set_value(std::move(r));
    });
    batch.clear();
    return Status::Ok();
  };
  std::string line;
  uint64_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line == "\r") continue;
    Result<json::Value> resource = json::Parse(line, {.max_depth = max_json_depth_});
    Status st = resource.ok() ? fhir::Validate(*resource) : resource.status();
    std::string type, id;
    if (st.ok()) {
      type = std::string(resource->get_string("resourceType"));
      id = std::string(resource->get_string("id"));
      if (!store::IsValidResourceId(id)) st = Status::Invalid("a bulk resource needs a valid id");
    }
    if (!st.ok()) {
      std::string where;
      if (!st.issues().empty() && !st.issues()[0].expression.empty()) {
        where = " at " + st.issues()[0].expression;
      }
      AddError(report, fmt::format("{}:{}: {}{}", path, line_number, st.message(), where));
      continue;
    }
    store::WriteOp op;
    op.kind = store::WriteOp::Kind::kUpdate;
    op.type = std::move(type);
    op.id = std::move(id);
    op.resource = std::move(resource.value());
    batch.push_back(std::move(op));
    if (batch.size() >= kNdjsonBatch) LT_RETURN_IF_ERROR(flush());
  }
  LT_RETURN_IF_ERROR(flush());
  return wait_in_flight();
}

}  // namespace lienthong::bulk
