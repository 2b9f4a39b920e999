#include "synth/ethnicity.h"

#include <array>
#include <span>

namespace lienthong::synth {
namespace {

// The groups the generator places, with their codes in the 54-group list.
enum Group : uint8_t {
  kKinh,
  kTay,
  kThai,
  kHoa,
  kKhmer,
  kMuong,
  kNung,
  kHmong,
  kDao,
  kGiaRai,
  kEde,
  kBaNa,
  kXoDang,
  kSanChay,
  kCoHo,
  kCham,
  kSanDiu,
  kHre,
  kMnong,
  kRaGlai,
  kXtieng,
  kBruVanKieu,
  kTho,
  kGiay,
  kCoTu,
  kMa,
  kKhoMu,
  kHaNhi,
  kGroupCount
};
constexpr std::array<Ethnicity, kGroupCount> kGroups = {{
    {"01", "Kinh"},    {"02", "Tày"},          {"03", "Thái"},   {"04", "Hoa"},
    {"05", "Khơ-me"},  {"06", "Mường"},        {"07", "Nùng"},   {"08", "HMông"},
    {"09", "Dao"},     {"10", "Gia-rai"},      {"12", "Ê-đê"},   {"13", "Ba na"},
    {"14", "Xơ-Đăng"}, {"15", "Sán Chay"},     {"16", "Cơ-ho"},  {"17", "Chăm"},
    {"18", "Sán Dìu"}, {"19", "Hrê"},          {"20", "Mnông"},  {"21", "Ra-glai"},
    {"22", "Xtiêng"},  {"23", "Bru-Vân Kiều"}, {"24", "Thổ"},    {"25", "Giáy"},
    {"26", "Cơ-tu"},   {"28", "Mạ"},           {"29", "Khơ-mú"}, {"35", "Hà Nhì"},
}};

struct Share {
  Group group;
  double percent;
};
struct ProvinceMix {
  std::string_view province;
  std::span<const Share> shares;  // Kinh takes what the shares leave
};

// Shares of the population, percent, rounded from the 2019 census by
// province; groups under about 1% of a province are left to Kinh.
constexpr Share kHaGiang[] = {{kHmong, 33}, {kTay, 23}, {kDao, 15}, {kNung, 10}, {kGiay, 2}};
constexpr Share kCaoBang[] = {{kTay, 41}, {kNung, 31}, {kHmong, 11}, {kDao, 10}};
constexpr Share kBacKan[] = {{kTay, 52}, {kDao, 17}, {kNung, 10}, {kHmong, 7}};
constexpr Share kTuyenQuang[] = {{kTay, 25}, {kDao, 12}, {kSanChay, 8}, {kHmong, 3}, {kNung, 2}};
constexpr Share kLaoCai[] = {{kHmong, 25}, {kTay, 15}, {kDao, 14},
                             {kGiay, 5},   {kNung, 4}, {kHaNhi, 3}};
constexpr Share kDienBien[] = {{kHmong, 37}, {kThai, 34}, {kKhoMu, 3}, {kDao, 1}};
constexpr Share kLaiChau[] = {{kHmong, 40}, {kThai, 33}, {kDao, 12}, {kHaNhi, 3}, {kGiay, 1}};
constexpr Share kSonLa[] = {{kThai, 53}, {kHmong, 17}, {kMuong, 8}, {kDao, 2}, {kKhoMu, 2}};
constexpr Share kYenBai[] = {{kTay, 19}, {kDao, 11}, {kHmong, 11}, {kThai, 6}, {kMuong, 1}};
constexpr Share kHoaBinh[] = {{kMuong, 63}, {kThai, 4}, {kTay, 3}, {kDao, 2}};
constexpr Share kThaiNguyen[] = {{kTay, 11}, {kNung, 5}, {kSanDiu, 3}, {kSanChay, 3}, {kDao, 2}};
constexpr Share kLangSon[] = {{kNung, 42}, {kTay, 35}, {kDao, 4}};
constexpr Share kQuangNinh[] = {{kDao, 5}, {kTay, 3}, {kSanDiu, 2}, {kSanChay, 1}};
constexpr Share kBacGiang[] = {{kNung, 5}, {kTay, 3}, {kSanChay, 2}, {kSanDiu, 2}};
constexpr Share kPhuTho[] = {{kMuong, 14}};
constexpr Share kThanhHoa[] = {{kMuong, 9}, {kThai, 6}};
constexpr Share kNgheAn[] = {{kThai, 10}, {kKhoMu, 1}, {kTho, 2}, {kHmong, 1}};
constexpr Share kQuangBinh[] = {{kBruVanKieu, 2}};
constexpr Share kQuangTri[] = {{kBruVanKieu, 11}};
constexpr Share kQuangNam[] = {{kCoTu, 3}, {kXoDang, 2}};
constexpr Share kQuangNgai[] = {{kHre, 10}, {kXoDang, 1}};
constexpr Share kNinhThuan[] = {{kCham, 12}, {kRaGlai, 13}};
constexpr Share kBinhThuan[] = {{kCham, 3}, {kRaGlai, 1}, {kHoa, 1}};
constexpr Share kKonTum[] = {{kXoDang, 24}, {kBaNa, 12}, {kGiaRai, 6}};
constexpr Share kGiaLai[] = {{kGiaRai, 33}, {kBaNa, 12}, {kTay, 1}, {kNung, 1}};
constexpr Share kDakLak[] = {{kEde, 18},  {kNung, 4},   {kTay, 3},
                             {kMnong, 2}, {kGiaRai, 1}, {kHmong, 1}};
constexpr Share kDakNong[] = {{kMnong, 10}, {kNung, 8}, {kTay, 6},
                              {kHmong, 5},  {kDao, 3},  {kEde, 1}};
constexpr Share kLamDong[] = {{kCoHo, 12}, {kMa, 3}, {kNung, 2}, {kTay, 2}};
constexpr Share kBinhPhuoc[] = {{kXtieng, 8}, {kKhmer, 2}, {kNung, 2}, {kTay, 1}};
constexpr Share kDongNai[] = {{kHoa, 3}, {kNung, 2}, {kTay, 1}};
constexpr Share kHoChiMinh[] = {{kHoa, 4.5}, {kKhmer, 0.5}};
constexpr Share kTraVinh[] = {{kKhmer, 32}};
constexpr Share kVinhLong[] = {{kKhmer, 2}};
constexpr Share kAnGiang[] = {{kKhmer, 4}, {kCham, 0.6}, {kHoa, 0.6}};
constexpr Share kKienGiang[] = {{kKhmer, 12.5}, {kHoa, 2}};
constexpr Share kCanTho[] = {{kKhmer, 1.5}, {kHoa, 1}};
constexpr Share kHauGiang[] = {{kKhmer, 2}};
constexpr Share kSocTrang[] = {{kKhmer, 30}, {kHoa, 5}};
constexpr Share kBacLieu[] = {{kKhmer, 8}, {kHoa, 2.5}};
constexpr Share kCaMau[] = {{kKhmer, 2}, {kHoa, 0.5}};
// Lowland provinces: almost all Kinh.
constexpr Share kLowland[] = {{kHoa, 0.2}};

constexpr std::array kProvinces = {
    ProvinceMix{"02", kHaGiang},    ProvinceMix{"04", kCaoBang},    ProvinceMix{"06", kBacKan},
    ProvinceMix{"08", kTuyenQuang}, ProvinceMix{"10", kLaoCai},     ProvinceMix{"11", kDienBien},
    ProvinceMix{"12", kLaiChau},    ProvinceMix{"14", kSonLa},      ProvinceMix{"15", kYenBai},
    ProvinceMix{"17", kHoaBinh},    ProvinceMix{"19", kThaiNguyen}, ProvinceMix{"20", kLangSon},
    ProvinceMix{"22", kQuangNinh},  ProvinceMix{"24", kBacGiang},   ProvinceMix{"25", kPhuTho},
    ProvinceMix{"38", kThanhHoa},   ProvinceMix{"40", kNgheAn},     ProvinceMix{"44", kQuangBinh},
    ProvinceMix{"45", kQuangTri},   ProvinceMix{"49", kQuangNam},   ProvinceMix{"51", kQuangNgai},
    ProvinceMix{"58", kNinhThuan},  ProvinceMix{"60", kBinhThuan},  ProvinceMix{"62", kKonTum},
    ProvinceMix{"64", kGiaLai},     ProvinceMix{"66", kDakLak},     ProvinceMix{"67", kDakNong},
    ProvinceMix{"68", kLamDong},    ProvinceMix{"70", kBinhPhuoc},  ProvinceMix{"75", kDongNai},
    ProvinceMix{"79", kHoChiMinh},  ProvinceMix{"84", kTraVinh},    ProvinceMix{"86", kVinhLong},
    ProvinceMix{"89", kAnGiang},    ProvinceMix{"91", kKienGiang},  ProvinceMix{"92", kCanTho},
    ProvinceMix{"93", kHauGiang},   ProvinceMix{"94", kSocTrang},   ProvinceMix{"95", kBacLieu},
    ProvinceMix{"96", kCaMau},
};

std::span<const Share> SharesOf(std::string_view province) {
  for (const ProvinceMix& mix : kProvinces) {
    if (mix.province == province) return mix.shares;
  }
  return kLowland;
}

}  // namespace

const Ethnicity& DrawEthnicity(Random& random, std::string_view province_code) {
  // One uniform draw walked along the shares: no allocation per person.
  double x = random.Real() * 100;
  for (const Share& s : SharesOf(province_code)) {
    if (x < s.percent) return kGroups[s.group];
    x -= s.percent;
  }
  return kGroups[kKinh];
}

}  // namespace lienthong::synth
