// The differential search test: lienthong and Medplum's FHIR router over its
// in-memory repository load the same data (the Synthea bundles and
// supplement_bundle.json, as PUTs with fixed ids; see synthea_bundles.mjs) and
// answer every query of queries.txt. The sets of matches (Type/id, whatever
// the paging) must be identical, and so must the sets of included resources
// (_include, _revinclude); no page may repeat an entry of an earlier one; with
// _sort the matches must come in the same order up to ties (see SameOrder).
// Exceptions are the queries listed in known_differences.md, each under the
// heading that says who is wrong and why. A difference that is not listed
// fails, and so does a listed query whose answers no longer differ (the list
// must not go stale).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "json/parser.h"
#include "json/value.h"
#include "support/http_client.h"
#include "support/read_file.h"
#include "support/server_process.h"

namespace lienthong::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = LIENTHONG_SOURCE_DIR;
const fs::path kTestDir = kSourceDir / "tests" / "differential";
const fs::path kBundleDir = kSourceDir / "data" / "synthea" / "bundles";
const fs::path kNodeDir = LIENTHONG_DIFFERENTIAL_NODE_DIR;
constexpr const char* kNode = LIENTHONG_NODE;

// One side's answer to a query: the matches, or why there are none.
struct Answer {
  std::vector<std::string> order;  // "Type/id" of the matches as returned, page after page
  std::set<std::string> matches;
  std::set<std::string> included;  // search.mode "include"
  int repeated = 0;                // entries that an earlier page already had
  std::string error;               // empty when the search succeeded
};

struct KnownDifference {
  std::string section;  // the "## " heading it is listed under
  int line = 0;
};

// known_differences.md: every "- `query`" bullet, under its "## " section.
std::map<std::string, KnownDifference> ReadKnownDifferences(const fs::path& path) {
  std::map<std::string, KnownDifference> known;
  std::ifstream in(path);
  std::string line;
  std::string section;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.starts_with("## ")) section = line.substr(3);
    if (!line.starts_with("- `")) continue;
    const size_t end = line.find('`', 3);
    if (end == std::string::npos) continue;
    const std::string query = line.substr(3, end - 3);
    EXPECT_FALSE(known.count(query)) << path << ":" << number << " lists " << query << " twice";
    known[query] = {section, number};
  }
  return known;
}

std::vector<std::string> ReadQueries(const fs::path& path) {
  std::vector<std::string> queries;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') queries.push_back(line);
  }
  return queries;
}

// Runs a shell command; its exit status (-1 when it could not run).
int Shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Quoted(const fs::path& path) { return "'" + path.string() + "'"; }

// Per _sort query, each match's values of the sort parameters as Medplum
// reports them (JSON text): "Type/id" -> values.
using SortValues = std::map<std::string, std::map<std::string, std::string>>;

// Medplum's answers: one JSON line per query from medplum_search.mjs.
std::map<std::string, Answer> ReadMedplumAnswers(const fs::path& path, SortValues* sort_values) {
  std::map<std::string, Answer> answers;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Result<json::Value> parsed = json::Parse(line);
    if (!parsed.ok()) {
      ADD_FAILURE() << "medplum_search.mjs printed a line that is not JSON: " << line;
      continue;
    }
    const std::string query(parsed->get_string("query"));
    Answer answer;
    if (const json::Value* matches = parsed->find("matches")) {
      for (const auto& m : matches->members()) {
        answer.order.push_back(m.value.text());
        answer.matches.insert(m.value.text());
      }
    } else {
      answer.error = std::string(parsed->get_string("error"));
    }
    if (const json::Value* included = parsed->find("included")) {
      for (const auto& m : included->members()) answer.included.insert(m.value.text());
    }
    if (const json::Value* repeated = parsed->find("repeated")) {
      answer.repeated = std::stoi(repeated->text());
    }
    if (const json::Value* values = parsed->find("sortValues")) {
      for (const auto& m : values->members()) (*sort_values)[query][m.key] = m.value.text();
    }
    answers[query] = std::move(answer);
  }
  return answers;
}

// The queries are stored readably; '|' is the one character left to encode.
std::string EncodeTarget(std::string_view query) {
  std::string out;
  for (char ch : query) {
    if (ch == '|')
      out += "%7C";
    else
      out += ch;
  }
  return out;
}

