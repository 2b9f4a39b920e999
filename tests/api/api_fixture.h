// ApiTest: a fixture that runs the real lienthong server (one per test suite,
// fresh data directory) and talks FHIR to it over HTTP.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "json/parser.h"
#include "json/value.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace lienthong::testing {

// A resource to PUT before the tests of a suite run.
struct Fixture {
  const char* path;  // Type/id
  const char* body;
};

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_suite();
    // A parameterised suite is named "Prefix/Suite": one folder, not two
    // nested ones of which only the inner would be removed.
    std::string suite = info->name();
    std::replace(suite.begin(), suite.end(), '/', '-');
    data_dir_ = (std::filesystem::temp_directory_path() /
                 ("lienthong-api-" + std::to_string(::getpid()) + "-" + suite))
                    .string();
    std::filesystem::remove_all(data_dir_);
    server_ = std::make_unique<ServerProcess>(data_dir_);
    ASSERT_TRUE(server_->Start()) << "server did not start; see " << server_->log_path();
  }
  static void TearDownTestSuite() {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0);
    }
    server_.reset();
    std::filesystem::remove_all(data_dir_);
    std::filesystem::remove(data_dir_ + ".log");
  }
  void SetUp() override {
    ASSERT_TRUE(server_ && server_->running());
    client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
  }

  static std::vector<http::Header> FhirHeaders(std::vector<http::Header> extra = {}) {
    extra.push_back({"Content-Type", "application/fhir+json"});
    return extra;
  }
  ClientResponse Get(const std::string& path, std::vector<http::Header> headers = {}) {
    return client_->Send("GET", "/fhir/" + path, {}, headers);
  }
  ClientResponse Post(const std::string& path, const std::string& body,
                      std::vector<http::Header> headers = {}) {
    return client_->Send("POST", "/fhir/" + path, body, FhirHeaders(std::move(headers)));
  }
  ClientResponse Put(const std::string& path, const std::string& body,
                     std::vector<http::Header> headers = {}) {
    return client_->Send("PUT", "/fhir/" + path, body, FhirHeaders(std::move(headers)));
  }
  ClientResponse Delete(const std::string& path, std::vector<http::Header> headers = {}) {
    return client_->Send("DELETE", "/fhir/" + path, {}, headers);
  }
  static json::Value Json(const ClientResponse& r) {
    Result<json::Value> parsed = json::Parse(r.body, {.max_depth = 1000});
    EXPECT_TRUE(parsed.ok()) << "not JSON: " << r.body.substr(0, 200);
    return parsed.ok() ? std::move(parsed.value()) : json::Value();
  }
  // The newest entry of the system history: changes exactly when something is written.
  std::string NewestHistoryEntry() {
    ClientResponse r = Get("_history?_count=1");
    EXPECT_EQ(r.status, 200);
    json::Value bundle = Json(r);
    const json::Value* entries = bundle.find("entry");
    if (entries == nullptr || entries->empty()) return "";
    const json::Value& e = entries->at(0);
    return std::string(e.get_string("fullUrl")) + " " +
           std::string(e.find("response")->get_string("etag"));
  }

  // PUTs each fixture (each must be created: 201).
  template <size_t N>
  static void PutAll(const Fixture (&fixtures)[N]) {
    HttpClient client("127.0.0.1", server_->port());
    for (const Fixture& f : fixtures) {
      ClientResponse r = client.Send("PUT", std::string("/fhir/") + f.path, f.body,
                                     {{"Content-Type", "application/fhir+json"}});
      ASSERT_EQ(r.status, 201) << f.path << ": " << r.body;
    }
  }
  // The ids of the matches (search mode "match") of a search, type?query; a
  // failure when it does not answer 200 with a searchset.
  std::set<std::string> MatchIds(const std::string& query, std::vector<http::Header> headers = {},
                                 int* status = nullptr) {
    ClientResponse r = Get(query, std::move(headers));
    if (status != nullptr) *status = r.status;
    std::set<std::string> ids;
    if (r.status != 200) {
      ADD_FAILURE() << query << " answered " << r.status << ": " << r.body;
      return ids;
    }
    json::Value bundle = Json(r);
    EXPECT_EQ(bundle.get_string("type"), "searchset");
    if (const json::Value* entries = bundle.find("entry")) {
      for (const auto& e : entries->members()) {
        const json::Value* search = e.value.find("search");
        if (search != nullptr && search->get_string("mode") != "match") continue;
        ids.insert(std::string(e.value.find("resource")->get_string("id")));
      }
    }
    return ids;
  }

  static inline std::string data_dir_;
  static inline std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

// A search written readably (type, then parameters), with '|', '$', ' ', '+'
// and '\\' percent-encoded.
inline std::string Q(std::string_view type, std::string_view params) {
  std::string out(type);
  out += "?";
  for (char ch : params) {
    switch (ch) {
      case '|':
        out += "%7C";
        break;
      case '$':
        out += "%24";
        break;
      case ' ':
        out += "%20";
        break;
      case '+':
        out += "%2B";
        break;
      case '\\':
        out += "%5C";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

// Expects an OperationOutcome body with at least one error issue; returns it.
inline json::Value ExpectOutcome(const ClientResponse& r) {
  Result<json::Value> parsed = json::Parse(r.body);
  EXPECT_TRUE(parsed.ok()) << "body is not JSON: " << r.body.substr(0, 200);
  if (!parsed.ok()) return json::Value();
  EXPECT_EQ(parsed->get_string("resourceType"), "OperationOutcome") << r.body.substr(0, 300);
  const json::Value* issues = parsed->find("issue");
  EXPECT_TRUE(issues && issues->is_array() && !issues->empty());
  return std::move(parsed.value());
}

}  // namespace lienthong::testing
