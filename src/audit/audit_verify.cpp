#include "audit/audit_verify.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include "audit/audit_log.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::audit {
namespace {

namespace fs = std::filesystem;

// What is wrong with one line given the chain so far; empty when it is good.
std::string CheckLine(const std::string& text, uint64_t expected_seq, const std::string& prev,
                      std::string* hash) {
  Result<json::Value> line = json::Parse(text, {.max_depth = 64});
  if (!line.ok() || !line->is_object()) return "not a JSON object";
  const json::Value* seq = line->find("seq");
  const json::Value* event = line->find("event");
  if (seq == nullptr || !seq->is_number() || event == nullptr) return "no seq or event";
  if (seq->text() != std::to_string(expected_seq)) {
    return "sequence " + seq->text().substr(0, 20) + " where " + std::to_string(expected_seq) +
           " was expected (a line was deleted, inserted or moved)";
  }
  if (line->get_string("prev") != prev) return "prev is not the hash of the line before";
  *hash = ChainHash(prev, expected_seq, json::Write(*event));
  if (line->get_string("hash") != *hash) return "the hash does not match the line (it was changed)";
  return "";
}

}  // namespace

VerifyReport VerifyTrail(const std::string& folder) {
  VerifyReport report;
  const std::vector<fs::path> files = TrailFiles(folder);
  std::string prev(kGenesisHash);
  uint64_t seq = 0;
  for (const fs::path& file : files) {
    std::ifstream in(file);
    std::string text;
    uint64_t number = 0;
    while (std::getline(in, text)) {
      ++number;
      std::string hash;
      const std::string problem = CheckLine(text, seq + 1, prev, &hash);
      if (!problem.empty()) {
        report.ok = false;
        report.file = file.string();
        report.line = number;
        report.problem = problem;
        return report;
      }
      ++seq;
      prev = std::move(hash);
      ++report.lines;
    }
  }
  return report;
}

}  // namespace lienthong::audit
