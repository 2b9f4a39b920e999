#include "fhirpath/xml_reader.h"

#include <cstdlib>

#include "common/utf8.h"

namespace lienthong::testing {
namespace {

std::string Decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const size_t semi = s.find(';', i);
    if (semi == std::string_view::npos) {
      out += s[i];
      continue;
    }
    const std::string_view entity = s.substr(i + 1, semi - i - 1);
    if (entity == "lt") {
      out += '<';
    } else if (entity == "gt") {
      out += '>';
    } else if (entity == "amp") {
      out += '&';
    } else if (entity == "quot") {
      out += '"';
    } else if (entity == "apos") {
      out += '\'';
    } else if (!entity.empty() && entity[0] == '#') {
      const std::string digits(entity.substr(1));
      const bool hex = !digits.empty() && (digits[0] == 'x' || digits[0] == 'X');
      AppendUtf8(std::strtoul(digits.c_str() + (hex ? 1 : 0), nullptr, hex ? 16 : 10), out);
    } else {
      out += s.substr(i, semi - i + 1);
    }
    i = semi;
  }
  return out;
}

class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}

  bool Document(XmlElement& root, std::string& error) {
    SkipMisc();
    if (!Element(root, 0)) {
      error = "malformed XML near offset " + std::to_string(pos_);
      return false;
    }
    return true;
  }

 private:
  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r' || s_[pos_] == '\n')) {
      ++pos_;
    }
  }

  // Prolog, comments and whitespace between elements.
  void SkipMisc() {
    while (true) {
      SkipSpace();
      if (s_.substr(pos_, 2) == "<?") {
        pos_ = s_.find("?>", pos_);
        pos_ = pos_ == std::string_view::npos ? s_.size() : pos_ + 2;
      } else if (s_.substr(pos_, 4) == "<!--") {
        pos_ = s_.find("-->", pos_);
        pos_ = pos_ == std::string_view::npos ? s_.size() : pos_ + 3;
      } else {
        return;
      }
    }
  }

  bool Name(std::string& out) {
    const size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != ' ' && s_[pos_] != '>' && s_[pos_] != '/' &&
           s_[pos_] != '=' && s_[pos_] != '\t' && s_[pos_] != '\n' && s_[pos_] != '\r') {
      ++pos_;
    }
    out = std::string(s_.substr(start, pos_ - start));
    return !out.empty();
  }

  bool Element(XmlElement& e, int depth) {
    if (depth > 100 || pos_ >= s_.size() || s_[pos_] != '<') return false;
    ++pos_;
    if (!Name(e.name)) return false;
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size()) return false;
      if (s_.substr(pos_, 2) == "/>") {
        pos_ += 2;
        return true;
      }
      if (s_[pos_] == '>') {
        ++pos_;
        break;
      }
      std::string key;
      if (!Name(key)) return false;
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '=') return false;
      ++pos_;
      SkipSpace();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) return false;
      const char quote = s_[pos_++];
      const size_t end = s_.find(quote, pos_);
      if (end == std::string_view::npos) return false;
      e.attributes.emplace_back(key, Decode(s_.substr(pos_, end - pos_)));
      pos_ = end + 1;
    }
    while (pos_ < s_.size()) {
      if (s_.substr(pos_, 4) == "<!--") {
        const size_t end = s_.find("-->", pos_);
        if (end == std::string_view::npos) return false;
        pos_ = end + 3;
      } else if (s_.substr(pos_, 2) == "</") {
        const size_t end = s_.find('>', pos_);
        if (end == std::string_view::npos) return false;
        pos_ = end + 1;
        return true;
      } else if (s_[pos_] == '<') {
        e.children.emplace_back();
        if (!Element(e.children.back(), depth + 1)) return false;
      } else {
        const size_t end = s_.find('<', pos_);
        const size_t stop = end == std::string_view::npos ? s_.size() : end;
        e.text += Decode(s_.substr(pos_, stop - pos_));
        pos_ = stop;
      }
    }
    return false;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

std::string XmlElement::Attribute(std::string_view key) const {
  for (const auto& [k, v] : attributes) {
    if (k == key) return v;
  }
  return {};
}

bool XmlElement::HasAttribute(std::string_view key) const {
  for (const auto& [k, v] : attributes) {
    if (k == key) return true;
  }
  return false;
}

bool ParseXml(std::string_view text, XmlElement& root, std::string& error) {
  return Reader(text).Document(root, error);
}

}  // namespace lienthong::testing