// lienthong's answer, following next links (pages of the query's _count, or
// of 1000); matches are the entries whose search.mode is "match".
Answer SearchLienthong(HttpClient& client, const std::string& query) {
  Answer answer;
  std::string target = "/fhir/" + EncodeTarget(query);
  if (query.find("_count=") == std::string::npos) target += "&_count=1000";
  while (!target.empty()) {
    ClientResponse r = client.Send("GET", target);
    if (r.status != 200) {
      answer.error = fmt::format("HTTP {}: {}", r.status, r.body.substr(0, 300));
      return answer;
    }
    Result<json::Value> bundle = json::Parse(r.body, {.max_depth = 1000});
    if (!bundle.ok()) {
      answer.error = "response is not JSON";
      return answer;
    }
    if (const json::Value* entries = bundle->find("entry")) {
      for (const auto& e : entries->members()) {
        const json::Value* search = e.value.find("search");
        const std::string_view mode = search == nullptr ? "match" : search->get_string("mode");
        const json::Value* resource = e.value.find("resource");
        const std::string key =
            fmt::format("{}/{}", resource->get_string("resourceType"), resource->get_string("id"));
        if (mode == "include") {
          answer.included.insert(key);
        } else if (mode == "match") {
          answer.order.push_back(key);
          if (!answer.matches.insert(key).second) ++answer.repeated;
        }
      }
    }
    target.clear();
    if (const json::Value* links = bundle->find("link")) {
      for (const auto& link : links->members()) {
        if (link.value.get_string("relation") != "next") continue;
        const std::string url(link.value.get_string("url"));
        const size_t path = url.find("/fhir/");
        if (path != std::string::npos) target = url.substr(path);
      }
    }
  }
  return answer;
}

// "Type/id" items of `a` that are not in `b`, at most a few, for messages.
std::string OnlyIn(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::vector<std::string> only;
  size_t count = 0;
  for (const std::string& x : a) {
    if (b.count(x)) continue;
    if (++count <= 3) only.push_back(x);
  }
  if (count == 0) return "none";
  return fmt::format("{} ({}{})", count, fmt::join(only, ", "), count > 3 ? ", ..." : "");
}

std::string Describe(const Answer& a) {
  if (!a.error.empty()) return "error " + a.error;
  std::string text = fmt::format("{} matches", a.matches.size());
  if (!a.included.empty()) text += fmt::format(", {} included", a.included.size());
  if (a.repeated > 0) text += fmt::format(", {} repeated by a later page", a.repeated);
  return text;
}

// Whether two orders of the same matches agree up to ties: the sequences of
// their sort values (Medplum's JSON text of each sort parameter's values) are
// equal. Resources with the same values may come in either order; a
// resource's position is compared by its values, so an order only differs
// where it puts a different value first. Empty when they agree, else where
// they first part.
std::string SameOrder(const std::vector<std::string>& ours, const std::vector<std::string>& theirs,
                      const std::map<std::string, std::string>& values) {
  auto value_of = [&](const std::string& key) {
    const auto v = values.find(key);
    return v == values.end() ? std::string("?") : v->second;
  };
  for (size_t i = 0; i < ours.size() && i < theirs.size(); ++i) {
    if (value_of(ours[i]) == value_of(theirs[i])) continue;
    return fmt::format("at position {} lienthong has {} {}, Medplum {} {}", i, ours[i],
                       value_of(ours[i]), theirs[i], value_of(theirs[i]));
  }
  return "";
}

// Why two answers differ; empty when they agree.
std::string Disagreement(const Answer& ours, const Answer& theirs,
                         const std::map<std::string, std::string>* sort_values) {
  if (!ours.error.empty() || !theirs.error.empty()) {
    return ours.error.empty() == theirs.error.empty() ? "" : "one side failed";
  }
  if (ours.matches != theirs.matches) {
    return fmt::format("only in lienthong: {}\n    only in Medplum: {}",
                       OnlyIn(ours.matches, theirs.matches), OnlyIn(theirs.matches, ours.matches));
  }
  if (ours.repeated > 0 || theirs.repeated > 0) return "a page repeats an earlier page's entry";
  if (ours.included != theirs.included) {
    return fmt::format("included only by lienthong: {}\n    included only by Medplum: {}",
                       OnlyIn(ours.included, theirs.included),
                       OnlyIn(theirs.included, ours.included));
  }
  if (sort_values != nullptr) return SameOrder(ours.order, theirs.order, *sort_values);
  return "";
}

