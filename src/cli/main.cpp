// lienthong: one binary, with subcommands serve, import, reindex, export, backup,
// restore, rekey, generate, fhirpath and version.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <optional>

#include "cli/account_commands.h"
#include "cli/audit_command.h"
#include "cli/backup_command.h"
#include "cli/export_command.h"
#include "cli/fhirpath_command.h"
#include "cli/generate_command.h"
#include "cli/import_command.h"
#include "cli/reindex_command.h"
#include "cli/serve_command.h"
#include "ops/config.h"
#include "ops/logging.h"

namespace {

constexpr const char* kVersion = "0.1.0";

// Options shared by serve and import; flags override file and environment.
struct Flags {
  std::string config_file;
  std::optional<std::string> data_dir;
  std::optional<std::string> import_dir;
  std::optional<uint16_t> port;
  std::optional<std::string> bind;
  std::optional<std::string> auth;
  std::optional<int> worker_threads;
  std::optional<std::string> base_url;
  std::optional<std::string> log_level;
  std::optional<int> threads;
  bool no_sync = false;
  bool demo = false;
  std::optional<uint64_t> demo_patients;
  std::optional<std::string> encryption_key_file;
  std::optional<std::string> tls_cert;
  std::optional<std::string> tls_key;
};

lienthong::Result<lienthong::ops::ServerConfig> BuildConfig(const Flags& flags) {
  lienthong::ops::ServerConfig config;
  if (!flags.config_file.empty()) {
    LT_RETURN_IF_ERROR(lienthong::ops::ApplyConfigFile(flags.config_file, config));
  }
  LT_RETURN_IF_ERROR(lienthong::ops::ApplyEnvironment(config));
  if (flags.data_dir) config.data_dir = *flags.data_dir;
  if (flags.import_dir) config.import_dir = *flags.import_dir;
  if (flags.port) config.port = *flags.port;
  if (flags.bind) config.bind_address = *flags.bind;
  if (flags.auth) config.auth = *flags.auth == "on";
  if (flags.worker_threads) config.worker_threads = *flags.worker_threads;
  if (flags.base_url) config.base_url = *flags.base_url;
  if (flags.log_level) config.log_level = *flags.log_level;
  if (flags.threads) config.io_threads = *flags.threads;
  if (flags.no_sync) config.sync = false;
  if (flags.demo) config.demo = true;
  if (flags.demo_patients) config.demo_patients = *flags.demo_patients;
  if (flags.encryption_key_file) config.encryption_key_file = *flags.encryption_key_file;
  if (flags.tls_cert) config.tls_cert = *flags.tls_cert;
  if (flags.tls_key) config.tls_key = *flags.tls_key;
  return config;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"lienthong: FHIR R4 health-data platform"};
  app.require_subcommand(1);
  Flags flags;
  lienthong::cli::ImportCommandOptions import_options;

  CLI::App* serve = app.add_subcommand("serve", "Run the FHIR server");
  serve->add_option("--config", flags.config_file, "JSON configuration file");
  serve->add_option("--data-dir", flags.data_dir, "Store directory (default var/data)");
  serve->add_option("--import-dir", flags.import_dir,
                    "Folder that $import may read file:// inputs from (default var/import)");
  serve->add_option("--port", flags.port, "TCP port (default 8080; 0 picks a free one)");
  serve->add_option("--bind", flags.bind, "Address to listen on (default 0.0.0.0)");
  serve->add_option("--base-url", flags.base_url, "Public base URL of the FHIR API");
  serve->add_option("--threads", flags.threads,
                    "I/O threads (default: cores less one, at least one)");
  serve->add_option("--log-level", flags.log_level, "trace, debug, info, warn or error");
  serve->add_flag("--no-sync", flags.no_sync, "Do not fsync before acknowledging (tests only)");
  serve
      ->add_option("--auth", flags.auth,
                   "on (default): every FHIR request needs a token; off: local development and "
                   "tests only, refused unless bound to a loopback address")
      ->check(CLI::IsMember({"on", "off"}));
  serve->add_option("--worker-threads", flags.worker_threads,
                    "Threads that run handlers (default: one per core)");
  serve->add_flag("--demo", flags.demo, "Load a generated demo province into an empty store");
  serve->add_option("--demo-patients", flags.demo_patients,
                    "Patients in the demo province (default 2000)");
  serve->add_option("--tls-cert", flags.tls_cert,
                    "PEM certificate chain; with --tls-key, serve HTTPS only (SIGHUP reloads)");
  serve->add_option("--tls-key", flags.tls_key, "PEM private key of --tls-cert");

  CLI::App* import = app.add_subcommand("import", "Load bundles and NDJSON into a store");
  import->add_option("--config", flags.config_file, "JSON configuration file");
  import->add_option("--data-dir", flags.data_dir, "Store directory (default var/data)");
  import->add_flag("--no-sync", flags.no_sync, "Do not fsync each batch");
  import
      ->add_option("--on-invalid", import_options.on_invalid,
                   "skip (report invalid lines and write the rest; default) or reject (write "
                   "nothing if any line is invalid)")
      ->check(CLI::IsMember({"skip", "reject"}));
  import->add_flag("--no-index", import_options.no_index,
                   "Write no search index (faster); searches find nothing new until "
                   "`lienthong reindex`");
  import->add_option("paths", import_options.paths, "Files or folders (*.json bundles, *.ndjson)")
      ->required();

