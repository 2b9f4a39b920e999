#include "ops/config.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <vector>

#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::ops {
namespace {

// One setting: its key and how to set it from text.
struct Setting {
  const char* key;
  std::function<bool(ServerConfig&, const std::string&)> set;
};

template <typename T>
bool ParseUnsigned(const std::string& text, T& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

bool ParseBool(const std::string& text, bool& out) {
  if (text == "true" || text == "1") {
    out = true;
    return true;
  }
  if (text == "false" || text == "0") {
    out = false;
    return true;
  }
  return false;
}

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> kSettings = {
      {"bind_address",
       [](ServerConfig& c, const std::string& v) {
         c.bind_address = v;
         return true;
       }},
      {"port", [](ServerConfig& c, const std::string& v) { return ParseUnsigned(v, c.port); }},
      {"data_dir",
       [](ServerConfig& c, const std::string& v) {
         c.data_dir = v;
         return true;
       }},
      {"base_url",
       [](ServerConfig& c, const std::string& v) {
         c.base_url = v;
         return true;
       }},
      {"io_threads",
       [](ServerConfig& c, const std::string& v) { return ParseUnsigned(v, c.io_threads); }},
      {"max_body_bytes",
       [](ServerConfig& c, const std::string& v) { return ParseUnsigned(v, c.max_body_bytes); }},
      {"max_json_depth",
       [](ServerConfig& c, const std::string& v) { return ParseUnsigned(v, c.max_json_depth); }},
      {"max_bundle_entries",
       [](ServerConfig& c, const std::string& v) {
         return ParseUnsigned(v, c.max_bundle_entries);
       }},
      {"request_timeout_ms",
       [](ServerConfig& c, const std::string& v) {
         return ParseUnsigned(v, c.request_timeout_ms);
       }},
      {"read_timeout_ms",
       [](ServerConfig& c, const std::string& v) { return ParseUnsigned(v, c.read_timeout_ms); }},
      {"sync", [](ServerConfig& c, const std::string& v) { return ParseBool(v, c.sync); }},
      {"cache_mb",
       [](ServerConfig& c, const std::string& v) { return ParseUnsigned(v, c.cache_mb); }},
      {"log_level",
       [](ServerConfig& c, const std::string& v) {
         c.log_level = v;
         return true;
       }},
      {"import_dir",
       [](ServerConfig& c, const std::string& v) {
         c.import_dir = v;
         return true;
       }},
      {"log_file",
       [](ServerConfig& c, const std::string& v) {
         c.log_file = v;
         return true;
       }},
      {"tls_cert",
       [](ServerConfig& c, const std::string& v) {
         c.tls_cert = v;
         return true;
       }},
      {"tls_key",
       [](ServerConfig& c, const std::string& v) {
         c.tls_key = v;
         return true;
       }},
      {"demo", [](ServerConfig& c, const std::string& v) { return ParseBool(v, c.demo); }},
      {"auth",
       [](ServerConfig& c, const std::string& v) {
         if (v == "on" || v == "off") {
           c.auth = v == "on";
           return true;
         }
         return ParseBool(v, c.auth);
       }},
      {"worker_threads",
       [](ServerConfig& c, const std::string& v) { return ParseUnsigned(v, c.worker_threads); }},
      {"auth_issuer",
       [](ServerConfig& c, const std::string& v) {
         c.auth_issuer = v;
         return true;
       }},
      {"trusted_issuers",
       [](ServerConfig& c, const std::string& v) {
         c.trusted_issuers = v;
         return true;
       }},
      {"auth_rate_limit_per_minute",
       [](ServerConfig& c, const std::string& v) {
         return ParseUnsigned(v, c.auth_rate_limit_per_minute);
       }},
      {"access_token_minutes",
       [](ServerConfig& c, const std::string& v) {
         return ParseUnsigned(v, c.access_token_minutes) && c.access_token_minutes > 0;
       }},
      {"cors_origins",
       [](ServerConfig& c, const std::string& v) {
         c.cors_origins = v;
         return true;
       }},
      {"demo_patients",
       [](ServerConfig& c, const std::string& v) { return ParseUnsigned(v, c.demo_patients); }},
      {"encryption_key_file",
       [](ServerConfig& c, const std::string& v) {
         c.encryption_key_file = v;
         return true;
       }},
      {"backup_dir",
       [](ServerConfig& c, const std::string& v) {
         c.backup_dir = v;
         return true;
       }},
      {"backup_interval_minutes",
       [](ServerConfig& c, const std::string& v) {
         return ParseUnsigned(v, c.backup_interval_minutes);
       }},
      {"backup_keep",
       [](ServerConfig& c, const std::string& v) { return ParseUnsigned(v, c.backup_keep); }},
  };
  return kSettings;
}

}  // namespace

Status ApplyConfigFile(const std::string& path, ServerConfig& config) {
  std::ifstream in(path);
  if (!in) return Status::Invalid(fmt::format("cannot read config file {}", path));
  std::stringstream text;
  text << in.rdbuf();
  Result<json::Value> parsed = json::Parse(text.str());
  if (!parsed.ok()) return Status::Invalid(fmt::format("{}: {}", path, parsed.status().message()));
  if (!parsed->is_object()) return Status::Invalid(fmt::format("{}: must be a JSON object", path));
  for (const json::Value::Member& m : parsed->members()) {
    const Setting* setting = nullptr;
    for (const Setting& s : Settings()) {
      if (m.key == s.key) setting = &s;
    }
    if (setting == nullptr)
      return Status::Invalid(fmt::format("{}: unknown setting {}", path, m.key));
    std::string text_value;
    if (m.value.is_array() && m.key == "trusted_issuers") {
      text_value = json::Write(m.value);
    } else if (m.value.is_array() && m.key == "cors_origins") {
      for (size_t i = 0; i < m.value.size(); ++i) {
        text_value += (i ? "," : "") + m.value.at(i).text();
      }
    } else if (m.value.is_string() || m.value.is_number()) {
      text_value = m.value.text();
    } else if (m.value.is_bool()) {
      text_value = m.value.as_bool() ? "true" : "false";
    } else {
      return Status::Invalid(
          fmt::format("{}: {} must be a string, number or boolean", path, m.key));
    }
    if (!setting->set(config, text_value)) {
      return Status::Invalid(fmt::format("{}: invalid value for {}", path, m.key));
    }
  }
  return Status::Ok();
}

Status ApplyEnvironment(ServerConfig& config) {
  for (const Setting& s : Settings()) {
    std::string name = "LIENTHONG_";
    for (const char* p = s.key; *p; ++p) name.push_back(static_cast<char>(std::toupper(*p)));
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) continue;
    if (!s.set(config, value)) return Status::Invalid(fmt::format("invalid value in {}", name));
  }
  return Status::Ok();
}

}  // namespace lienthong::ops
