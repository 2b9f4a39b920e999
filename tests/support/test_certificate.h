// Self-signed certificates made on the fly for TLS tests, so that no key
// material is kept in the repository.
#pragma once

#include <filesystem>
#include <string>

namespace lienthong::testing {

// Writes a self-signed X.509 certificate (PEM, valid from a minute ago for a
// day, subject CN=`common_name`, the given serial number, subjectAltName
// localhost and 127.0.0.1) to `cert_file` and its new EC P-256 private key
// (PEM, unencrypted, mode 0600) to `key_file`. Returns an empty string on
// success, else what failed.
std::string WriteSelfSignedCertificate(const std::filesystem::path& cert_file,
                                       const std::filesystem::path& key_file,
                                       const std::string& common_name, long serial);

}  // namespace lienthong::testing
