#include "bulk/file_importer.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "fhir/validator.h"
#include "json/parser.h"

namespace lienthong::bulk {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxErrorsKept = 100;

void AddError(ImportReport& report, std::string message) {
  ++report.rejected;
  if (report.errors.size() < kMaxErrorsKept) report.errors.push_back(std::move(message));
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(fmt::format("cannot read {}", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

uint64_t FileSize(const std::string& path) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  return ec ? 0 : size;
}

Status CollectFiles(const std::vector<std::string>& paths, std::vector<std::string>& files) {
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
  return Status::Ok();
}

}  // namespace

FileImporter::FileImporter(api::FhirApi& api, store::ResourceStore& store, int max_json_depth,
                           InvalidLinePolicy on_invalid)
    : api_(api), store_(store), max_json_depth_(max_json_depth), on_invalid_(on_invalid) {}

Status FileImporter::Import(const std::vector<std::string>& paths, ImportReport& report,
                            const std::function<void(const ImportReport&)>& progress) {
  std::vector<std::string> files;
  LT_RETURN_IF_ERROR(CollectFiles(paths, files));
  std::vector<NdjsonInput> ndjson;
  std::vector<std::string> bundles;
  uint64_t ndjson_bytes = 0;
  for (const std::string& file : files) {
    if (file.ends_with(".ndjson")) {
      ndjson.push_back({.path = file, .name = file, .expected_type = ""});
      ndjson_bytes += FileSize(file);
    } else if (file.ends_with(".json")) {
      bundles.push_back(file);
    }
  }
  report.files_total = ndjson.size() + bundles.size();
  report.bytes_total = ndjson_bytes;
  for (const std::string& b : bundles) report.bytes_total += FileSize(b);

  NdjsonLoader loader(store_, {.on_invalid = InvalidLinePolicy::kSkip,
                               .max_json_depth = max_json_depth_,
                               .max_errors_kept = kMaxErrorsKept});
  LoadReport loaded;
  uint64_t base_rejected = 0;
  // Mirrors the loader's running figures into the import report.
  auto mirror = [&](const LoadReport& r) {
    report.bytes_done = r.bytes_done;
    report.checking = r.checking;
    report.resources = r.resources;
    report.rejected = base_rejected + r.rejected;
    report.files = r.inputs.empty() ? 0 : r.inputs.size() - 1;  // the last one is under way
    if (progress) progress(report);
  };
  auto copy_errors = [&] {
    for (const LineError& e : loaded.errors) {
      if (report.errors.size() < kMaxErrorsKept) report.errors.push_back(loaded.FormatError(e));
    }
  };

  if (on_invalid_ == InvalidLinePolicy::kReject) {
    report.checking = true;
    for (const std::string& bundle : bundles) LT_RETURN_IF_ERROR(CheckBundle(bundle, report));
    base_rejected = report.rejected;
    LoadReport checked;
    LT_RETURN_IF_ERROR(loader.Check(ndjson, checked, mirror));
    loaded.errors = std::move(checked.errors);
    copy_errors();
    loaded.errors.clear();
    report.rejected = base_rejected + checked.rejected;
    report.checking = false;
    if (report.rejected > 0) {
      return Status(
          ErrorCode::kUnprocessable,
          fmt::format("{} invalid lines or bundles: nothing was imported", report.rejected));
    }
  }
  Status st = loader.Load(ndjson, loaded, mirror);
  mirror(loaded);
  copy_errors();
  report.files = ndjson.size();
  report.bytes_done = ndjson_bytes;
  LT_RETURN_IF_ERROR(st);
  for (const std::string& bundle : bundles) {
    LT_RETURN_IF_ERROR(ImportBundle(bundle, report));
    ++report.files;
    report.bytes_done += FileSize(bundle);
    if (progress) progress(report);
  }
  return Status::Ok();
}

Status FileImporter::CheckBundle(const std::string& path, ImportReport& report) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.take_status();
  Result<json::Value> bundle = json::Parse(*text, {.max_depth = max_json_depth_});
  Status st = bundle.ok() ? fhir::Validate(*bundle) : bundle.status();
  if (st.ok() && bundle->get_string("resourceType") != "Bundle") {
    st = Status::Invalid("not a Bundle");
  }
  if (!st.ok()) {
    std::string where;
    if (!st.issues().empty() && !st.issues()[0].expression.empty()) {
      where = " at " + st.issues()[0].expression;
    }
    AddError(report, fmt::format("{}: {}{}", path, st.message(), where));
  }
  return Status::Ok();
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
  // The server's own loader: what it loads was chosen by the operator.
  api_.Handle(
      std::move(request), [&done](http::Response&& r) { done.set_value(std::move(r)); },
      auth::OpenPrincipal());
  http::Response response = answer.get();
  if (response.status != 200) {
    const std::string message =
        fmt::format("{}: HTTP {}: {}", path, response.status, response.body.substr(0, 500));
    AddError(report, message);
    // Checked beforehand, a bundle that still fails stops a rejecting import.
    if (on_invalid_ == InvalidLinePolicy::kReject) {
      return Status(ErrorCode::kConflict, "the import stopped at a bundle that failed");
    }
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

}  // namespace lienthong::bulk
