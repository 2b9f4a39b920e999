// The official R4 examples and the Synthea transaction bundles, loaded
// through the API.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "api_fixture.h"
#include "json/writer.h"
#include "support/read_file.h"

#ifndef LIENTHONG_SOURCE_DIR
#error "LIENTHONG_SOURCE_DIR must name the source tree"
#endif

namespace lienthong::testing {
namespace {

namespace fs = std::filesystem;

using ::lienthong::testing::ReadFile;

std::vector<fs::path> FilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Removes what the server adds, for comparison with what was sent.
void StripServerMeta(json::Value& resource) {
  json::Value* meta = resource.find("meta");
  if (meta == nullptr) return;
  meta->erase("versionId");
  meta->erase("lastUpdated");
  if (meta->empty()) resource.erase("meta");
}

// Every string under a "reference" key, with the JSON path to it.
void CollectReferences(const json::Value& v, bool under_reference, std::vector<std::string>& out) {
  if (v.is_string() && under_reference) out.push_back(v.text());
  if (v.is_array()) {
    for (const auto& m : v.members()) CollectReferences(m.value, under_reference, out);
  }
  if (v.is_object()) {
    for (const auto& m : v.members()) CollectReferences(m.value, m.key == "reference", out);
  }
}

class ConformanceDataTest : public ApiTest {};

TEST_F(ConformanceDataTest, EveryOfficialExampleIsAcceptedAndReadsBackEqual) {
  const fs::path dir = fs::path(LIENTHONG_SOURCE_DIR) / "tests/data/r4-examples";
  std::set<std::string> known_invalid;
  {
    std::ifstream exceptions(fs::path(LIENTHONG_SOURCE_DIR) /
                             "tests/data/r4-examples-exceptions.txt");
    std::string line;
    while (std::getline(exceptions, line)) {
      if (!line.empty() && line[0] != '#')
        known_invalid.insert(line.substr(0, line.find_first_of(" \t")));
    }
  }
  size_t accepted = 0, refused_as_known = 0;
  const auto files = FilesIn(dir);
  ASSERT_GE(files.size(), 70u);
  for (const fs::path& file : files) {
    json::Value sent = json::Parse(ReadFile(file), {.max_depth = 1000}).value();
    const std::string type(sent.get_string("resourceType"));
    std::string id(sent.get_string("id"));
    if (id.empty()) {
      id = "example-" + file.stem().string();
      sent.set("id", json::Value::String(id));
    }
    ClientResponse r = Put(type + "/" + id, json::Write(sent));
    if (known_invalid.count(file.filename().string())) {
      EXPECT_EQ(r.status, 422) << file.filename() << " is listed as invalid but was accepted";
      ++refused_as_known;
      continue;
    }
    ASSERT_TRUE(r.status == 200 || r.status == 201)
        << file.filename() << ": " << r.body.substr(0, 800);
    ClientResponse read = Get(type + "/" + id);
    ASSERT_EQ(read.status, 200) << file.filename();
    json::Value back = Json(read);
    StripServerMeta(back);
    StripServerMeta(sent);
    EXPECT_EQ(back, sent) << file.filename() << " reads back different";
    ++accepted;
  }
  std::cout << fmt::format("r4 examples accepted and read back equal: {}/{} ({} known invalid)\n",
                           accepted, files.size(), refused_as_known);
  EXPECT_EQ(accepted + refused_as_known, files.size());
}

TEST_F(ConformanceDataTest, EverySyntheaBundleLoadsAndEveryReferenceResolves) {
  const fs::path dir = fs::path(LIENTHONG_SOURCE_DIR) / "data/synthea/bundles";
  const auto files = FilesIn(dir);
  ASSERT_GE(files.size(), 40u);
  size_t resources = 0;
  std::vector<std::string> locations;
  for (const fs::path& file : files) {
    ClientResponse r = Post("", ReadFile(file));
    ASSERT_EQ(r.status, 200) << file.filename() << ": " << r.body.substr(0, 800);
    json::Value response = Json(r);
    ASSERT_EQ(response.get_string("type"), "transaction-response");
    for (const auto& e : response.find("entry")->members()) {
      const json::Value* res = e.value.find("response");
      ASSERT_TRUE(res->get_string("status").starts_with("201")) << file.filename();
      const std::string location(res->get_string("location"));
      locations.push_back(location.substr(0, location.find("/_history")));
      ++resources;
    }
  }
  std::cout << fmt::format("synthea bundles loaded: {} bundles, {} resources\n", files.size(),
                           resources);
  // Read every stored resource and check that each of its references resolves.
  std::set<std::string> stored(locations.begin(), locations.end());
  size_t references = 0;
  for (const std::string& location : locations) {
    ClientResponse r = Get(location);
    ASSERT_EQ(r.status, 200) << location;
    std::vector<std::string> refs;
    CollectReferences(Json(r), false, refs);
    for (const std::string& ref : refs) {
      if (ref.starts_with("#")) continue;  // contained resource
      ++references;
      EXPECT_TRUE(stored.count(ref)) << location << " refers to " << ref;
    }
  }
  std::cout << fmt::format("references checked: {}\n", references);
  EXPECT_GT(references, 10000u);
}

}  // namespace
}  // namespace lienthong::testing
