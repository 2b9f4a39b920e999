#include "http/tls_context.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace lienthong::http {
namespace ssl = boost::asio::ssl;
namespace {

// TLS 1.2 suites: ECDHE for forward secrecy, AEAD ciphers only, ECDSA and RSA
// certificates alike (the Mozilla "intermediate" list).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

// OpenSSL's reasons for the last failure, oldest first, and an empty queue
// for the next call.
std::string TakeOpenSslErrors() {
  std::string reasons;
  while (unsigned long error = ERR_get_error()) {
    const char* reason = ERR_reason_error_string(error);
    if (!reasons.empty()) reasons += "; ";
    reasons += reason != nullptr ? reason : "unknown error";
  }
  return reasons.empty() ? "unknown error" : reasons;
}

// Checked before OpenSSL opens the file, whose own message for a missing or
// unreadable file is less plain.
Status CheckReadable(const std::string& what, const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return Status::Invalid("cannot read TLS " + what + " file " + path + ": " +
                           std::strerror(errno));
  }
  std::fclose(file);
  return Status::Ok();
}

// A passphrase-protected key must fail rather than make OpenSSL prompt on a
// terminal the server may not have.
int RefusePassphrase(char*, int, int, void*) { return 0; }

Status ApplyPolicy(SSL_CTX* ctx) {
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // An idle keep-alive connection gives back OpenSSL's record buffers
  // (about 34 KB), as nginx does: thousands of connections may sit idle.
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) {
    return Status::Internal("cannot set the TLS protocol policy: " + TakeOpenSslErrors());
  }
  return Status::Ok();
}

Status UseCertificateChain(SSL_CTX* ctx, const std::string& cert_file) {
  LT_RETURN_IF_ERROR(CheckReadable("certificate", cert_file));
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1) {
    return Status::Invalid("cannot load TLS certificate chain from " + cert_file + ": " +
                           TakeOpenSslErrors());
  }
  return Status::Ok();
}

Status UsePrivateKey(SSL_CTX* ctx, const std::string& key_file, const std::string& cert_file) {
  LT_RETURN_IF_ERROR(CheckReadable("key", key_file));
  std::unique_ptr<BIO, BioFree> bio(BIO_new_file(key_file.c_str(), "r"));
  std::unique_ptr<EVP_PKEY, PkeyFree> key;
  if (bio != nullptr) {
    key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, &RefusePassphrase, nullptr));
  }
  if (key == nullptr) {
    return Status::Invalid("cannot load TLS private key from " + key_file +
                           " (PEM, without a passphrase): " + TakeOpenSslErrors());
  }
  X509* certificate = SSL_CTX_get0_certificate(ctx);
  if (certificate == nullptr || X509_check_private_key(certificate, key.get()) != 1) {
    ERR_clear_error();
    return Status::Invalid("the TLS private key in " + key_file +
                           " does not match the certificate in " + cert_file);
  }
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1) {
    return Status::Invalid("cannot use the TLS private key from " + key_file + ": " +
                           TakeOpenSslErrors());
  }
  return Status::Ok();
}

}  // namespace

Result<std::shared_ptr<ssl::context>> MakeTlsContext(const std::string& cert_file,
                                                     const std::string& key_file) {
  ERR_clear_error();
  std::shared_ptr<ssl::context> context;
  try {
    context = std::make_shared<ssl::context>(ssl::context::tls_server);
  } catch (const boost::system::system_error& e) {
    return Status::Internal(std::string("cannot create a TLS context: ") + e.what());
  }
  SSL_CTX* ctx = context->native_handle();
  LT_RETURN_IF_ERROR(ApplyPolicy(ctx));
  LT_RETURN_IF_ERROR(UseCertificateChain(ctx, cert_file));
  LT_RETURN_IF_ERROR(UsePrivateKey(ctx, key_file, cert_file));
  return context;
}

}  // namespace lienthong::http
