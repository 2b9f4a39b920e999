#include "synth/output_files.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace lienthong::synth {

Result<std::unique_ptr<OutputFiles>> OutputFiles::Open(const std::string& dir,
                                                       OutputFormat format) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  return std::unique_ptr<OutputFiles>(new OutputFiles(dir, format));
}

OutputFiles::~OutputFiles() { (void)Close(); }

void OutputFiles::WriteFile(std::FILE* f, const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), f) != text.size() && error_.ok()) {
    error_ = Status::IoError(std::string("write failed: ") + std::strerror(errno));
  }
}

void OutputFiles::Add(std::string_view type, std::string_view id, std::string_view json) {
  ++resources_;
  auto count = counts_.find(type);
  if (count == counts_.end()) count = counts_.emplace(std::string(type), 0).first;
  ++count->second;
  if (format_ == OutputFormat::kNdjson) {
    auto it = ndjson_.find(type);
    if (it == ndjson_.end()) {
      const std::string path = dir_ + "/" + std::string(type) + ".ndjson";
      std::FILE* f = std::fopen(path.c_str(), "wb");
      if (f == nullptr) {
        if (error_.ok()) error_ = Status::IoError("cannot create " + path);
        return;
      }
      std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
      it = ndjson_.emplace(std::string(type), f).first;
    }
    if (std::fwrite(json.data(), 1, json.size(), it->second) != json.size() ||
        std::fputc('\n', it->second) == EOF) {
      if (error_.ok()) error_ = Status::IoError("write failed");
    }
    return;
  }
  bundle_ +=
      bundle_entries_++ == 0 ? R"({"resourceType":"Bundle","type":"transaction","entry":[)" : ",";
  bundle_ += R"({"resource":)";
  bundle_.append(json);
  bundle_ += R"(,"request":{"method":"PUT","url":")";
  bundle_.append(type);
  bundle_ += '/';
  bundle_.append(id);
  bundle_ += R"("}})";
}

void OutputFiles::EndGroup(const std::string& name) {
  if (format_ != OutputFormat::kBundles || bundle_entries_ == 0) return;
  bundle_ += "]}\n";
  const std::string path = dir_ + "/" + name + ".json";
  const std::string folder = std::filesystem::path(path).parent_path().string();
  if (folder != last_folder_) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    last_folder_ = folder;
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    if (error_.ok()) error_ = Status::IoError("cannot create " + path);
  } else {
    WriteFile(f, bundle_);
    if (std::fclose(f) != 0 && error_.ok()) error_ = Status::IoError("cannot write " + path);
  }
  bundle_.clear();
  bundle_entries_ = 0;
}

Status OutputFiles::Close() {
  for (auto& [type, f] : ndjson_) {
    if (std::fclose(f) != 0 && error_.ok()) error_ = Status::IoError("cannot write " + type);
  }
  ndjson_.clear();
  return error_;
}

}  // namespace lienthong::synth
