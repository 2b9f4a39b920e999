#include "auth/sign_in_page.h"

#include "common/html_escape.h"

#include <fmt/format.h>

namespace lienthong::auth {
namespace {

struct Texts {
  const char* title;
  const char* heading;
  const char* asks;
  const char* username;
  const char* password;
  const char* submit;
  const char* bad;
  const char* locked;
  const char* disabled;
  const char* throttled;
  const char* other_lang;
  const char* other_lang_code;
};

constexpr Texts kVietnamese = {
    "Đăng nhập - lienthong",
    "Đăng nhập",
    "Ứng dụng <b>{}</b> yêu cầu quyền truy cập: {}",
    "Tên đăng nhập",
    "Mật khẩu",
    "Đăng nhập",
    "Tên đăng nhập hoặc mật khẩu không đúng.",
    "Tài khoản tạm khóa 15 phút do đăng nhập sai nhiều lần.",
    "Tài khoản đã bị vô hiệu hóa.",
    "Quá nhiều yêu cầu. Vui lòng thử lại sau.",
    "English",
    "en",
};

constexpr Texts kEnglish = {
    "Sign in - lienthong",
    "Sign in",
    "The application <b>{}</b> asks for access: {}",
    "User name",
    "Password",
    "Sign in",
    "Wrong user name or password.",
    "The account is locked for 15 minutes after too many failed sign-ins.",
    "The account is disabled.",
    "Too many requests. Please try again later.",
    "Tiếng Việt",
    "vi",
};

const char* kStyle =
    "body{font-family:system-ui,sans-serif;background:#f4f6f8;margin:0}"
    "main{max-width:360px;margin:10vh auto;background:#fff;padding:2em;border-radius:8px;"
    "box-shadow:0 1px 4px rgba(0,0,0,.15)}h1{font-size:1.4em;margin-top:0}"
    "label{display:block;margin:1em 0 .3em}input{width:100%;padding:.5em;box-sizing:border-box}"
    "button{margin-top:1.5em;width:100%;padding:.6em;background:#0b5ed7;color:#fff;border:0;"
    "border-radius:4px;font-size:1em}.err{color:#b00020}.lang{float:right;font-size:.9em}"
    "small{color:#555}";

std::string Head(const char* title, const std::string& lang, const std::string& nonce) {
  return fmt::format(
      "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<title>{}</title><style nonce=\"{}\">{}</style></head><body><main>",
      lang, title, HtmlEscape(nonce), kStyle);
}

// The same URL with lang set to `code`.
std::string WithLang(const std::string& action, const char* code) {
  std::string out;
  const size_t q = action.find('?');
  out = action.substr(0, q) + "?lang=" + code;
  if (q == std::string::npos) return out;
  std::string_view rest = std::string_view(action).substr(q + 1);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    if (!pair.starts_with("lang=")) out.append("&").append(pair);
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace

std::string RenderSignInPage(const SignInPage& page) {
  const Texts& t = page.lang == "en" ? kEnglish : kVietnamese;
  std::string html = Head(t.title, page.lang, page.nonce);
  html += fmt::format("<a class=\"lang\" href=\"{}\">{}</a>",
                      HtmlEscape(WithLang(page.action, t.other_lang_code)), t.other_lang);
  html += fmt::format("<h1>{}</h1>", t.heading);
  html += "<p><small>" +
          fmt::format(fmt::runtime(t.asks), HtmlEscape(page.client_id), HtmlEscape(page.scope)) +
          "</small></p>";
  const char* error = page.error == "bad"         ? t.bad
                      : page.error == "locked"    ? t.locked
                      : page.error == "disabled"  ? t.disabled
                      : page.error == "throttled" ? t.throttled
                                                  : nullptr;
  if (error != nullptr) html += fmt::format("<p class=\"err\" role=\"alert\">{}</p>", error);
  html += fmt::format(
      "<form method=\"post\" action=\"{}\" autocomplete=\"on\">"
      "<label for=\"username\">{}</label>"
      "<input id=\"username\" name=\"username\" value=\"{}\" autocomplete=\"username\" required>"
      "<label for=\"password\">{}</label>"
      "<input id=\"password\" name=\"password\" type=\"password\" "
      "autocomplete=\"current-password\" required>"
      "<button type=\"submit\">{}</button></form></main></body></html>",
      HtmlEscape(page.action), t.username, HtmlEscape(page.username), t.password, t.submit);
  return html;
}

std::string RenderErrorPage(const std::string& lang, const std::string& message,
                            const std::string& nonce) {
  const bool en = lang == "en";
  std::string html = Head(en ? "Error - lienthong" : "Lỗi - lienthong", lang, nonce);
  html += fmt::format("<h1>{}</h1><p class=\"err\">{}</p></main></body></html>",
                      en ? "The sign-in request is not valid" : "Yêu cầu đăng nhập không hợp lệ",
                      HtmlEscape(message));
  return html;
}

}  // namespace lienthong::auth
