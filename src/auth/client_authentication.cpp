#include "auth/client_authentication.h"

#include <openssl/evp.h>

#include "auth/jwk.h"
#include "auth/jwt.h"
#include "auth/password.h"
#include "common/time.h"
#include "http/message.h"
#include "http/target.h"

namespace lienthong::auth {
namespace {

constexpr int64_t kMaxAssertionLifetime = 300;
constexpr int64_t kClockSkewSeconds = 60;

// Standard base64 (with padding), as HTTP Basic uses; nullopt when malformed.
std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > 4096) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t len = static_cast<size_t>(n);
  if (text.ends_with("=="))
    len -= 2;
  else if (text.ends_with("="))
    len -= 1;
  out.resize(len);
  return out;
}

std::string FormDecode(std::string_view text) {
  std::string path;
  FormParams params;
  if (!http::ParseTarget("/?x=" + std::string(text), &path, &params) || params.empty()) return "";
  return params[0].second;
}

}  // namespace

std::string FormValue(const FormParams& form, std::string_view name) {
  for (const auto& [k, v] : form) {
    if (k == name) return v;
  }
  return "";
}

ClientAuthenticator::ClientAuthenticator(const AccountStore& accounts, JwksFetcher fetch)
    : accounts_(accounts), fetch_(std::move(fetch)) {}

OAuthResult<Client> ClientAuthenticator::Authenticate(const FormParams& form,
                                                      std::string_view authorization,
                                                      const std::string& token_url,
                                                      bool allow_public) {
  if (!FormValue(form, "client_assertion").empty() ||
      !FormValue(form, "client_assertion_type").empty()) {
    return ByAssertion(form, token_url);
  }
  if (!authorization.empty()) return BySecret(authorization);
  const std::string client_id = FormValue(form, "client_id");
  if (client_id.empty()) return InvalidClient("the client did not identify itself");
  std::optional<Client> client = accounts_.FindClient(client_id);
  if (!client || !client->active) return InvalidClient("unknown or disabled client");
  if (client->confidential()) return InvalidClient("this client must authenticate");
  if (!allow_public) return InvalidClient("public clients may not use this endpoint");
  return *client;
}

OAuthResult<Client> ClientAuthenticator::BySecret(std::string_view authorization) {
  if (authorization.size() < 6 || !http::EqualsIgnoreCase(authorization.substr(0, 6), "basic ")) {
    return InvalidClient("unsupported client authentication scheme");
  }
  std::optional<std::string> decoded = Base64Decode(http::TrimWhitespace(authorization.substr(6)));
  const size_t colon = decoded ? decoded->find(':') : std::string::npos;
  if (colon == std::string::npos) return InvalidClient("malformed Basic credentials");
  const std::string id = FormDecode(decoded->substr(0, colon));
  const std::string secret = FormDecode(decoded->substr(colon + 1));
  std::optional<Client> client = accounts_.FindClient(id);
  if (!client || client->secret_hash.empty()) {
    SpendPasswordTime(secret);
    return InvalidClient("bad client credentials");
  }
  if (!VerifyPassword(secret, client->secret_hash)) return InvalidClient("bad client credentials");
  if (!client->active) return InvalidClient("the client is disabled");
  return *client;
}

OAuthResult<Client> ClientAuthenticator::ByAssertion(const FormParams& form,
                                                     const std::string& token_url) {
  if (FormValue(form, "client_assertion_type") != kJwtBearerAssertion) {
    return InvalidClient("unsupported client_assertion_type");
  }
  Result<Jwt> jwt = ParseJwt(FormValue(form, "client_assertion"));
  if (!jwt.ok()) return InvalidClient("the client assertion is malformed");
  if (jwt->alg != JwsAlgorithm::kRs384 && jwt->alg != JwsAlgorithm::kEs384) {
    return InvalidClient("client assertions must be signed RS384 or ES384");
  }
  const std::string iss(jwt->claim("iss"));
  if (iss.empty() || jwt->claim("sub") != iss)
    return InvalidClient("iss and sub must be the client id");
  const std::string form_id = FormValue(form, "client_id");
  if (!form_id.empty() && form_id != iss)
    return InvalidClient("client_id does not match the assertion");
  std::optional<Client> client = accounts_.FindClient(iss);
  if (!client || !client->active) return InvalidClient("unknown or disabled client");
  Result<std::vector<Jwk>> keys = Status::NotFound("no keys");
  if (!client->jwks.empty()) {
    keys = ParseJwks(client->jwks);
  } else if (!client->jwks_url.empty() && fetch_) {
    Result<std::string> text = fetch_(client->jwks_url);
    keys = text.ok() ? ParseJwks(*text) : Result<std::vector<Jwk>>(text.take_status());
  }
  if (!keys.ok()) return InvalidClient("the client has no usable registered keys");
  bool verified = false;
  for (const Jwk& k : *keys) {
    if ((jwt->kid.empty() || k.kid == jwt->kid) && VerifySignature(*jwt, k.key.get())) {
      verified = true;
      break;
    }
  }
  if (!verified) return InvalidClient("the client assertion's signature does not verify");
  const json::Value* aud = jwt->claims.find("aud");
  const bool aud_ok =
      aud != nullptr && ((aud->is_string() && aud->text() == token_url) ||
                         (aud->is_array() && aud->size() == 1 && aud->at(0).text() == token_url));
  if (!aud_ok) return InvalidClient("the client assertion's aud must be the token URL");
  const int64_t now = NowMicros() / 1000000;
  std::optional<int64_t> exp = jwt->time_claim("exp");
  if (!exp || *exp + kClockSkewSeconds < now)
    return InvalidClient("the client assertion has expired");
  if (*exp > now + kMaxAssertionLifetime + kClockSkewSeconds) {
    return InvalidClient("the client assertion's exp is more than 5 minutes ahead");
  }
  const std::string jti(jwt->claim("jti"));
  if (jti.empty() || !FirstUse(iss, jti, *exp)) {
    return InvalidClient("the client assertion's jti was already used");
  }
  return *client;
}

bool ClientAuthenticator::FirstUse(const std::string& client_id, const std::string& jti,
                                   int64_t exp) {
  const int64_t now = NowMicros() / 1000000;
  std::lock_guard lock(mu_);
  if (seen_jti_.size() > 100000) {
    std::erase_if(seen_jti_, [&](const auto& e) { return e.second + kClockSkewSeconds < now; });
  }
  return seen_jti_.emplace(client_id + "|" + jti, exp).second;
}

}  // namespace lienthong::auth
