// lienthong-http-bench: http::Server answering every request with the same
// 3.7 KB FHIR Patient, so that http_echo_bench.sh can compare the HTTP layer
// alone with nginx serving those bytes as a static file.
//
// Usage: lienthong-http-bench [port] [io_threads] [--write-body FILE]
// --write-body writes the body to FILE and exits (the script gives it to nginx).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "http/server.h"

namespace {

std::string PatientBody() {
  std::string body =
      R"({"resourceType":"Patient","id":"bench-0001","meta":{"versionId":"3",)"
      R"("lastUpdated":"2026-01-15T08:30:00.000+07:00","source":"#a1b2c3d4e5f6",)"
      R"("tag":[{"system":"https://lienthong.vn/facility","code":"79001"}]},)"
      R"("identifier":[{"use":"official","type":{"coding":[{"system":)"
      R"("http://terminology.hl7.org/CodeSystem/v2-0203","code":"NI"}]},)"
      R"("system":"https://cccd.gov.vn","value":"079203001234"},{"system":)"
      R"("https://baohiemxahoi.gov.vn/the-bhyt","value":"DN4797932123456"}],)"
      R"("active":true,"name":[{"use":"official","text":"Nguyễn Thị Minh Anh",)"
      R"("family":"Nguyễn","given":["Thị","Minh","Anh"]}],"telecom":[{"system":"phone",)"
      R"("value":"0903123456","use":"mobile"},{"system":"email","value":"minhanh@example.vn"}],)"
      R"("gender":"female","birthDate":"1992-04-17","address":[{"use":"home","type":"physical",)"
      R"("text":"12 Nguyễn Huệ, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh",)"
      R"("line":["12 Nguyễn Huệ"],"city":"Thành phố Hồ Chí Minh","district":"Quận 1",)"
      R"("state":"Thành phố Hồ Chí Minh","country":"VN"}],"maritalStatus":{"coding":[{)"
      R"("system":"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus","code":"M"}]},)"
      R"("contact":[{"relationship":[{"coding":[{"system":)"
      R"("http://terminology.hl7.org/CodeSystem/v2-0131","code":"N"}]}],"name":{)"
      R"("text":"Trần Văn Bình","family":"Trần","given":["Văn","Bình"]},"telecom":[{)"
      R"("system":"phone","value":"0912345678"}]}],"communication":[{"language":{"coding":[{)"
      R"("system":"urn:ietf:bcp:47","code":"vi"}]},"preferred":true}],)"
      R"("managingOrganization":{"reference":"Organization/79001"},"extension":[)";
  // Pad with ethnicity extensions to the benchmark size of about 3.7 KB.
  int i = 0;
  while (body.size() < 3680) {
    body += (i ? "," : "");
    body += R"({"url":"https://lienthong.vn/fhir/StructureDefinition/ethnicity-)" +
            std::to_string(i++) +
            R"(","valueCoding":{"system":"https://lienthong.vn/CodeSystem/dan-toc","code":"01"}})";
  }
  body += "]}";
  return body;
}

volatile std::sig_atomic_t stop_requested = 0;

}  // namespace

int main(int argc, char** argv) {
  const std::string body = PatientBody();
  if (argc >= 3 && std::strcmp(argv[argc - 2], "--write-body") == 0) {
    std::ofstream(argv[argc - 1], std::ios::binary) << body;
    return 0;
  }
  lienthong::http::ServerOptions options;
  options.bind_address = "127.0.0.1";
  options.port = static_cast<uint16_t>(argc > 1 ? std::atoi(argv[1]) : 8090);
  options.io_threads = argc > 2 ? std::atoi(argv[2]) : 2;
  lienthong::http::Server server(
      options,
      [&body](lienthong::http::Request&&, lienthong::http::Responder respond) {
        lienthong::http::Response response;
        response.body = body;  // a copy, as a store read copies from its cache
        response.headers.push_back({"Content-Type", "application/fhir+json"});
        respond(std::move(response));
      },
      nullptr);
  lienthong::Status status = server.Start();
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }
  std::signal(SIGINT, [](int) { stop_requested = 1; });
  std::signal(SIGTERM, [](int) { stop_requested = 1; });
  std::printf("listening on 127.0.0.1:%u, %d I/O threads, body %zu bytes\n", server.port(),
              options.io_threads, body.size());
  std::fflush(stdout);
  while (!stop_requested) {
    struct timespec pause = {0, 100 * 1000 * 1000};
    nanosleep(&pause, nullptr);
  }
  server.Stop(std::chrono::seconds(2));
  return 0;
}
