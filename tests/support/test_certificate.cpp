#include "support/test_certificate.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace lienthong::testing {
namespace {

struct OpenSslFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  void operator()(X509* certificate) const { X509_free(certificate); }
  void operator()(X509_EXTENSION* extension) const { X509_EXTENSION_free(extension); }
  void operator()(BIO* bio) const { BIO_free(bio); }
};

std::string OpenSslError(const std::string& step) {
  char text[256];
  ERR_error_string_n(ERR_get_error(), text, sizeof(text));
  ERR_clear_error();
  return step + ": " + text;
}

bool AddSubjectAltName(X509* certificate) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, OpenSslFree> extension(
      X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"));
  return extension != nullptr && X509_add_ext(certificate, extension.get(), -1) == 1;
}

bool WritePem(const std::filesystem::path& path, X509* certificate, EVP_PKEY* key) {
  std::unique_ptr<BIO, OpenSslFree> out(BIO_new_file(path.c_str(), "w"));
  if (out == nullptr) return false;
  if (certificate != nullptr) return PEM_write_bio_X509(out.get(), certificate) == 1;
  return PEM_write_bio_PrivateKey(out.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
}

}  // namespace

std::string WriteSelfSignedCertificate(const std::filesystem::path& cert_file,
                                       const std::filesystem::path& key_file,
                                       const std::string& common_name, long serial) {
  std::unique_ptr<EVP_PKEY, OpenSslFree> key(EVP_EC_gen("P-256"));
  if (key == nullptr) return OpenSslError("EC key generation");
  std::unique_ptr<X509, OpenSslFree> certificate(X509_new());
  X509_NAME* name = X509_get_subject_name(certificate.get());
  const auto* cn = reinterpret_cast<const unsigned char*>(common_name.c_str());
  bool ok = X509_set_version(certificate.get(), 2) == 1 &&
            ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), serial) == 1 &&
            X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -60) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 24 * 3600) != nullptr &&
            X509_set_pubkey(certificate.get(), key.get()) == 1 &&
            X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, cn, -1, -1, 0) == 1 &&
            X509_set_issuer_name(certificate.get(), name) == 1 &&
            AddSubjectAltName(certificate.get()) &&
            X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0;
  if (!ok) return OpenSslError("certificate");
  if (!WritePem(key_file, nullptr, key.get())) return OpenSslError("writing " + key_file.string());
  std::error_code ec;
  std::filesystem::permissions(
      key_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  if (!WritePem(cert_file, certificate.get(), nullptr)) {
    return OpenSslError("writing " + cert_file.string());
  }
  return {};
}

}  // namespace lienthong::testing