TEST(DifferentialSearchTest, LienthongAndMedplumFindTheSameResources) {
  if (std::string(kNode).empty()) GTEST_SKIP() << "node and npm are needed for this test";
  const auto started = std::chrono::steady_clock::now();

  const fs::path work =
      fs::temp_directory_path() / ("lienthong-differential-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work / "bundles");
  const fs::path medplum_out = work / "medplum.jsonl";
  const fs::path medplum_err = work / "medplum.err";

  // Medplum's side; it also writes the converted bundles that lienthong loads.
  const int node_status =
      Shell(fmt::format("cd {} && {} medplum_search.mjs {} {} {} > {} 2> {}", Quoted(kNodeDir),
                        kNode, Quoted(kBundleDir), Quoted(kTestDir / "queries.txt"),
                        Quoted(work / "bundles"), Quoted(medplum_out), Quoted(medplum_err)));
  ASSERT_EQ(node_status, 0) << "medplum_search.mjs failed: " << ReadFile(medplum_err);
  SortValues sort_values;
  const std::map<std::string, Answer> medplum = ReadMedplumAnswers(medplum_out, &sort_values);

  ServerProcess server((work / "data").string());
  ASSERT_TRUE(server.Start()) << "server did not start; see " << server.log_path();
  HttpClient client("127.0.0.1", server.port(), std::chrono::seconds(60));

  std::vector<fs::path> bundles;
  for (const auto& entry : fs::directory_iterator(work / "bundles")) bundles.push_back(entry);
  std::sort(bundles.begin(), bundles.end());
  ASSERT_FALSE(bundles.empty());
  for (const fs::path& path : bundles) {
    ClientResponse r =
        client.Send("POST", "/fhir", ReadFile(path), {{"Content-Type", "application/fhir+json"}});
    ASSERT_EQ(r.status, 200) << path << ": " << r.body.substr(0, 500);
    Result<json::Value> response = json::Parse(r.body, {.max_depth = 1000});
    ASSERT_TRUE(response.ok());
    for (const auto& e : response->find("entry")->members()) {
      const std::string_view status = e.value.find("response")->get_string("status");
      ASSERT_TRUE(status.starts_with("2")) << path << ": an entry answered " << status;
    }
  }

  const std::vector<std::string> queries = ReadQueries(kTestDir / "queries.txt");
  const std::map<std::string, KnownDifference> known =
      ReadKnownDifferences(kTestDir / "known_differences.md");
  ASSERT_GE(queries.size(), 300u);

  int identical = 0;
  int known_differences = 0;
  std::vector<std::string> unlisted;
  std::vector<std::string> stale;
  std::set<std::string> asked;
  for (const std::string& query : queries) {
    asked.insert(query);
    const auto m = medplum.find(query);
    if (m == medplum.end()) {
      ADD_FAILURE() << "medplum_search.mjs did not answer " << query;
      continue;
    }
    const Answer ours = SearchLienthong(client, query);
    const auto listed = known.find(query);
    const auto sorted = sort_values.find(query);
    const std::string disagreement =
        Disagreement(ours, m->second, sorted == sort_values.end() ? nullptr : &sorted->second);
    if (disagreement.empty()) {
      ++identical;
      if (listed != known.end()) {
        stale.push_back(fmt::format("{} (known_differences.md:{}, {}): both give {}", query,
                                    listed->second.line, listed->second.section, Describe(ours)));
      }
      continue;
    }
    if (listed != known.end()) {
      ++known_differences;
      continue;
    }
    unlisted.push_back(fmt::format("{}\n    lienthong: {}; Medplum: {}\n    {}", query,
                                   Describe(ours), Describe(m->second), disagreement));
  }
  for (const auto& [query, where] : known) {
    if (!asked.count(query)) {
      stale.push_back(
          fmt::format("{} (known_differences.md:{}): not in queries.txt", query, where.line));
    }
  }

  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started)
          .count();
  std::cout << fmt::format(
                   "Differential search: {} queries, {} identical, {} known differences ({} s)",
                   queries.size(), identical, known_differences, seconds)
            << std::endl;
  EXPECT_TRUE(unlisted.empty()) << unlisted.size()
                                << " differences not listed in known_differences.md:\n  "
                                << fmt::format("{}", fmt::join(unlisted, "\n  "));
  EXPECT_TRUE(stale.empty()) << stale.size()
                             << " entries of known_differences.md no longer differ:\n  "
                             << fmt::format("{}", fmt::join(stale, "\n  "));

  EXPECT_EQ(server.Stop(), 0);
  fs::remove_all(work);
  fs::remove(server.log_path());
}

// queries.txt is committed so that a change of queries shows in review; it
// must be what the generator writes today.
TEST(DifferentialSearchTest, QueriesFileIsWhatTheGeneratorWrites) {
  if (std::string(kNode).empty()) GTEST_SKIP() << "node and npm are needed for this test";
  const fs::path out = fs::temp_directory_path() /
                       ("lienthong-differential-queries-" + std::to_string(::getpid()) + ".txt");
  ASSERT_EQ(Shell(fmt::format("cd {} && {} generate_queries.mjs {} > {}", Quoted(kNodeDir), kNode,
                              Quoted(kBundleDir), Quoted(out))),
            0);
  EXPECT_TRUE(ReadFile(out) == ReadFile(kTestDir / "queries.txt"))
      << "queries.txt is stale: in tests/differential run\n  node generate_queries.mjs "
         "../../data/synthea/bundles > queries.txt\nthen update known_differences.md";
  fs::remove(out);
}

}  // namespace
}  // namespace lienthong::testing
