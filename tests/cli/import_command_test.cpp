// lienthong import: bundles and NDJSON into a store that is not being served.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <set>
#include <thread>
#include <vector>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "json/parser.h"
#include "json/writer.h"
#include "support/command_run.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace lienthong::testing {
namespace {

namespace fs = std::filesystem;

class ImportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("lienthong-import-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(ImportCommandTest, LoadsBulkNdjsonAndReportsBadLinesWithTheirPlace) {
  const fs::path data = root_ / "store";
  const fs::path extra = root_ / "extra.ndjson";
  {
    std::ofstream out(extra);
    out << R"({"resourceType":"Patient","id":"ok-1","gender":"female"})"
        << "\n"
        << R"({"resourceType":"Patient","id":"bad-1","gender":"nữ"})"
        << "\n"
        << "not json\n"
        << R"({"resourceType":"Patient","gender":"male"})"
        << "\n";
  }
  const std::string bulk = std::string(LIENTHONG_SOURCE_DIR) + "/data/synthea/bulk-ndjson";
  CommandRun run =
      RunLienthong(fmt::format("import --data-dir {} {} {}", data.string(), bulk, extra.string()));
  // Bad lines were skipped: exit status 2, each named with file and line.
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("extra.ndjson:2:"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("extra.ndjson:3:"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("extra.ndjson:4:"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("at Patient.gender"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("nữ"), std::string::npos) << "patient data in the report";
  // log.ndjson in the data set is an export log, not FHIR: its 4 lines are refused.
  EXPECT_NE(run.output.find("imported 7161 resources"), std::string::npos) << run.output;

  ServerProcess server(data.string());
  ASSERT_TRUE(server.Start());
  HttpClient client("127.0.0.1", server.port());
  EXPECT_EQ(client.Send("GET", "/fhir/Patient/ok-1").status, 200);
  EXPECT_EQ(client.Send("GET", "/fhir/Patient/bad-1").status, 404);
  // Every Patient line of the bulk file is readable under its own id.
  std::ifstream patients(bulk + "/Patient.000.ndjson");
  std::string line;
  int checked = 0;
  while (std::getline(patients, line)) {
    Result<json::Value> p = json::Parse(line);
    ASSERT_TRUE(p.ok());
    ClientResponse r = client.Send("GET", "/fhir/Patient/" + std::string(p->get_string("id")));
    EXPECT_EQ(r.status, 200);
    ++checked;
  }
  EXPECT_EQ(checked, 13);
  // The store is locked while served: import refuses instead of corrupting it.
  CommandRun locked =
      RunLienthong(fmt::format("import --data-dir {} {}", data.string(), extra.string()));
  EXPECT_EQ(locked.exit_code, 1) << locked.output;
  EXPECT_EQ(server.Stop(), 0);
}

// What search answers for a query: the ids of its matches, and whether it said
// the index is incomplete.
struct SearchAnswer {
  int status = 0;
  std::set<std::string> ids;
  bool incomplete_warning = false;
};

SearchAnswer SearchAll(HttpClient& client, const std::string& query) {
  SearchAnswer answer;
  std::string target =
      "/fhir/" + query + (query.find('?') == std::string::npos ? "?" : "&") + "_count=1000";
  ClientResponse r = client.Send("GET", target);
  answer.status = r.status;
  Result<json::Value> bundle = json::Parse(r.body, {.max_depth = 100});
  if (!bundle.ok()) return answer;
  if (const json::Value* entries = bundle->find("entry")) {
    for (size_t i = 0; i < entries->size(); ++i) {
      const json::Value* resource = entries->at(i).find("resource");
      if (resource == nullptr) continue;
      if (resource->get_string("resourceType") == "OperationOutcome") {
        if (json::Write(*resource).find("\"incomplete\"") != std::string::npos) {
          answer.incomplete_warning = true;
        }
        continue;
      }
      answer.ids.insert(std::string(resource->get_string("id")));
    }
  }
  return answer;
}

// The ids of the lines of an NDJSON file whose `field` is `value`.
std::set<std::string> IdsWhere(const std::string& file, const std::string& field,
                               const std::string& value) {
  std::set<std::string> ids;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    Result<json::Value> r = json::Parse(line);
    if (r.ok() && r->get_string(field) == value) ids.insert(std::string(r->get_string("id")));
  }
  return ids;
}

TEST_F(ImportCommandTest, NoIndexImportIsSearchableAfterReindex) {
  const fs::path data = root_ / "store";
  const std::string bulk = std::string(LIENTHONG_SOURCE_DIR) + "/data/synthea/bulk-ndjson";
  const std::set<std::string> women = IdsWhere(bulk + "/Patient.000.ndjson", "gender", "female");
  ASSERT_FALSE(women.empty());
  CommandRun run =
      RunLienthong(fmt::format("import --no-index --data-dir {} {}", data.string(), bulk));
  EXPECT_NE(run.output.find("lienthong reindex"), std::string::npos) << run.output;
  {
    // Served as it is, search finds nothing and says why.
    ServerProcess server(data.string());
    ASSERT_TRUE(server.Start());
    HttpClient client("127.0.0.1", server.port());
    SearchAnswer before = SearchAll(client, "Patient?gender=female");
    EXPECT_EQ(before.status, 200);
    EXPECT_TRUE(before.ids.empty());
    EXPECT_TRUE(before.incomplete_warning);
  }
  run = RunLienthong(fmt::format("reindex --data-dir {}", data.string()));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("7160 resources reindexed"), std::string::npos) << run.output;
  ServerProcess server(data.string());
  ASSERT_TRUE(server.Start());
  HttpClient client("127.0.0.1", server.port());
  SearchAnswer after = SearchAll(client, "Patient?gender=female");
  EXPECT_EQ(after.ids, women);
  EXPECT_FALSE(after.incomplete_warning);
  // Reference parameters too: every Encounter of one patient.
  const std::string patient = *women.begin();
  std::set<std::string> encounters;
  {
    std::ifstream in(bulk + "/Encounter.000.ndjson");
    std::string line;
    while (std::getline(in, line)) {
      if (line.find("Patient/" + patient) != std::string::npos) {
        Result<json::Value> r = json::Parse(line);
        ASSERT_TRUE(r.ok());
        encounters.insert(std::string(r->get_string("id")));
      }
    }
  }
  ASSERT_FALSE(encounters.empty());
  EXPECT_EQ(SearchAll(client, "Encounter?subject=Patient/" + patient).ids, encounters);
}

TEST_F(ImportCommandTest, ReindexOperationRebuildsTheIndexWhileServing) {
  const fs::path data = root_ / "store";
  const std::string bulk = std::string(LIENTHONG_SOURCE_DIR) + "/data/synthea/bulk-ndjson";
  const std::set<std::string> men = IdsWhere(bulk + "/Patient.000.ndjson", "gender", "male");
  ASSERT_FALSE(men.empty());
  CommandRun run =
      RunLienthong(fmt::format("import --no-index --data-dir {} {}", data.string(), bulk));
  ServerProcess server(data.string());
  ASSERT_TRUE(server.Start());
  HttpClient client("127.0.0.1", server.port());
  EXPECT_TRUE(SearchAll(client, "Patient?gender=male").ids.empty());
  // A write while the index is incomplete is indexed by itself.
  ClientResponse put =
      client.Send("PUT", "/fhir/Patient/written-meanwhile",
                  R"({"resourceType":"Patient","id":"written-meanwhile","gender":"male"})",
                  {{"Content-Type", "application/fhir+json"}});
  ASSERT_EQ(put.status, 201) << put.body;
  EXPECT_EQ(SearchAll(client, "Patient?gender=male").ids,
            std::set<std::string>{"written-meanwhile"});

  EXPECT_EQ(client.Send("POST", "/fhir/$reindex").status, 400);  // needs respond-async
  EXPECT_EQ(client.Send("GET", "/fhir/$reindex", {}, {{"Prefer", "respond-async"}}).status, 405);
  ClientResponse kick = client.Send("POST", "/fhir/$reindex", {}, {{"Prefer", "respond-async"}});
  ASSERT_EQ(kick.status, 202) << kick.body;
  const std::string location(kick.header("Content-Location"));
  const std::string status_path = location.substr(location.find("/fhir/"));
  ClientResponse done;
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < limit) {
    done = client.Send("GET", status_path);
    if (done.status != 202) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(done.status, 200) << done.body;
  Result<json::Value> manifest = json::Parse(done.body);
  ASSERT_TRUE(manifest.ok());
  ASSERT_EQ(manifest->find("output")->size(), 1u);
  // The 7,160 resources of the files and the one written meanwhile.
  EXPECT_EQ(manifest->find("output")->at(0).find("count")->text(), "7161");

  std::set<std::string> expected = men;
  expected.insert("written-meanwhile");
  SearchAnswer after = SearchAll(client, "Patient?gender=male");
  EXPECT_EQ(after.ids, expected);
  EXPECT_FALSE(after.incomplete_warning);
}

TEST_F(ImportCommandTest, LoadsTransactionBundles) {
  const fs::path data = root_ / "store";
  const std::string bundles = std::string(LIENTHONG_SOURCE_DIR) + "/data/synthea/bundles";
  CommandRun run = RunLienthong(fmt::format("import --data-dir {} {}", data.string(), bundles));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("from 42 files"), std::string::npos) << run.output;
}

TEST_F(ImportCommandTest, RejectWritesNothingWhenALineIsInvalid) {
  const fs::path data = root_ / "store";
  const fs::path good = root_ / "a-good.ndjson";
  const fs::path bad = root_ / "b-bad.ndjson";
  std::ofstream(good) << R"({"resourceType":"Patient","id":"good-1"})"
                      << "\n";
  std::ofstream(bad) << R"({"resourceType":"Patient","id":"good-2"})"
                     << "\n"
                     << R"({"resourceType":"Patient","id":"bad-2","active":"yes"})"
                     << "\n";
  CommandRun run = RunLienthong(fmt::format("import --on-invalid reject --data-dir {} {} {}",
                                            data.string(), good.string(), bad.string()));
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("b-bad.ndjson:2:"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("nothing was imported"), std::string::npos) << run.output;
  CommandRun exported = RunLienthong(
      fmt::format("export --data-dir {} --out {}", data.string(), (root_ / "out").string()));
  EXPECT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_NE(exported.output.find("exported 0 resources"), std::string::npos) << exported.output;

  // The same files with skip: the valid lines are written.
  run = RunLienthong(
      fmt::format("import --data-dir {} {} {}", data.string(), good.string(), bad.string()));
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("imported 2 resources"), std::string::npos) << run.output;
}

