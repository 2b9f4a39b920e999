#include "bulk/export_job.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>

namespace lienthong::bulk {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f != nullptr) std::fclose(f);
  }
};

// Writes the lines of one type at a time, starting a new file when the
// current one is full.
class NdjsonWriter {
 public:
  NdjsonWriter(const ExportOptions& options, std::string dir)
      : options_(options), dir_(std::move(dir)) {}

  Status Write(const store::StoredResource& r) {
    if (r.type != type_ || file_ == nullptr || files_.back().count >= options_.max_lines_per_file ||
        bytes_ >= options_.max_bytes_per_file) {
      LT_RETURN_IF_ERROR(StartFile(r.type));
    }
    if (std::fwrite(r.json.data(), 1, r.json.size(), file_.get()) != r.json.size() ||
        std::fputc('\n', file_.get()) == EOF) {
      return Status::IoError("cannot write " + files_.back().name);
    }
    bytes_ += r.json.size() + 1;
    ++files_.back().count;
    return Status::Ok();
  }

  Result<std::vector<JobFile>> Finish() {
    LT_RETURN_IF_ERROR(CloseFile());
    return std::move(files_);
  }

 private:
  Status StartFile(const std::string& type) {
    LT_RETURN_IF_ERROR(CloseFile());
    index_ = type == type_ ? index_ + 1 : 0;
    type_ = type;
    JobFile f{type, fmt::format("{}.{:03}.ndjson", type, index_), 0};
    const std::string path = dir_ + "/" + f.name;
    file_.reset(std::fopen(path.c_str(), "wb"));
    if (file_ == nullptr) return Status::IoError("cannot create " + path);
    std::setvbuf(file_.get(), nullptr, _IOFBF, 1 << 20);
    files_.push_back(std::move(f));
    bytes_ = 0;
    return Status::Ok();
  }

  Status CloseFile() {
    if (file_ == nullptr) return Status::Ok();
    const bool ok = std::fflush(file_.get()) == 0;
    file_.reset();
    if (!ok) return Status::IoError("cannot write " + files_.back().name);
    return Status::Ok();
  }

  const ExportOptions& options_;
  std::string dir_;
  std::string type_;
  int index_ = 0;
  uint64_t bytes_ = 0;
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::vector<JobFile> files_;
};

}  // namespace

Result<std::vector<JobFile>> RunExport(const store::ResourceStore& store,
                                       const ExportOptions& options, const std::string& dir,
                                       const std::atomic<bool>* cancel,
                                       std::atomic<uint64_t>* progress) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  NdjsonWriter writer(options, dir);
  Status failed;
  bool cancelled = false;
  auto each = [&](const store::StoredResource& r) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
      cancelled = true;
      return false;
    }
    if (options.since_us && r.last_updated_us < *options.since_us) return true;
    if (options.include && !options.include(r)) return true;
    failed = writer.Write(r);
    if (!failed.ok()) return false;
    if (progress != nullptr) progress->fetch_add(1, std::memory_order_relaxed);
    return true;
  };
  // One consistent view of the store for the whole export.
  if (options.types.empty()) {
    LT_RETURN_IF_ERROR(store.ForEachCurrent("", each));
  } else {
    LT_RETURN_IF_ERROR(store.ForEachCurrentOf(options.types, each));
  }
  LT_RETURN_IF_ERROR(failed);
  if (cancelled) return Status(ErrorCode::kUnavailable, "the export was cancelled");
  return writer.Finish();
}

bool IsBulkFileName(std::string_view name) {
  // <Type>.<3+ digits>.ndjson, the type being letters only.
  const size_t dot = name.find('.');
  if (dot == 0 || dot == std::string_view::npos || name.size() > 120) return false;
  for (char c : name.substr(0, dot)) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  }
  std::string_view rest = name.substr(dot + 1);
  constexpr std::string_view kSuffix = ".ndjson";
  if (rest.size() < 3 + kSuffix.size() || !rest.ends_with(kSuffix)) return false;
  rest.remove_suffix(kSuffix.size());
  for (char c : rest) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool IsNdjsonFormat(std::string_view format) {
  return format == "application/fhir+ndjson" || format == "application/ndjson" ||
         format == "ndjson";
}

}  // namespace lienthong::bulk
