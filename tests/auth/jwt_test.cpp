// JWTs and JWKs: signatures made and checked with every allowed algorithm,
// and the forms of token and header that must be refused.
#include "auth/jwt.h"

#include <gtest/gtest.h>

#include "auth/base64url.h"
#include "auth/bearer.h"
#include "auth/jwk.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::auth {
namespace {

json::Value Claims() {
  json::Value c = json::Value::Object();
  c.set("iss", json::Value::String("https://issuer.example"));
  c.set("sub", json::Value::String("an"));
  c.set("exp", json::Value::Number(int64_t{2000000000}));
  return c;
}

Pkey KeyFor(JwsAlgorithm alg) {
  switch (alg) {
    case JwsAlgorithm::kEs256:
      return std::move(GenerateEcKey("P-256").value());
    case JwsAlgorithm::kEs384:
      return std::move(GenerateEcKey("P-384").value());
    default:
      return std::move(GenerateRsaKey(2048).value());
  }
}

TEST(JwtTest, SignsAndVerifiesWithEveryAllowedAlgorithm) {
  for (JwsAlgorithm alg :
       {JwsAlgorithm::kEs256, JwsAlgorithm::kEs384, JwsAlgorithm::kRs256, JwsAlgorithm::kRs384}) {
    SCOPED_TRACE(std::string(AlgorithmName(alg)));
    Pkey key = KeyFor(alg);
    Result<std::string> token = SignJwt(Claims(), alg, key.get(), "k1");
    ASSERT_TRUE(token.ok()) << token.status().ToString();
    Result<Jwt> jwt = ParseJwt(*token);
    ASSERT_TRUE(jwt.ok()) << jwt.status().ToString();
    EXPECT_EQ(jwt->kid, "k1");
    EXPECT_EQ(jwt->claim("sub"), "an");
    EXPECT_EQ(jwt->time_claim("exp"), 2000000000);
    EXPECT_TRUE(VerifySignature(*jwt, key.get()));
    // Another key of the same kind does not verify it.
    Pkey other = KeyFor(alg);
    EXPECT_FALSE(VerifySignature(*jwt, other.get()));
    // A changed payload does not verify.
    Jwt changed = *jwt;
    changed.signing_input[changed.signing_input.size() - 2] ^= 1;
    EXPECT_FALSE(VerifySignature(changed, key.get()));
  }
}

TEST(JwtTest, KeyMustFitTheAlgorithm) {
  Pkey p256 = KeyFor(JwsAlgorithm::kEs256);
  Result<std::string> token = SignJwt(Claims(), JwsAlgorithm::kEs256, p256.get(), "");
  Result<Jwt> jwt = ParseJwt(*token);
  ASSERT_TRUE(jwt.ok());
  // The same signature checked as ES384 (wrong curve) or with an RSA key fails.
  jwt->alg = JwsAlgorithm::kEs384;
  EXPECT_FALSE(VerifySignature(*jwt, p256.get()));
  Pkey rsa = KeyFor(JwsAlgorithm::kRs256);
  jwt->alg = JwsAlgorithm::kRs256;
  EXPECT_FALSE(VerifySignature(*jwt, rsa.get()));
}

std::string Unsigned(const char* alg) {
  return Base64UrlEncode(std::string(R"({"alg":")") + alg + R"(","typ":"JWT"})") + "." +
         Base64UrlEncode(json::Write(Claims()));
}

TEST(JwtTest, RefusesMalformedTokensAndForbiddenAlgorithms) {
  const std::string good_header = Unsigned("ES256");
  const std::vector<std::string> bad = {
      "",
      "garbage",
      "a.b",
      "a.b.c.d",
      Unsigned("none") + ".",
      Unsigned("none") + ".c2ln",
      Unsigned("HS256") + ".c2ln",
      Unsigned("RS512") + ".c2ln",
      good_header + ".",                                                 // no signature
      good_header + ".!!",                                               // not base64url
      "e30." + good_header.substr(good_header.find('.') + 1) + ".c2ln",  // header without alg
      Base64UrlEncode("[1]") + ".e30.c2ln",
      std::string(kMaxTokenBytes + 1, 'a'),
  };
  for (const std::string& token : bad) {
    SCOPED_TRACE(token.substr(0, 80));
    EXPECT_FALSE(ParseJwt(token).ok());
  }
}

TEST(JwtTest, JwkRoundTripsAndThumbprintIsStable) {
  for (JwsAlgorithm alg : {JwsAlgorithm::kEs256, JwsAlgorithm::kEs384, JwsAlgorithm::kRs384}) {
    Pkey key = KeyFor(alg);
    Result<json::Value> jwk = PublicJwk(key.get(), "kid-1", std::string(AlgorithmName(alg)));
    ASSERT_TRUE(jwk.ok());
    EXPECT_EQ(jwk->find("d"), nullptr);  // public members only
    Result<Jwk> parsed = ParseJwk(*jwk);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    Result<std::string> token = SignJwt(Claims(), alg, key.get(), "kid-1");
    Result<Jwt> jwt = ParseJwt(*token);
    EXPECT_TRUE(VerifySignature(*jwt, parsed->key.get()));
    EXPECT_EQ(*Thumbprint(key.get()), *Thumbprint(parsed->key.get()));
  }
}

TEST(JwtTest, JwksRefusesPrivateMembersAndWeakKeys) {
  Pkey small = std::move(GenerateRsaKey(1024).value());
  Result<json::Value> jwk = PublicJwk(small.get(), "", "RS256");
  ASSERT_TRUE(jwk.ok());
  EXPECT_FALSE(ParseJwk(*jwk).ok());
  json::Value with_private = *PublicJwk(KeyFor(JwsAlgorithm::kEs256).get(), "", "ES256");
  with_private.set("d", json::Value::String("AAAA"));
  EXPECT_FALSE(ParseJwk(with_private).ok());
  EXPECT_FALSE(ParseJwks(R"({"keys":[]})").ok());
  EXPECT_FALSE(ParseJwks("not json").ok());
}

TEST(BearerTest, ReadsOnlyWellFormedBearerHeaders) {
  struct Case {
    const char* header;
    BearerParse result;
    const char* token;
  };
  const Case cases[] = {
      {"", BearerParse::kAbsent, ""},
      {"Bearer abc.def.ghi", BearerParse::kOk, "abc.def.ghi"},
      {"bearer   abc==  ", BearerParse::kOk, "abc=="},
      {"BEARER x", BearerParse::kOk, "x"},
      {"Bearer", BearerParse::kMalformed, ""},
      {"Bearer ", BearerParse::kMalformed, ""},
      {"Bearerabc", BearerParse::kMalformed, ""},
      {"Basic dXNlcjpwYXNz", BearerParse::kMalformed, ""},
      {"Bearer a b", BearerParse::kMalformed, ""},
      {"Bearer a\"b", BearerParse::kMalformed, ""},
      {"Bearer ==", BearerParse::kMalformed, ""},
      {"Bearer a=b", BearerParse::kMalformed, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.header);
    std::string_view token;
    EXPECT_EQ(ParseBearer(c.header, &token), c.result);
    if (c.result == BearerParse::kOk) {
      EXPECT_EQ(token, c.token);
    }
  }
}

TEST(Base64UrlTest, RoundTripsAndRefusesNonCanonicalText) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00"}) {
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(s)), s);
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_FALSE(Base64UrlDecode("Zg==").has_value());  // padding
  EXPECT_FALSE(Base64UrlDecode("Zh").has_value());    // non-zero left-over bits
  EXPECT_FALSE(Base64UrlDecode("Z").has_value());
  EXPECT_FALSE(Base64UrlDecode("a+b/").has_value());
}

}  // namespace
}  // namespace lienthong::auth