// "Type/id" of every line of the NDJSON files under `dir`, file by file in
// the order the importer reads them (sorted paths).
std::vector<std::vector<std::string>> KeysByFile(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() == ".ndjson") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::vector<std::string>> keys;
  for (const std::string& f : files) {
    std::ifstream in(f);
    std::string line;
    auto& list = keys.emplace_back();
    while (std::getline(in, line)) {
      Result<json::Value> r = json::Parse(line);
      if (!r.ok()) continue;
      list.push_back(std::string(r->get_string("resourceType")) + "/" +
                     std::string(r->get_string("id")));
    }
  }
  return keys;
}

TEST_F(ImportCommandTest, KillDuringImportKeepsWholeAcknowledgedBatchesOnly) {
  const fs::path source = root_ / "province";
  CommandRun generated =
      RunLienthong(fmt::format("generate --patients 4000 --seed 7 --out {}", source.string()));
  ASSERT_EQ(generated.exit_code, 0) << generated.output;
  const fs::path data = root_ / "store";

  // Run the import with stderr on a pipe (plain progress lines) and kill it
  // with SIGKILL once it reports durable resources.
  int err[2];
  ASSERT_EQ(::pipe(err), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(err[1], 2);
    ::close(err[0]);
    ::execl(LIENTHONG_BINARY, "lienthong", "import", "--data-dir", data.c_str(), source.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(err[1]);
  FILE* progress = ::fdopen(err[0], "r");
  ASSERT_NE(progress, nullptr);
  uint64_t acknowledged = 0;
  char line[1024];
  while (std::fgets(line, sizeof(line), progress) != nullptr) {
    const char* at = std::strstr(line, " files, ");
    if (at == nullptr) continue;
    acknowledged = std::strtoull(at + 8, nullptr, 10);
    if (acknowledged > 0) {
      ::kill(pid, SIGKILL);
      break;
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  std::fclose(progress);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the import finished before it could be killed";
  ASSERT_GT(acknowledged, 0u);

  // What survived, read back through lienthong export.
  const fs::path out = root_ / "survived";
  CommandRun exported =
      RunLienthong(fmt::format("export --data-dir {} --out {}", data.string(), out.string()));
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  std::set<std::string> stored;
  for (const auto& file : KeysByFile(out)) stored.insert(file.begin(), file.end());

  // The importer commits each file in batches of 1,000 lines, in order, one
  // batch in flight: what is stored must be a run of whole batches from the
  // start, covering at least every acknowledged resource.
  constexpr size_t kBatch = 1000;
  uint64_t present = 0;
  bool gap = false;
  for (const auto& file : KeysByFile(source)) {
    for (size_t first = 0; first < file.size(); first += kBatch) {
      const size_t last = std::min(file.size(), first + kBatch);
      size_t found = 0;
      for (size_t i = first; i < last; ++i) found += stored.count(file[i]);
      ASSERT_TRUE(found == 0 || found == last - first)
          << "half a batch: " << found << " of " << last - first;
      if (found == 0) gap = true;
      ASSERT_FALSE(found > 0 && gap) << "a batch was stored after one that was not";
      present += found;
    }
  }
  EXPECT_EQ(present, stored.size());
  EXPECT_GE(present, acknowledged);

  // The store opens and takes writes again: an import can simply be rerun.
  CommandRun again = RunLienthong(fmt::format("import --data-dir {} {}", data.string(),
                                              (source / "Organization.ndjson").string()));
  EXPECT_EQ(again.exit_code, 0) << again.output;
}

}  // namespace
}  // namespace lienthong::testing
