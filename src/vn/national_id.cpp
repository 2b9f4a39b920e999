#include "vn/national_id.h"

#include <fmt/format.h>

namespace lienthong::vn {

Result<std::string> FormatNationalId(const NationalIdParts& parts) {
  if (parts.province < 1 || parts.province > 96) {
    return Status::Invalid("personal ID: province code outside 001-096");
  }
  if (parts.birth_year < 1900 || parts.birth_year > 2299) {
    return Status::Invalid("personal ID: birth year outside 1900-2299");
  }
  if (parts.serial > 999999) return Status::Invalid("personal ID: serial over 6 digits");
  const int century_sex = (parts.birth_year / 100 - 19) * 2 + (parts.sex == Sex::kFemale ? 1 : 0);
  return fmt::format("{:03d}{:d}{:02d}{:06d}", parts.province, century_sex, parts.birth_year % 100,
                     parts.serial);
}

Result<NationalIdParts> ParseNationalId(std::string_view id) {
  if (id.size() != 12) return Status::Invalid("personal ID: not 12 digits");
  for (char c : id) {
    if (c < '0' || c > '9') return Status::Invalid("personal ID: not 12 digits");
  }
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (id[i] - '0');
    return v;
  };
  NationalIdParts parts;
  parts.province = num(0, 3);
  if (parts.province < 1 || parts.province > 96) {
    return Status::Invalid("personal ID: province code outside 001-096");
  }
  const int century_sex = num(3, 1);
  if (century_sex > 7) return Status::Invalid("personal ID: century digit outside 0-7");
  parts.sex = (century_sex % 2 == 1) ? Sex::kFemale : Sex::kMale;
  parts.birth_year = 1900 + (century_sex / 2) * 100 + num(4, 2);
  parts.serial = static_cast<uint32_t>(num(6, 6));
  return parts;
}

}  // namespace lienthong::vn
