#include "auth/jwk.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "auth/base64url.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::auth {
namespace {

struct BnDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using Bn = std::unique_ptr<BIGNUM, BnDeleter>;

struct ParamBldDeleter {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamDeleter {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};

Result<std::string> Member(const json::Value& jwk, std::string_view name) {
  const json::Value* v = jwk.find(name);
  if (v == nullptr || !v->is_string()) {
    return Status::Invalid("the JWK has no string member " + std::string(name));
  }
  std::optional<std::string> bytes = Base64UrlDecode(v->text());
  if (!bytes || bytes->empty()) {
    return Status::Invalid("the JWK member " + std::string(name) + " is not base64url");
  }
  return std::move(*bytes);
}

Bn ToBn(const std::string& bytes) {
  return Bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                      static_cast<int>(bytes.size()), nullptr));
}

Result<Pkey> FromParams(const char* type, OSSL_PARAM_BLD* bld) {
  std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(bld));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
    return Status::Invalid(std::string("the JWK is not a valid ") + type + " public key");
  }
  return Pkey(key);
}

Result<Pkey> RsaFromJwk(const json::Value& jwk) {
  Result<std::string> n = Member(jwk, "n");
  if (!n.ok()) return n.take_status();
  Result<std::string> e = Member(jwk, "e");
  if (!e.ok()) return e.take_status();
  Bn bn_n = ToBn(*n);
  Bn bn_e = ToBn(*e);
  if (BN_num_bits(bn_n.get()) < 2048)
    return Status::Invalid("RSA keys must have 2048 bits or more");
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(OSSL_PARAM_BLD_new());
  OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get());
  OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get());
  return FromParams("RSA", bld.get());
}

// The OpenSSL group name and coordinate size of a JOSE curve name.
bool CurveInfo(std::string_view crv, const char** group, size_t* size) {
  if (crv == "P-256") {
    *group = "prime256v1";
    *size = 32;
    return true;
  }
  if (crv == "P-384") {
    *group = "secp384r1";
    *size = 48;
    return true;
  }
  return false;
}

Result<Pkey> EcFromJwk(const json::Value& jwk) {
  const char* group = nullptr;
  size_t size = 0;
  if (!CurveInfo(jwk.get_string("crv"), &group, &size)) {
    return Status::Invalid("EC keys must be on P-256 or P-384");
  }
  Result<std::string> x = Member(jwk, "x");
  if (!x.ok()) return x.take_status();
  Result<std::string> y = Member(jwk, "y");
  if (!y.ok()) return y.take_status();
  if (x->size() != size || y->size() != size) {
    return Status::Invalid("the EC key's coordinates have the wrong length for its curve");
  }
  const std::string point = "\x04" + *x + *y;
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(OSSL_PARAM_BLD_new());
  OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
  OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  return FromParams("EC", bld.get());
}

// A big-number parameter of a key as fixed-size (or minimal, size 0) bytes.
Result<std::string> BnParam(EVP_PKEY* key, const char* name, size_t size) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) <= 0) return Status::Internal("key parameter missing");
  Bn bn(raw);
  const size_t len = size > 0 ? size : static_cast<size_t>(BN_num_bytes(bn.get()));
  std::string out(len, '\0');
  if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(len)) <
      0) {
    return Status::Internal("key parameter too large");
  }
  return out;
}

Result<std::string> CurveOf(EVP_PKEY* key) {
  char name[64] = {0};
  size_t len = 0;
  if (EVP_PKEY_get_group_name(key, name, sizeof(name), &len) <= 0) {
    return Status::Invalid("the EC key has no named curve");
  }
  const std::string_view group(name, len);
  if (group == "prime256v1" || group == "P-256") return std::string("P-256");
  if (group == "secp384r1" || group == "P-384") return std::string("P-384");
  return Status::Invalid("EC keys must be on P-256 or P-384");
}

