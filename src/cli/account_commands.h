// `lienthong user ...`, `lienthong client ...` and `lienthong signing-key
// rotate` on a store that is not being served (a running server offers the
// same under /auth/admin/). The forms are exact, since operators script them:
//
//   lienthong user add --data-dir DIR --username NAME --role ROLE[,ROLE...]
//                      [--facility CODE] [--fhir-user REFERENCE] --password-stdin
//   lienthong user disable|enable --data-dir DIR --username NAME
//   lienthong user reset-password --data-dir DIR --username NAME --password-stdin
//   lienthong user list --data-dir DIR
//   lienthong client add --data-dir DIR --client-id ID [--jwks FILE | --jwks-url URL |
//                        --secret-stdin] [--redirect-uri URI]... [--scope "SCOPES"]
//                        [--facility CODE]
//   lienthong client disable|enable --data-dir DIR --client-id ID
//   lienthong client list --data-dir DIR
//   lienthong signing-key rotate --data-dir DIR
//
// Passwords and secrets are read from standard input (one line), never from
// the command line.
#pragma once

#include <string>
#include <vector>

#include "ops/config.h"

namespace lienthong::cli {

struct AccountCommandOptions {
  std::string action;  // add, disable, enable, reset-password, list, rotate
  std::string username;
  std::string roles;
  std::string facility;
  std::string fhir_user;
  bool password_stdin = false;
  std::string client_id;
  std::string jwks_file;
  std::string jwks_url;
  bool secret_stdin = false;
  std::vector<std::string> redirect_uris;
  std::string scope;
};

int RunUserCommand(const ops::ServerConfig& config, const AccountCommandOptions& options);
int RunClientCommand(const ops::ServerConfig& config, const AccountCommandOptions& options);
int RunSigningKeyCommand(const ops::ServerConfig& config, const AccountCommandOptions& options);

}  // namespace lienthong::cli
