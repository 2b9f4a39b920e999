// Vietnam's administrative units as they stood in June 2024 (63 provinces,
// their districts and communes; General Statistics Office list), embedded in
// the binary from data/vn/admin-units-2024.csv.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace lienthong::vn {

struct Commune {
  std::string code;  // 5 digits
  std::string name;  // "Phường Phúc Xá"
};

struct District {
  std::string code;  // 3 digits
  std::string name;  // "Quận Ba Đình"
  std::vector<Commune> communes;
};

struct Province {
  std::string code;  // 2 digits, "01" Hà Nội ... "96" Cà Mau
  std::string name;  // "Thành phố Hà Nội"
  std::vector<District> districts;
};

// Parses the CSV text (header province_code,province_name,district_code,
// district_name,commune_code,commune_name,...). kInvalid on a malformed line.
Result<std::vector<Province>> ParseAdminUnits(std::string_view csv);

// The embedded 2024 list, parsed once; thread-safe.
const std::vector<Province>& AdminUnits2024();

// The province with this 2-digit code; nullptr when there is none. The pointer
// stays valid for the life of the program.
const Province* FindProvince(std::string_view code);

}  // namespace lienthong::vn
