#include "auth/jwt.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>

#include <charconv>
#include <memory>

#include "auth/base64url.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::auth {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
struct SigDeleter {
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};

const EVP_MD* DigestOf(JwsAlgorithm alg) {
  return alg == JwsAlgorithm::kRs256 || alg == JwsAlgorithm::kEs256 ? EVP_sha256() : EVP_sha384();
}

bool IsEc(JwsAlgorithm alg) { return alg == JwsAlgorithm::kEs256 || alg == JwsAlgorithm::kEs384; }

// Bytes of r and of s in a JOSE ECDSA signature (RFC 7518 section 3.4).
size_t CoordinateSize(JwsAlgorithm alg) { return alg == JwsAlgorithm::kEs256 ? 32 : 48; }

// Whether the key is of the kind the algorithm needs: RSA for RS*, EC on
// the matching curve for ES*.
bool KeyFits(JwsAlgorithm alg, EVP_PKEY* key) {
  if (!IsEc(alg)) return EVP_PKEY_is_a(key, "RSA") && EVP_PKEY_get_bits(key) >= 2048;
  if (!EVP_PKEY_is_a(key, "EC")) return false;
  char name[64] = {0};
  size_t len = 0;
  if (EVP_PKEY_get_group_name(key, name, sizeof(name), &len) <= 0) return false;
  const std::string_view group(name, len);
  return alg == JwsAlgorithm::kEs256 ? group == "prime256v1" : group == "secp384r1";
}

// JOSE r||s to the DER form OpenSSL verifies; empty on a wrong length.
std::string JoseToDer(JwsAlgorithm alg, std::string_view jose) {
  const size_t n = CoordinateSize(alg);
  if (jose.size() != 2 * n) return {};
  const auto* p = reinterpret_cast<const unsigned char*>(jose.data());
  std::unique_ptr<ECDSA_SIG, SigDeleter> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(p, static_cast<int>(n), nullptr);
  BIGNUM* s = BN_bin2bn(p + n, static_cast<int>(n), nullptr);
  if (ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return {};
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return {};
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

std::string DerToJose(JwsAlgorithm alg, const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, SigDeleter> sig(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return {};
  const size_t n = CoordinateSize(alg);
  std::string out(2 * n, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), o, static_cast<int>(n)) < 0 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), o + n, static_cast<int>(n)) < 0) {
    return {};
  }
  return out;
}

Result<json::Value> DecodePart(std::string_view part, const char* what) {
  std::optional<std::string> bytes = Base64UrlDecode(part);
  if (!bytes) return Status::Invalid(std::string("the token's ") + what + " is not base64url");
  Result<json::Value> value = json::Parse(*bytes, {.max_depth = 16});
  if (!value.ok() || !value->is_object()) {
    return Status::Invalid(std::string("the token's ") + what + " is not a JSON object");
  }
  return value;
}

}  // namespace

std::optional<JwsAlgorithm> AlgorithmNamed(std::string_view name) {
  if (name == "RS256") return JwsAlgorithm::kRs256;
  if (name == "RS384") return JwsAlgorithm::kRs384;
  if (name == "ES256") return JwsAlgorithm::kEs256;
  if (name == "ES384") return JwsAlgorithm::kEs384;
  return std::nullopt;
}

std::string_view AlgorithmName(JwsAlgorithm alg) {
  switch (alg) {
    case JwsAlgorithm::kRs256:
      return "RS256";
    case JwsAlgorithm::kRs384:
      return "RS384";
    case JwsAlgorithm::kEs256:
      return "ES256";
    case JwsAlgorithm::kEs384:
      return "ES384";
  }
  return "";
}

std::optional<int64_t> Jwt::time_claim(std::string_view name) const {
  const json::Value* v = claims.find(name);
  if (v == nullptr || !v->is_number()) return std::nullopt;
  int64_t out = 0;
  const std::string& t = v->text();
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (ec != std::errc() || ptr != t.data() + t.size()) return std::nullopt;
  return out;
}

Result<Jwt> ParseJwt(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenBytes) {
    return Status::Invalid("the token is empty or too long");
  }
  const size_t first = token.find('.');
  const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return Status::Invalid("the token is not a compact JWS of three parts");
  }
  Jwt jwt;
  Result<json::Value> header = DecodePart(token.substr(0, first), "header");
  if (!header.ok()) return header.take_status();
  jwt.header = std::move(header.value());
  std::optional<JwsAlgorithm> alg = AlgorithmNamed(jwt.header.get_string("alg"));
  if (!alg) return Status::Invalid("the token's algorithm is not one this server accepts");
  jwt.alg = *alg;
  if (jwt.header.find("crit") != nullptr) {
    return Status::Invalid("the token has critical header parameters this server does not know");
  }
  jwt.kid = std::string(jwt.header.get_string("kid"));
  Result<json::Value> claims = DecodePart(token.substr(first + 1, second - first - 1), "payload");
  if (!claims.ok()) return claims.take_status();
  jwt.claims = std::move(claims.value());
  std::optional<std::string> signature = Base64UrlDecode(token.substr(second + 1));
  if (!signature || signature->empty()) return Status::Invalid("the token's signature is missing");
  jwt.signature = std::move(*signature);
  jwt.signing_input = std::string(token.substr(0, second));
  return jwt;
}

bool VerifySignature(const Jwt& jwt, EVP_PKEY* key) {
  if (key == nullptr || !KeyFits(jwt.alg, key)) return false;
  const std::string der = IsEc(jwt.alg) ? JoseToDer(jwt.alg, jwt.signature) : jwt.signature;
  if (der.empty()) return false;
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, DigestOf(jwt.alg), nullptr, key) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(der.data()), der.size(),
                          reinterpret_cast<const unsigned char*>(jwt.signing_input.data()),
                          jwt.signing_input.size()) == 1;
}

Result<std::string> SignJwt(const json::Value& claims, JwsAlgorithm alg, EVP_PKEY* key,
                            const std::string& kid) {
  if (!KeyFits(alg, key)) return Status::Internal("the signing key does not fit the algorithm");
  json::Value header = json::Value::Object();
  header.set("alg", json::Value::String(std::string(AlgorithmName(alg))));
  header.set("typ", json::Value::String("JWT"));
  if (!kid.empty()) header.set("kid", json::Value::String(kid));
  const std::string input =
      Base64UrlEncode(json::Write(header)) + "." + Base64UrlEncode(json::Write(claims));
  MdCtx ctx(EVP_MD_CTX_new());
  size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, DigestOf(alg), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1) {
    return Status::Internal("signing failed");
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return Status::Internal("signing failed");
  }
  sig.resize(len);
  if (IsEc(alg)) sig = DerToJose(alg, sig);
  if (sig.empty()) return Status::Internal("signing failed");
  return input + "." + Base64UrlEncode(sig);
}

}  // namespace lienthong::auth
