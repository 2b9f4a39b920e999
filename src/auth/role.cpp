#include "auth/role.h"

#include <algorithm>
#include <array>

namespace lienthong::auth {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 9> kRoles = {{
    {Role::kDoctor, "doctor"},
    {Role::kNurse, "nurse"},
    {Role::kPharmacist, "pharmacist"},
    {Role::kReceptionist, "receptionist"},
    {Role::kFacilityAdmin, "facility-admin"},
    {Role::kProvinceManager, "province-manager"},
    {Role::kCitizen, "citizen"},
    {Role::kSystem, "system"},
    {Role::kAdmin, "admin"},
}};

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoles) {
    if (r == role) return name;
  }
  return "";
}

std::optional<Role> RoleNamed(std::string_view name) {
  for (const auto& [r, n] : kRoles) {
    if (n == name) return r;
  }
  return std::nullopt;
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kAll = [] {
    std::vector<Role> all;
    all.reserve(kRoles.size());
    for (const auto& [r, name] : kRoles) all.push_back(r);
    return all;
  }();
  return kAll;
}

Result<std::vector<Role>> ParseRoles(std::string_view text) {
  std::vector<Role> out;
  while (true) {
    const size_t comma = text.find(',');
    const std::string_view name = text.substr(0, comma);
    std::optional<Role> role = RoleNamed(name);
    if (!role) return Status::Invalid("unknown role '" + std::string(name.substr(0, 40)) + "'");
    if (std::find(out.begin(), out.end(), *role) == out.end()) out.push_back(*role);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string JoinRoles(const std::vector<Role>& roles) {
  std::string out;
  for (Role r : roles) out += (out.empty() ? "" : ",") + std::string(RoleName(r));
  return out;
}

}  // namespace lienthong::auth