// The required members of a public JWK in the lexicographic order RFC 7638 asks.
Result<json::Value> RequiredMembers(EVP_PKEY* key) {
  json::Value jwk = json::Value::Object();
  if (EVP_PKEY_is_a(key, "RSA")) {
    Result<std::string> e = BnParam(key, OSSL_PKEY_PARAM_RSA_E, 0);
    Result<std::string> n = BnParam(key, OSSL_PKEY_PARAM_RSA_N, 0);
    if (!e.ok() || !n.ok()) return Status::Internal("cannot read the RSA key");
    jwk.set("e", json::Value::String(Base64UrlEncode(*e)));
    jwk.set("kty", json::Value::String("RSA"));
    jwk.set("n", json::Value::String(Base64UrlEncode(*n)));
    return jwk;
  }
  if (!EVP_PKEY_is_a(key, "EC")) return Status::Invalid("only RSA and EC keys are supported");
  Result<std::string> crv = CurveOf(key);
  if (!crv.ok()) return crv.take_status();
  const size_t size = *crv == "P-256" ? 32 : 48;
  Result<std::string> x = BnParam(key, OSSL_PKEY_PARAM_EC_PUB_X, size);
  Result<std::string> y = BnParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, size);
  if (!x.ok() || !y.ok()) return Status::Internal("cannot read the EC key");
  jwk.set("crv", json::Value::String(*crv));
  jwk.set("kty", json::Value::String("EC"));
  jwk.set("x", json::Value::String(Base64UrlEncode(*x)));
  jwk.set("y", json::Value::String(Base64UrlEncode(*y)));
  return jwk;
}

}  // namespace

Result<Jwk> ParseJwk(const json::Value& jwk) {
  if (!jwk.is_object()) return Status::Invalid("a JWK must be a JSON object");
  if (jwk.find("d") != nullptr || jwk.find("p") != nullptr) {
    return Status::Invalid("a registered JWK must not hold private key material");
  }
  Jwk out;
  out.kty = std::string(jwk.get_string("kty"));
  out.kid = std::string(jwk.get_string("kid"));
  out.alg = std::string(jwk.get_string("alg"));
  Result<Pkey> key = out.kty == "RSA"  ? RsaFromJwk(jwk)
                     : out.kty == "EC" ? EcFromJwk(jwk)
                                       : Result<Pkey>(Status::Invalid("unsupported JWK kty"));
  if (!key.ok()) return key.take_status();
  out.key = SharedPkey(key->release(), EVP_PKEY_free);
  return out;
}

Result<std::vector<Jwk>> ParseJwks(std::string_view text) {
  Result<json::Value> doc = json::Parse(text, {.max_depth = 8});
  if (!doc.ok()) return Status::Invalid("the JWKS is not JSON: " + doc.status().message());
  const json::Value* keys = doc->find("keys");
  if (keys == nullptr || !keys->is_array()) return Status::Invalid("the JWKS has no keys array");
  std::vector<Jwk> out;
  for (size_t i = 0; i < keys->size(); ++i) {
    const json::Value& k = keys->at(i);
    if (k.get_string("use") == "enc") continue;
    Result<Jwk> jwk = ParseJwk(k);
    if (jwk.ok()) out.push_back(std::move(jwk.value()));
  }
  if (out.empty()) return Status::Invalid("the JWKS holds no usable signing key");
  return out;
}

Result<json::Value> PublicJwk(EVP_PKEY* key, const std::string& kid, const std::string& alg) {
  Result<json::Value> jwk = RequiredMembers(key);
  if (!jwk.ok()) return jwk;
  jwk->set("kid", json::Value::String(kid));
  jwk->set("alg", json::Value::String(alg));
  jwk->set("use", json::Value::String("sig"));
  return jwk;
}

Result<std::string> Thumbprint(EVP_PKEY* key) {
  Result<json::Value> jwk = RequiredMembers(key);
  if (!jwk.ok()) return jwk.take_status();
  return Sha256Base64Url(json::Write(*jwk));
}

Result<Pkey> ReadPrivateKeyPem(std::string_view pem) {
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) return Status::Invalid("not a PEM private key");
  return Pkey(key);
}

Result<std::string> WritePrivateKeyPem(EVP_PKEY* key) {
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Status::Internal("cannot write the private key");
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

Result<Pkey> GenerateEcKey(const std::string& curve) {
  const char* group = nullptr;
  size_t size = 0;
  if (!CurveInfo(curve, &group, &size)) return Status::Invalid("unsupported curve");
  EVP_PKEY* key = EVP_EC_gen(group);
  if (key == nullptr) return Status::Internal("EC key generation failed");
  return Pkey(key);
}

Result<Pkey> GenerateRsaKey(int bits) {
  EVP_PKEY* key = EVP_RSA_gen(static_cast<unsigned int>(bits));
  if (key == nullptr) return Status::Internal("RSA key generation failed");
  return Pkey(key);
}

}  // namespace lienthong::auth