  CLI::App* reindex =
      app.add_subcommand("reindex", "Rebuild the search index of a store that is not served");
  reindex->add_option("--config", flags.config_file, "JSON configuration file");
  reindex->add_option("--data-dir", flags.data_dir, "Store directory (default var/data)");
  reindex->add_flag("--no-sync", flags.no_sync, "Do not fsync each batch");

  lienthong::cli::ExportCommandOptions export_options;
  CLI::App* export_cmd =
      app.add_subcommand("export", "Write a store's resources as NDJSON files (bulk export)");
  export_cmd->add_option("--config", flags.config_file, "JSON configuration file");
  export_cmd->add_option("--data-dir", flags.data_dir, "Store directory (default var/data)");
  export_cmd->add_option("--out", export_options.out_dir, "Folder to write the files into")
      ->required();
  export_cmd->add_option("--type", export_options.types, "Resource types, comma-separated");
  export_cmd->add_option("--since", export_options.since,
                         "Only resources last updated at or after this instant");
  lienthong::synth::GenerateOptions gen;
  std::string gen_format = "ndjson";
  CLI::App* generate =
      app.add_subcommand("generate", "Write a synthetic Vietnamese province as FHIR R4 data");
  generate->add_option("--patients", gen.patients, "Number of patients (default 100)");
  generate->add_option("--seed", gen.seed, "Seed: the same seed gives the same bytes");
  generate->add_option("--format", gen_format, "ndjson (one file per type) or bundles")
      ->check(CLI::IsMember({"ndjson", "bundles"}));
  generate->add_option("--out", gen.out_dir, "Output folder")->required();
  generate->add_option("--province", gen.province, "2-digit province code (default 79)");
  generate->add_option("--years", gen.years, "Years of care history (default 5)");
  generate->add_option("--until", gen.last_day, "Last day of the history (default 2025-12-31)");

  lienthong::cli::FhirPathCommandOptions fhirpath_options;
  CLI::App* fhirpath_cmd = app.add_subcommand(
      "fhirpath", "Evaluate a FHIRPath expression on a JSON document; print the result as JSON");
  fhirpath_cmd->add_option("expression", fhirpath_options.expression, "FHIRPath expression")
      ->required();
  fhirpath_cmd->add_option("file", fhirpath_options.file,
                           "JSON document (default: standard input)");
  fhirpath_cmd->add_flag("--pretty", fhirpath_options.pretty, "Indent the output");
  fhirpath_cmd->add_flag("--untyped", fhirpath_options.untyped,
                         "Navigate as plain JSON even when resourceType is present");

  lienthong::cli::BackupCommandOptions backup_options;
  CLI::App* backup = app.add_subcommand(
      "backup", "Back up a store, served or not, into a folder; or check the latest backup");
  backup->add_option("--config", flags.config_file, "JSON configuration file");
  backup->add_option("--data-dir", flags.data_dir, "Store directory (default var/data)");
  backup->add_option("--to", backup_options.to, "Backup folder (incremental after the first)");
  backup->add_option("--keep", backup_options.keep, "Newest backups to keep (default: all)");
  backup->add_option("--verify", backup_options.verify,
                     "Check the latest backup in this folder instead");
  CLI::App* restore = app.add_subcommand(
      "restore", "Restore the latest backup of a folder into an empty or new store directory");
  restore->add_option("--config", flags.config_file, "JSON configuration file");
  restore->add_option("--from", backup_options.from, "Backup folder")->required();
  restore->add_option("--data-dir", flags.data_dir, "Store directory to create")->required();
  CLI::App* rekey =
      app.add_subcommand("rekey", "Rewrite a store that is not served under a new encryption key");
  rekey->add_option("--config", flags.config_file, "JSON configuration file");
  rekey->add_option("--data-dir", flags.data_dir, "Store directory (default var/data)");
  rekey->add_option("--new-key-file", backup_options.new_key_file, "File with the new key")
      ->required();
  // Every subcommand that opens a store takes its key the same way.
  for (CLI::App* command : {serve, import, reindex, export_cmd, backup, restore, rekey}) {
    command->add_option("--encryption-key-file", flags.encryption_key_file,
                        "File with the store key: 64 hex characters, mode 600 (default: "
                        "LIENTHONG_ENCRYPTION_KEY, else a plain store)");
  }

