// ServerConfig: every setting of lienthong serve and import, read from (in
// increasing priority) built-in defaults, a JSON config file, LIENTHONG_*
// environment variables, and command-line flags.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace lienthong::ops {

struct ServerConfig {
  std::string bind_address = "0.0.0.0";
  uint16_t port = 8080;
  std::string data_dir = "var/data";
  // $import reads file:// inputs only from inside this folder.
  std::string import_dir = "var/import";
  std::string base_url;  // public base, e.g. https://emr.example.vn/fhir; empty: from Host
  int io_threads = 0;    // 0: one per core less one (at least one)
  uint64_t max_body_bytes = 32ull << 20;
  int max_json_depth = 64;
  uint64_t max_bundle_entries = 10000;
  uint64_t request_timeout_ms = 60000;
  uint64_t read_timeout_ms = 30000;
  bool sync = true;  // fsync before acknowledging writes
  uint64_t cache_mb = 256;
  std::string log_level = "info";
  std::string log_file;  // empty: stderr
  // PEM certificate (chain) and private key: both set, serve speaks TLS only.
  std::string tls_cert;
  std::string tls_key;
  bool demo = false;
  uint64_t demo_patients = 2000;  // size of the demo province
  // Encryption at rest: a file holding the store key as 64 hex characters
  // (mode 600); empty: the key in LIENTHONG_ENCRYPTION_KEY, or a plain store.
  std::string encryption_key_file;
  // Backups taken by the server while it serves: into backup_dir, every
  // backup_interval_minutes (0: none), keeping the newest backup_keep.
  std::string backup_dir;
  uint64_t backup_interval_minutes = 0;
  uint32_t backup_keep = 7;
  // Sign-in: every FHIR request needs a valid access token. Off only for
  // local development and tests, and only on a loopback address.
  bool auth = true;
  int worker_threads = 0;  // threads that run handlers; 0: one per core less one (at least one)
  // iss of the server's own tokens; empty: the origin of base_url, or
  // http://localhost:PORT, followed by /auth.
  std::string auth_issuer;
  // External identity providers: the JSON array of "trusted_issuers"
  // (auth/trusted_issuer.h), as text; empty: none.
  std::string trusted_issuers;
  uint64_t auth_rate_limit_per_minute = 120;  // sign-in and token requests per address
  uint64_t access_token_minutes = 15;
  // Origins (scheme://host[:port]) whose pages may call the API, comma-separated.
  std::string cors_origins;
};

// Applies a JSON config file ({"port": 8080, "data_dir": "...", ...}; keys
// as in ServerConfig). kInvalid names an unknown key or a wrong type.
Status ApplyConfigFile(const std::string& path, ServerConfig& config);
// Applies LIENTHONG_PORT, LIENTHONG_DATA_DIR, ... (upper-cased keys).
Status ApplyEnvironment(ServerConfig& config);

}  // namespace lienthong::ops
