// The sign-in page of the authorization code flow: Vietnamese first,
// English with lang=en (or ui_locales=en). The form posts `username` and
// `password` back to /auth/authorize with the original query kept, so the
// server needs no session state between the two requests.
#pragma once

#include <string>

namespace lienthong::auth {

struct SignInPage {
  std::string lang = "vi";  // "vi" or "en"
  std::string action;       // form action: /auth/authorize?<query>
  std::string client_id;    // shown so the user knows who asks
  std::string scope;        // shown as what is asked for
  std::string username;     // refilled after a failed attempt
  std::string error;        // "", "bad", "locked", "disabled", "throttled"
  std::string nonce;        // CSP nonce of the page's style element
};

std::string RenderSignInPage(const SignInPage& page);
// A plain error page for requests that cannot be sent back to the client
// (unknown client, unregistered redirect_uri).
std::string RenderErrorPage(const std::string& lang, const std::string& message,
                            const std::string& nonce);

}  // namespace lienthong::auth
