#include "cli/account_commands.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "auth/account_store.h"
#include "auth/admin_api.h"
#include "auth/signing_keys.h"
#include "cli/configured_store.h"
#include "json/writer.h"

namespace lienthong::cli {
namespace {

int Fail(const std::string& message) {
  fmt::print(stderr, "lienthong: {}\n", message);
  return 1;
}

// One line of standard input, without its line end.
std::string ReadSecretLine() {
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

// Opens the store for account changes; the store must not be served.
Result<std::unique_ptr<store::ResourceStore>> OpenForAccounts(const ops::ServerConfig& config) {
  store::StoreOptions options;
  options.create_if_missing = false;
  options.resource_cache_bytes = 0;
  Result<std::unique_ptr<store::ResourceStore>> opened = OpenConfiguredStore(config, options);
  if (!opened.ok() && opened.status().message().find("lock") != std::string::npos) {
    return Status::Conflict("the store is being served; use the running server's /auth/admin/ API");
  }
  return opened;
}

int Report(const Status& st, const std::string& done) {
  if (!st.ok()) return Fail(st.message());
  fmt::print("{}\n", done);
  return 0;
}

}  // namespace

int RunUserCommand(const ops::ServerConfig& config, const AccountCommandOptions& o) {
  Result<std::unique_ptr<store::ResourceStore>> store = OpenForAccounts(config);
  if (!store.ok()) return Fail(store.status().message());
  auth::AccountStore accounts(**store);
  if (Status loaded = accounts.Load(); !loaded.ok()) return Fail(loaded.message());
  if (o.action == "list") {
    for (const auth::User& u : accounts.ListUsers())
      fmt::print("{}\n", json::Write(auth::UserJson(u)));
    return 0;
  }
  if (o.username.empty()) return Fail("--username is required");
  if (o.action == "disable" || o.action == "enable") {
    return Report(accounts.SetUserActive(o.username, o.action == "enable"),
                  fmt::format("user {} {}d", o.username, o.action));
  }
  if (!o.password_stdin) return Fail("the password is read from standard input: --password-stdin");
  const std::string password = ReadSecretLine();
  if (o.action == "reset-password") {
    return Report(accounts.ResetPassword(o.username, password),
                  fmt::format("password of {} reset", o.username));
  }
  Result<std::vector<auth::Role>> roles = auth::ParseRoles(o.roles);
  if (!roles.ok()) return Fail(roles.status().message());
  auth::User user;
  user.username = o.username;
  user.roles = std::move(roles.value());
  user.facility = o.facility;
  user.fhir_user = o.fhir_user;
  return Report(accounts.AddUser(user, password), fmt::format("user {} added", o.username));
}

int RunClientCommand(const ops::ServerConfig& config, const AccountCommandOptions& o) {
  Result<std::unique_ptr<store::ResourceStore>> store = OpenForAccounts(config);
  if (!store.ok()) return Fail(store.status().message());
  auth::AccountStore accounts(**store);
  if (Status loaded = accounts.Load(); !loaded.ok()) return Fail(loaded.message());
  if (o.action == "list") {
    for (const auth::Client& c : accounts.ListClients()) {
      fmt::print("{}\n", json::Write(auth::ClientJson(c)));
    }
    return 0;
  }
  if (o.client_id.empty()) return Fail("--client-id is required");
  if (o.action == "disable" || o.action == "enable") {
    return Report(accounts.SetClientActive(o.client_id, o.action == "enable"),
                  fmt::format("client {} {}d", o.client_id, o.action));
  }
  const int ways = !o.jwks_file.empty() + !o.jwks_url.empty() + o.secret_stdin;
  if (ways > 1) return Fail("give at most one of --jwks, --jwks-url and --secret-stdin");
  auth::Client client;
  client.client_id = o.client_id;
  client.jwks_url = o.jwks_url;
  client.redirect_uris = o.redirect_uris;
  client.scope = o.scope;
  client.facility = o.facility;
  if (!o.jwks_file.empty()) {
    std::ifstream in(o.jwks_file);
    if (!in) return Fail("cannot read " + o.jwks_file);
    std::stringstream text;
    text << in.rdbuf();
    client.jwks = text.str();
  }
  const std::string secret = o.secret_stdin ? ReadSecretLine() : std::string();
  if (o.secret_stdin && secret.empty()) return Fail("no secret on standard input");
  return Report(accounts.AddClient(client, secret), fmt::format("client {} added", o.client_id));
}

int RunSigningKeyCommand(const ops::ServerConfig& config, const AccountCommandOptions& o) {
  if (o.action != "rotate") return Fail("signing-key takes: rotate");
  const std::string folder =
      (std::filesystem::path(config.data_dir) / "auth" / "signing-keys").string();
  Result<std::string> kid = auth::SigningKeys::Rotate(folder);
  if (!kid.ok()) return Fail(kid.status().message());
  fmt::print(
      "new signing key {} in {}; it signs after the next start, and the older keys keep "
      "verifying until their files are removed\n",
      *kid, folder);
  return 0;
}

}  // namespace lienthong::cli
