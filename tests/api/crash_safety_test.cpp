// kill -9 during a concurrent write load: after a restart every acknowledged
// write is readable with (at least) its acknowledged version, and no
// transaction is half there.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "json/parser.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace lienthong::testing {
namespace {

namespace fs = std::filesystem;

struct Acknowledged {
  std::mutex mu;
  // Patient id -> highest acknowledged version.
  std::map<std::string, uint64_t> versions;
  // Transaction tag -> the ids of its two resources, acknowledged together.
  std::map<std::string, std::pair<std::string, std::string>> pairs;
};

void WriteLoad(uint16_t port, int worker, std::atomic<bool>& stop, Acknowledged& acked) {
  HttpClient client("127.0.0.1", port, std::chrono::seconds(5));
  std::mt19937 rng(static_cast<unsigned>(worker));
  for (int i = 0; !stop.load(); ++i) {
    if (i % 2 == 0) {
      // Repeated updates of a few resources: versions must never go back.
      const std::string id = fmt::format("crash-{}-{}", worker, rng() % 5);
      ClientResponse r = client.Send(
          "PUT", "/fhir/Patient/" + id,
          fmt::format(R"({{"resourceType":"Patient","id":"{}","birthDate":"1990-01-{:02}"}})", id,
                      1 + rng() % 28),
          {{"Content-Type", "application/fhir+json"}, {"Prefer", "return=minimal"}});
      if (r.status == 200 || r.status == 201) {
        const std::string etag(r.header("ETag"));
        const uint64_t version = std::stoull(etag.substr(3, etag.size() - 4));
        std::lock_guard<std::mutex> lock(acked.mu);
        acked.versions[id] = std::max(acked.versions[id], version);
      }
    } else {
      const std::string tag = fmt::format("w{}-{}", worker, i);
      const std::string bundle = fmt::format(
          R"({{"resourceType":"Bundle","type":"transaction","entry":[
          {{"fullUrl":"urn:uuid:{0}","resource":{{"resourceType":"Patient","identifier":[{{"system":"urn:test","value":"{1}"}}]}},"request":{{"method":"POST","url":"Patient"}}}},
          {{"resource":{{"resourceType":"Observation","status":"final","code":{{"text":"{1}"}},"subject":{{"reference":"urn:uuid:{0}"}}}},"request":{{"method":"POST","url":"Observation"}}}}]}})",
          fmt::format("00000000-0000-4000-8000-{:012}", worker * 1000000 + i), tag);
      ClientResponse r =
          client.Send("POST", "/fhir", bundle, {{"Content-Type", "application/fhir+json"}});
      if (r.status != 200) continue;
      Result<json::Value> parsed = json::Parse(r.body);
      if (!parsed.ok()) continue;
      const json::Value& entries = *parsed->find("entry");
      auto loc = [&](size_t k) {
        std::string l(entries.at(k).find("response")->get_string("location"));
        return l.substr(0, l.find("/_history"));
      };
      std::lock_guard<std::mutex> lock(acked.mu);
      acked.pairs[tag] = {loc(0), loc(1)};
    }
  }
}

TEST(CrashSafetyTest, AcknowledgedWritesSurviveKillNine) {
  const std::string dir =
      (fs::temp_directory_path() / ("lienthong-crash-" + std::to_string(::getpid()))).string();
  fs::remove_all(dir);
  Acknowledged acked;
  constexpr int kRounds = 4;
  // Round kRounds only checks what the last kill left.
  for (int round = 0; round <= kRounds; ++round) {
    ServerProcess server(dir);
    ASSERT_TRUE(server.Start()) << "see " << server.log_path();
    // Everything acknowledged in earlier rounds is still there.
    {
      HttpClient client("127.0.0.1", server.port());
      std::lock_guard<std::mutex> lock(acked.mu);
      for (const auto& [id, version] : acked.versions) {
        ClientResponse r = client.Send("GET", "/fhir/Patient/" + id);
        ASSERT_EQ(r.status, 200) << id;
        const std::string etag(r.header("ETag"));
        EXPECT_GE(std::stoull(etag.substr(3, etag.size() - 4)), version) << id;
      }
      for (const auto& [tag, pair] : acked.pairs) {
        ASSERT_EQ(client.Send("GET", "/fhir/" + pair.first).status, 200) << tag;
        ASSERT_EQ(client.Send("GET", "/fhir/" + pair.second).status, 200) << tag;
      }
      // No transaction is half there: every Observation written has its Patient.
      ClientResponse history = client.Send("GET", "/fhir/Observation/_history?_count=1000");
      ASSERT_EQ(history.status, 200);
      json::Value bundle = json::Parse(history.body).value();
      if (const json::Value* entries = bundle.find("entry")) {
        for (const auto& e : entries->members()) {
          const json::Value* obs = e.value.find("resource");
          if (obs == nullptr) continue;
          const std::string subject(obs->find("subject")->get_string("reference"));
          EXPECT_EQ(client.Send("GET", "/fhir/" + subject).status, 200) << subject;
        }
      }
    }
    if (round == kRounds) {
      EXPECT_EQ(server.Stop(), 0);
      break;
    }
    std::atomic<bool> stop{false};
    std::vector<std::thread> workers;
    for (int w = 0; w < 8; ++w) {
      workers.emplace_back(WriteLoad, server.port(), round * 100 + w, std::ref(stop),
                           std::ref(acked));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(700 + 300 * round));
    server.Kill();  // in the middle of the load
    stop = true;
    for (auto& t : workers) t.join();
  }
  std::lock_guard<std::mutex> lock(acked.mu);
  std::cout << fmt::format(
      "crash rounds: {}, acknowledged resources checked: {} updated, {} "
      "transactions\n",
      kRounds, acked.versions.size(), acked.pairs.size());
  EXPECT_GT(acked.pairs.size(), 10u);
  fs::remove_all(dir);
  fs::remove(dir + ".log");
}

}  // namespace
}  // namespace lienthong::testing
