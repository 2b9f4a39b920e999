#include "synth/name_catalog.h"

#include <array>

namespace lienthong::synth {
namespace {

struct Weighted {
  std::string_view name;
  double weight;
};

// Family-name shares after the published estimates (Lê Trung Hoa and later
// surveys); the rest spread over less common names.
constexpr std::array kFamilyNames = {
    Weighted{"Nguyễn", 38.0}, Weighted{"Trần", 11.0}, Weighted{"Lê", 9.5},
    Weighted{"Phạm", 7.0},    Weighted{"Hoàng", 2.6}, Weighted{"Huỳnh", 2.4},
    Weighted{"Phan", 4.5},    Weighted{"Vũ", 2.0},    Weighted{"Võ", 1.9},
    Weighted{"Đặng", 2.1},    Weighted{"Bùi", 2.0},   Weighted{"Đỗ", 1.4},
    Weighted{"Hồ", 1.3},      Weighted{"Ngô", 1.3},   Weighted{"Dương", 1.0},
    Weighted{"Lý", 0.5},      Weighted{"Đinh", 1.0},  Weighted{"Trương", 1.0},
    Weighted{"Lương", 0.8},   Weighted{"Mai", 0.8},   Weighted{"Cao", 0.7},
    Weighted{"Lâm", 0.7},     Weighted{"Tô", 0.5},    Weighted{"Hà", 0.8},
    Weighted{"Trịnh", 0.7},   Weighted{"Đoàn", 0.7},  Weighted{"Tạ", 0.4},
    Weighted{"Chu", 0.4},     Weighted{"Kiều", 0.3},  Weighted{"La", 0.3},
    Weighted{"Lưu", 0.5},     Weighted{"Tăng", 0.3},  Weighted{"Quách", 0.3},
    Weighted{"Thái", 0.3},    Weighted{"Châu", 0.3},  Weighted{"Văn", 0.3},
};

constexpr std::array kMaleMiddle = {
    Weighted{"Văn", 35},  Weighted{"Hữu", 8},   Weighted{"Đức", 10},  Weighted{"Minh", 12},
    Weighted{"Quốc", 7},  Weighted{"Thanh", 6}, Weighted{"Công", 5},  Weighted{"Xuân", 4},
    Weighted{"Hoàng", 5}, Weighted{"Gia", 4},   Weighted{"Trọng", 4},
};
constexpr std::array kFemaleMiddle = {
    Weighted{"Thị", 45},  Weighted{"Ngọc", 12}, Weighted{"Thu", 7}, Weighted{"Minh", 6},
    Weighted{"Thanh", 6}, Weighted{"Bảo", 5},   Weighted{"Kim", 5}, Weighted{"Phương", 4},
    Weighted{"Khánh", 5}, Weighted{"Mỹ", 5},
};
constexpr std::array kMaleGiven = {
    Weighted{"Anh", 6},   Weighted{"Hùng", 5},  Weighted{"Dũng", 5},  Weighted{"Tuấn", 5},
    Weighted{"Nam", 5},   Weighted{"Long", 4},  Weighted{"Minh", 5},  Weighted{"Hải", 4},
    Weighted{"Cường", 4}, Weighted{"Thắng", 3}, Weighted{"Hiếu", 3},  Weighted{"Huy", 4},
    Weighted{"Khoa", 3},  Weighted{"Phúc", 3},  Weighted{"Quang", 3}, Weighted{"Sơn", 3},
    Weighted{"Thành", 3}, Weighted{"Trung", 3}, Weighted{"Việt", 2},  Weighted{"Bình", 3},
    Weighted{"Đạt", 3},   Weighted{"Khang", 2}, Weighted{"Bảo", 2},   Weighted{"Tùng", 2},
};
constexpr std::array kFemaleGiven = {
    Weighted{"Linh", 5},  Weighted{"Hương", 5},  Weighted{"Lan", 4},   Weighted{"Hoa", 4},
    Weighted{"Mai", 4},   Weighted{"Trang", 5},  Weighted{"Hà", 4},    Weighted{"Thảo", 4},
    Weighted{"Nhung", 3}, Weighted{"Phương", 3}, Weighted{"Hằng", 3},  Weighted{"Yến", 3},
    Weighted{"Ngọc", 3},  Weighted{"Vy", 3},     Weighted{"Anh", 5},   Weighted{"Hạnh", 3},
    Weighted{"Thủy", 3},  Weighted{"Dung", 3},   Weighted{"Huyền", 3}, Weighted{"Nga", 3},
    Weighted{"Chi", 3},   Weighted{"Trâm", 2},   Weighted{"My", 2},    Weighted{"Hiền", 3},
};

template <size_t N>
std::string_view Draw(Random& random, const std::array<Weighted, N>& table) {
  std::array<double, N> weights;
  for (size_t i = 0; i < N; ++i) weights[i] = table[i].weight;
  return table[random.Weighted(weights)].name;
}

}  // namespace

PersonName DrawName(Random& random, vn::Sex sex) {
  PersonName name;
  name.family = Draw(random, kFamilyNames);
  const bool male = sex == vn::Sex::kMale;
  name.middle = male ? Draw(random, kMaleMiddle) : Draw(random, kFemaleMiddle);
  name.given = male ? Draw(random, kMaleGiven) : Draw(random, kFemaleGiven);
  return name;
}

double FamilyNameShare(std::string_view family) {
  double total = 0;
  double share = 0;
  for (const Weighted& w : kFamilyNames) {
    total += w.weight;
    if (w.name == family) share = w.weight;
  }
  return 100.0 * share / total;
}

}  // namespace lienthong::synth
