#include "cli/auth_setup.h"

#include <filesystem>

#include "auth/jwks_fetcher.h"
#include "json/parser.h"

namespace lienthong::cli {
namespace {

// scheme://host[:port] of a URL; empty when it has none.
std::string OriginOf(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  return url.substr(0, url.find('/', scheme + 3));
}

}  // namespace

bool IsLoopbackAddress(std::string_view address) {
  return address.starts_with("127.") || address == "::1" || address == "[::1]" ||
         address == "localhost";
}

Status CheckAuthSetting(const ops::ServerConfig& config) {
  if (config.auth || IsLoopbackAddress(config.bind_address)) return Status::Ok();
  return Status::Invalid(
      "--auth off is allowed only on a loopback address (--bind 127.0.0.1); "
      "without sign-in anyone who reaches the port reads every patient");
}

std::string IssuerFor(const ops::ServerConfig& config) {
  if (!config.auth_issuer.empty()) return config.auth_issuer;
  const std::string origin = OriginOf(config.base_url);
  if (!origin.empty()) return origin + "/auth";
  return "http://localhost:" + std::to_string(config.port) + "/auth";
}

Result<std::unique_ptr<auth::AuthService>> OpenAuthService(const ops::ServerConfig& config,
                                                           store::ResourceStore& store) {
  auth::AuthOptions options;
  options.enabled = config.auth;
  options.keys_folder = (std::filesystem::path(config.data_dir) / "auth" / "signing-keys").string();
  options.configured_origin = OriginOf(config.base_url);
  options.issuer = IssuerFor(config);
  options.rate_limit_per_minute = static_cast<unsigned>(config.auth_rate_limit_per_minute);
  options.access_lifetime = std::chrono::minutes(config.access_token_minutes);
  options.fetch = auth::FetchJwks;
  if (!config.trusted_issuers.empty()) {
    Result<json::Value> list = json::Parse(config.trusted_issuers, {.max_depth = 8});
    if (!list.ok())
      return Status::Invalid("trusted_issuers is not JSON: " + list.status().message());
    Result<std::vector<auth::TrustedIssuerConfig>> issuers = auth::ParseTrustedIssuers(*list);
    if (!issuers.ok()) return issuers.take_status();
    options.trusted_issuers = std::move(issuers.value());
  }
  return auth::AuthService::Open(store, std::move(options));
}

}  // namespace lienthong::cli
