// serve --demo: an empty store gets a generated Vietnamese province.
#include <gtest/gtest.h>

#include <filesystem>

#include "json/parser.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace lienthong::testing {
namespace {

namespace fs = std::filesystem;

TEST(DemoProvinceTest, AnEmptyStoreGetsAGeneratedProvinceOnce) {
  const std::string dir =
      (fs::temp_directory_path() / ("lienthong-demo-test-" + std::to_string(::getpid()))).string();
  fs::remove_all(dir);
  std::string first_patient;
  for (int start = 0; start < 2; ++start) {
    ServerProcess server(dir, {"--demo", "--demo-patients", "20"});
    ASSERT_TRUE(server.Start()) << "see " << server.log_path();
    HttpClient client("127.0.0.1", server.port());
    ClientResponse history = client.Send("GET", "/fhir/Patient/_history?_count=100");
    ASSERT_EQ(history.status, 200);
    json::Value bundle = json::Parse(history.body, {.max_depth = 1000}).value();
    const json::Value& entries = *bundle.find("entry");
    // Loaded once: the second start finds the province and adds nothing.
    EXPECT_EQ(entries.size(), 20u) << "start " << start;
    ASSERT_FALSE(entries.empty());
    const json::Value& patient = *entries.at(0).find("resource");
    bool has_national_id = false;
    for (const auto& identifier : patient.find("identifier")->members()) {
      if (identifier.value.get_string("system") ==
          "http://fhir.ehealth.gov.vn/core/sid/national_id") {
        has_national_id = identifier.value.get_string("value").size() == 12;
      }
    }
    EXPECT_TRUE(has_national_id);
    ClientResponse encounters = client.Send("GET", "/fhir/Encounter/_history?_count=1");
    EXPECT_FALSE(json::Parse(encounters.body).value().find("entry")->empty());
    EXPECT_EQ(server.Stop(), 0);
  }
  fs::remove_all(dir);
  fs::remove(dir + ".log");
}

}  // namespace
}  // namespace lienthong::testing
