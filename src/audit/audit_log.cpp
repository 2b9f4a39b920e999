#include "audit/audit_log.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include "common/time.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::audit {
namespace {

namespace fs = std::filesystem;

std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 15];
  }
  return out;
}

// The last non-empty line of a file, or empty.
std::string LastLine(const fs::path& path) {
  std::ifstream in(path);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return last;
}

}  // namespace

std::vector<fs::path> TrailFiles(const std::string& folder) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(folder, ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with("audit-") && name.ends_with(".jsonl")) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ChainHash(std::string_view prev, uint64_t seq, std::string_view event_json) {
  const std::string head = fmt::format("{}\n{}\n", prev, seq);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx, head.data(), head.size());
  EVP_DigestUpdate(ctx, event_json.data(), event_json.size());
  EVP_DigestFinal_ex(ctx, digest, &len);
  EVP_MD_CTX_free(ctx);
  return Hex(digest, len);
}

Result<std::unique_ptr<AuditLog>> AuditLog::Open(const std::string& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return Status::IoError("cannot create " + folder + ": " + ec.message());
  ::chmod(folder.c_str(), 0700);
  std::unique_ptr<AuditLog> log(new AuditLog(folder));
  LT_RETURN_IF_ERROR(log->Resume());
  log->writer_ = std::thread([raw = log.get()] { raw->WriterLoop(); });
  return log;
}

Status AuditLog::Resume() {
  const std::vector<fs::path> files = TrailFiles(folder_);
  if (files.empty()) return Status::Ok();
  const std::string last = LastLine(files.back());
  if (last.empty()) return Status::Ok();
  Result<json::Value> line = json::Parse(last, {.max_depth = 64});
  const json::Value* seq = line.ok() ? line->find("seq") : nullptr;
  if (seq == nullptr || !seq->is_number() || line->get_string("hash").size() != 64) {
    return Status::Invalid("the last line of " + files.back().string() + " is not an audit line");
  }
  seq_ = std::stoull(seq->text());
  prev_hash_ = std::string(line->get_string("hash"));
  {
    std::lock_guard lock(mu_);
    appended_ = written_ = 0;
  }
  // New lines go to a new file, so a damaged tail is never appended to.
  const std::string name = files.back().filename().string();
  file_day_ = name.substr(6, 8);
  file_index_ = std::atoi(name.substr(15, 3).c_str()) + 1;
  return Status::Ok();
}

AuditLog::~AuditLog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (writer_.joinable()) writer_.join();
  if (fd_ >= 0) ::close(fd_);
}

void AuditLog::Append(std::string event_json) {
  bool was_empty = false;
  {
    std::lock_guard lock(mu_);
    was_empty = queue_.empty();
    queue_.push_back(std::move(event_json));
    ++appended_;
  }
  // The writer sleeps only on an empty queue: one wake-up per batch.
  if (was_empty) cv_.notify_one();
}

void AuditLog::Append(const json::Value& event) { Append(json::Write(event)); }

void AuditLog::Flush() {
  std::unique_lock lock(mu_);
  const uint64_t target = appended_;
  flush_wanted_ = true;
  cv_.notify_one();
  flushed_cv_.wait(lock, [&] { return written_ >= target || !healthy(); });
  flush_wanted_ = false;
}

uint64_t AuditLog::last_sequence() const {
  std::lock_guard lock(mu_);
  return seq_;
}

void AuditLog::WriterLoop() {
  while (true) {
    std::deque<std::string> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      // Let a batch gather, unless stopping or flushing.
      if (!stopping_ && !flush_wanted_) {
        cv_.wait_for(lock, kBatchInterval, [&] { return stopping_ || flush_wanted_; });
      }
      batch.swap(queue_);
    }
    const size_t n = batch.size();
    const bool ok = healthy() && WriteBatch(batch);
    if (!ok) healthy_.store(false, std::memory_order_release);
    {
      std::lock_guard lock(mu_);
      if (ok) written_ += n;
    }
    flushed_cv_.notify_all();
  }
}

Status AuditLog::OpenFileFor(int64_t now_us, size_t incoming) {
  const std::string day = FormatInstant(now_us).substr(0, 10);
  std::string compact;
  for (char c : day) {
    if (c != '-') compact += c;
  }
  if (fd_ >= 0 && compact == file_day_ && file_bytes_ + incoming <= kMaxAuditFileBytes) {
    return Status::Ok();
  }
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
    ++file_index_;
  }
  if (compact != file_day_) {
    file_day_ = compact;
    file_index_ = 0;
  }
  const std::string path = fmt::format("{}/audit-{}-{:03d}.jsonl", folder_, file_day_, file_index_);
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (fd_ < 0) return Status::IoError("cannot open " + path);
  struct stat st {};
  file_bytes_ = ::fstat(fd_, &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  return Status::Ok();
}

bool AuditLog::WriteBatch(const std::deque<std::string>& events) {
  std::string text;
  uint64_t seq = seq_;
  std::string prev = prev_hash_;
  for (const std::string& event_json : events) {
    ++seq;
    const std::string hash = ChainHash(prev, seq, event_json);
    text += fmt::format(R"({{"seq":{},"prev":"{}","hash":"{}","event":)", seq, prev, hash);
    text += event_json;
    text += "}\n";
    prev = hash;
  }
  if (!OpenFileFor(NowMicros(), text.size()).ok()) return false;
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  if (::fdatasync(fd_) != 0) return false;
  file_bytes_ += text.size();
  std::lock_guard lock(mu_);
  seq_ = seq;
  prev_hash_ = std::move(prev);
  return true;
}

}  // namespace lienthong::audit
