// The roles an account may hold. Their names are exact: operators script
// them (`lienthong user add --role doctor,nurse`) and identity providers map
// their claims onto them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace lienthong::auth {

enum class Role {
  kDoctor,
  kNurse,
  kPharmacist,
  kReceptionist,
  kFacilityAdmin,
  kProvinceManager,
  kCitizen,
  kSystem,
  kAdmin,
};

std::string_view RoleName(Role role);
std::optional<Role> RoleNamed(std::string_view name);
// Every role, in the order above.
const std::vector<Role>& AllRoles();
// Roles from a comma-separated list ("doctor,nurse"); kInvalid names the
// first unknown role. Duplicates are dropped.
Result<std::vector<Role>> ParseRoles(std::string_view text);
// "doctor,nurse".
std::string JoinRoles(const std::vector<Role>& roles);

}  // namespace lienthong::auth
