// Where generated resources go: NDJSON, one file per resource type
// (Patient.ndjson, Encounter.ndjson, ...), or one FHIR transaction Bundle per
// patient (PUT entries carrying the ids, so that loading twice changes
// nothing) plus one for the facilities and their staff.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "common/status.h"
#include "synth/care_history.h"

namespace lienthong::synth {

enum class OutputFormat : uint8_t { kNdjson, kBundles };

class OutputFiles : public ResourceSink {
 public:
  // Creates `dir` if needed. kIoError when it cannot.
  static Result<std::unique_ptr<OutputFiles>> Open(const std::string& dir, OutputFormat format);
  ~OutputFiles() override;

  void Add(std::string_view type, std::string_view id, std::string_view json) override;
  // Bundles: ends the current bundle and writes it as `name`.json (`name`
  // may contain folders, created as needed).
  // NDJSON: nothing.
  void EndGroup(const std::string& name);
  // Flushes and closes every file; the first write error, if any.
  Status Close();

  uint64_t resources() const { return resources_; }
  const std::map<std::string, uint64_t, std::less<>>& counts() const { return counts_; }

 private:
  OutputFiles(std::string dir, OutputFormat format) : dir_(std::move(dir)), format_(format) {}
  void WriteFile(std::FILE* f, const std::string& text);

  std::string dir_;
  OutputFormat format_;
  std::map<std::string, std::FILE*, std::less<>> ndjson_;  // owned; closed by Close()
  std::map<std::string, uint64_t, std::less<>> counts_;
  std::string bundle_;  // the bundle being built
  size_t bundle_entries_ = 0;
  std::string last_folder_;  // the folder of the last bundle, known to exist
  uint64_t resources_ = 0;
  Status error_;
};

}  // namespace lienthong::synth
