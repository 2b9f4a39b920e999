#include "vn/admin_units.h"

#include <cstdint>

extern "C" const char lienthong_vn_admin_units[];
extern "C" const uint64_t lienthong_vn_admin_units_size;

namespace lienthong::vn {
namespace {

// Splits one CSV line into fields; handles double-quoted fields with "".
std::vector<std::string> SplitCsvLine(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace

Result<std::vector<Province>> ParseAdminUnits(std::string_view csv) {
  std::vector<Province> provinces;
  size_t pos = 0;
  bool header = true;
  size_t line_no = 0;
  while (pos < csv.size()) {
    size_t end = csv.find('\n', pos);
    if (end == std::string_view::npos) end = csv.size();
    std::string_view line = csv.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (header) {
      header = false;
      continue;
    }
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> f = SplitCsvLine(line);
    if (f.size() < 6 || f[0].size() != 2 || f[2].size() != 3 ||
        (f[4].size() != 5 && !f[4].empty())) {
      return Status::Invalid("admin units: malformed line " + std::to_string(line_no));
    }
    if (provinces.empty() || provinces.back().code != f[0]) {
      provinces.push_back(Province{f[0], f[1], {}});
    }
    Province& p = provinces.back();
    if (p.districts.empty() || p.districts.back().code != f[2]) {
      p.districts.push_back(District{f[2], f[3], {}});
    }
    // A district may have no communes (the island district Bạch Long Vĩ).
    if (!f[4].empty()) p.districts.back().communes.push_back(Commune{f[4], f[5]});
  }
  return provinces;
}

const std::vector<Province>& AdminUnits2024() {
  static const std::vector<Province> units = [] {
    Result<std::vector<Province>> parsed = ParseAdminUnits(std::string_view(
        lienthong_vn_admin_units, static_cast<size_t>(lienthong_vn_admin_units_size)));
    return parsed.ok() ? std::move(parsed).value() : std::vector<Province>{};
  }();
  return units;
}

const Province* FindProvince(std::string_view code) {
  for (const Province& p : AdminUnits2024()) {
    if (p.code == code) return &p;
  }
  return nullptr;
}

}  // namespace lienthong::vn
