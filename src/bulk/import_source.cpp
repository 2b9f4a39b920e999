#include "bulk/import_source.h"

#include <fmt/format.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>

namespace lienthong::bulk {
namespace {

namespace fs = std::filesystem;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size() || HexDigit(s[i + 1]) < 0 || HexDigit(s[i + 2]) < 0) {
      return Status::Invalid("a malformed %-escape in an input URL");
    }
    const char c = static_cast<char>(HexDigit(s[i + 1]) * 16 + HexDigit(s[i + 2]));
    if (c == '\0') return Status::Invalid("an input URL may not contain %00");
    out += c;
    i += 2;
  }
  return out;
}

Result<ImportSource> ResolveFile(std::string_view rest, const ImportSourcePolicy& policy) {
  if (policy.file_root.empty()) {
    return Status::Invalid("file:// inputs are not enabled on this server (set import_dir)");
  }
  // file:///path or file://localhost/path
  if (rest.starts_with("localhost/")) rest.remove_prefix(9);
  if (!rest.starts_with('/')) return Status::Invalid("a file:// input needs an absolute path");
  Result<std::string> decoded = PercentDecode(rest);
  if (!decoded.ok()) return decoded.take_status();
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(policy.file_root, ec);
  if (ec) return Status::Invalid("the import folder is not available");
  const fs::path path = fs::weakly_canonical(*decoded, ec);
  const std::string root_text = root.string() + "/";
  if (ec || !path.string().starts_with(root_text)) {
    return Status::Invalid("file:// inputs must be inside the server's import folder");
  }
  if (!fs::is_regular_file(path, ec)) {
    return Status::Invalid(
        fmt::format("no file {} in the import folder", path.string().substr(root_text.size())));
  }
  ImportSource source;
  source.kind = ImportSource::Kind::kFile;
  source.path = path.string();
  return source;
}

bool IsLoopbackName(std::string_view host) {
  if (host == "localhost" || host == "::1") return true;
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(host), ec);
  return !ec && address.is_loopback();
}

Result<ImportSource> ResolveHttp(std::string_view rest) {
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (authority.find('@') != std::string_view::npos) {
    return Status::Invalid("input URLs may not carry credentials");
  }
  std::string_view host = authority;
  std::string_view port = "80";
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return Status::Invalid("a malformed host in an input URL");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (after.starts_with(':')) port = after.substr(1);
  } else if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != port.npos) {
    return Status::Invalid("a malformed port in an input URL");
  }
  if (!IsLoopbackName(host)) {
    return Status::Invalid("http:// inputs are read from this machine's loopback address only");
  }
  ImportSource source;
  source.kind = ImportSource::Kind::kLoopbackHttp;
  source.host = std::string(host);
  source.port = std::string(port);
  source.path = std::move(target);
  return source;
}

}  // namespace

Result<ImportSource> ResolveImportSource(std::string_view url, const ImportSourcePolicy& policy) {
  if (url.starts_with("file://")) return ResolveFile(url.substr(7), policy);
  if (url.starts_with("http://")) return ResolveHttp(url.substr(7));
  return Status::Invalid(
      "input URLs must be file:// (inside the import folder) or http:// on a "
      "loopback address");
}

Status DownloadImportSource(const ImportSource& source, const std::string& dest,
                            const ImportSourcePolicy& policy) {
  boost::asio::io_context io;
  tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  boost::system::error_code ec;
  const auto endpoints = resolver.resolve(source.host, source.port, ec);
  if (ec) return Status::IoError("cannot resolve the input's host");
  // Connect only to loopback addresses, whatever the name resolved to.
  std::vector<tcp::endpoint> loopback;
  for (const auto& e : endpoints) {
    if (e.endpoint().address().is_loopback()) loopback.push_back(e.endpoint());
  }
  if (loopback.empty()) return Status::Invalid("the input's host is not a loopback address");
  stream.expires_after(std::chrono::seconds(policy.timeout_seconds));
  stream.connect(loopback, ec);
  if (ec) return Status::IoError("cannot connect to the input's server");
  bhttp::request<bhttp::empty_body> request{bhttp::verb::get, source.path, 11};
  request.set(bhttp::field::host, source.host);
  request.set(bhttp::field::accept, "application/fhir+ndjson");
  request.set(bhttp::field::user_agent, "lienthong-import");
  bhttp::write(stream, request, ec);
  if (ec) return Status::IoError("cannot send the request for an input");
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::file_body> parser;
  parser.body_limit(policy.max_download_bytes);
  parser.get().body().open(dest.c_str(), beast::file_mode::write, ec);
  if (ec) return Status::IoError("cannot create the download file");
  bhttp::read(stream, buffer, parser, ec);
  if (ec == bhttp::error::body_limit) {
    return Status::TooLarge(
        fmt::format("an input is larger than {} bytes", policy.max_download_bytes));
  }
  if (ec) return Status::IoError("the input could not be downloaded: " + ec.message());
  const unsigned status = parser.get().result_int();
  if (status != 200) {
    return Status::IoError(fmt::format("the input's server answered HTTP {}", status));
  }
  return Status::Ok();
}

}  // namespace lienthong::bulk