  // Accounts, clients and signing keys of a store that is not served.
  lienthong::cli::AccountCommandOptions account;
  std::vector<CLI::App*> account_commands;
  CLI::App* user = app.add_subcommand("user", "Manage the users of a store that is not served");
  user->require_subcommand(1);
  for (const char* action : {"add", "disable", "enable", "reset-password", "list"}) {
    CLI::App* c = user->add_subcommand(action, std::string(action) + " a user");
    c->add_option("--username", account.username, "User name");
    if (std::string_view(action) == "add") {
      c->add_option("--role", account.roles, "Roles, comma-separated")->required();
      c->add_option("--facility", account.facility, "5-character facility code");
      c->add_option("--fhir-user", account.fhir_user, "Practitioner/..., Patient/..., ...");
    }
    if (std::string_view(action) == "add" || std::string_view(action) == "reset-password") {
      c->add_flag("--password-stdin", account.password_stdin,
                  "Read the password from standard input");
    }
    c->callback([&account, action] { account.action = action; });
    account_commands.push_back(c);
  }
  CLI::App* client = app.add_subcommand("client", "Manage the OAuth clients of a store");
  client->require_subcommand(1);
  for (const char* action : {"add", "disable", "enable", "list"}) {
    CLI::App* c = client->add_subcommand(action, std::string(action) + " a client");
    c->add_option("--client-id", account.client_id, "Client id");
    if (std::string_view(action) == "add") {
      c->add_option("--jwks", account.jwks_file, "JWKS file of the client's public keys");
      c->add_option("--jwks-url", account.jwks_url, "Where the client's JWKS is published");
      c->add_flag("--secret-stdin", account.secret_stdin,
                  "Read a client secret from standard input");
      c->add_option("--redirect-uri", account.redirect_uris,
                    "Registered redirect URI (repeatable)");
      c->add_option("--scope", account.scope, "Scopes the client may be granted");
      c->add_option("--facility", account.facility, "5-character facility code");
    }
    c->callback([&account, action] { account.action = action; });
    account_commands.push_back(c);
  }
  CLI::App* signing = app.add_subcommand("signing-key", "Rotate the token signing key");
  signing->require_subcommand(1);
  CLI::App* rotate = signing->add_subcommand("rotate", "Add a newer signing key");
  rotate->callback([&account] { account.action = "rotate"; });
  account_commands.push_back(rotate);
  for (CLI::App* command : account_commands) {
    command->add_option("--config", flags.config_file, "JSON configuration file");
    command->add_option("--data-dir", flags.data_dir, "Store directory (default var/data)");
    command->add_option("--encryption-key-file", flags.encryption_key_file,
                        "File with the store's encryption key");
  }

  CLI::App* audit = app.add_subcommand("audit", "Check the audit trail");
  audit->require_subcommand(1);
  CLI::App* verify = audit->add_subcommand("verify", "Check every line of the audit trail's chain");
  verify->add_option("--config", flags.config_file, "JSON configuration file");
  verify->add_option("--data-dir", flags.data_dir, "Store directory (default var/data)");

  app.add_subcommand("version", "Print the version");

  CLI11_PARSE(app, argc, argv);

  if (app.got_subcommand("version")) {
    fmt::print("lienthong {} (FHIR 4.0.1)\n", kVersion);
    return 0;
  }
  if (app.got_subcommand("fhirpath")) return lienthong::cli::RunFhirPath(fhirpath_options);
  if (app.got_subcommand("generate")) {
    gen.format = gen_format == "bundles" ? lienthong::synth::OutputFormat::kBundles
                                         : lienthong::synth::OutputFormat::kNdjson;
    return lienthong::cli::RunGenerate(gen);
  }
  lienthong::Result<lienthong::ops::ServerConfig> config = BuildConfig(flags);
  if (!config.ok()) {
    fmt::print(stderr, "lienthong: {}\n", config.status().message());
    return 2;
  }
  if (app.got_subcommand("serve")) {
    // Before any thread exists (logging starts a flusher): threads inherit
    // the mask, so that only the serve loop receives SIGTERM, SIGINT and SIGHUP.
    lienthong::cli::BlockStopSignals();
    lienthong::ops::InitLogging(config->log_level, config->log_file);
    return lienthong::cli::RunServe(*config);
  }
  lienthong::ops::InitLogging(config->log_level, config->log_file);
  if (app.got_subcommand("audit")) return lienthong::cli::RunAuditVerify(*config);
  if (app.got_subcommand("user")) return lienthong::cli::RunUserCommand(*config, account);
  if (app.got_subcommand("client")) return lienthong::cli::RunClientCommand(*config, account);
  if (app.got_subcommand("signing-key")) {
    return lienthong::cli::RunSigningKeyCommand(*config, account);
  }
  if (app.got_subcommand("export")) return lienthong::cli::RunExport(*config, export_options);
  if (app.got_subcommand("reindex")) return lienthong::cli::RunReindex(*config);
  if (app.got_subcommand("backup")) return lienthong::cli::RunBackup(*config, backup_options);
  if (app.got_subcommand("restore")) return lienthong::cli::RunRestore(*config, backup_options);
  if (app.got_subcommand("rekey")) return lienthong::cli::RunRekey(*config, backup_options);
  return lienthong::cli::RunImport(*config, import_options);
}

int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    // Nothing should throw this far; if it does, say what and exit cleanly.
    fmt::print(stderr, "lienthong: fatal: {}\n", e.what());
    return 70;
  }
}
