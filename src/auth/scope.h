// SMART on FHIR scopes, versions 1 and 2 (SMART App Launch 2.x, section
// "Scopes for requesting clinical data"):
//   v1  patient/Observation.read   user/*.*   system/*.write
//   v2  patient/Observation.rs     user/*.cruds   system/Patient.r
//       patient/Observation.rs?category=laboratory   (query-restricted)
// A v1 `read` grants read and search (r, s), `write` create, update and
// delete (c, u, d), `*` all five. Other scopes (openid, fhirUser,
// launch/patient, offline_access, online_access, profile) are kept by name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lienthong::auth {

// The SMART v2 permission letters as bits, in their required order c r u d s.
enum Permission : uint8_t {
  kCreate = 1,
  kRead = 2,
  kUpdate = 4,
  kDelete = 8,
  kSearch = 16,
};
inline constexpr uint8_t kAllPermissions = kCreate | kRead | kUpdate | kDelete | kSearch;

// "cruds" letters of the bits that are set.
std::string PermissionLetters(uint8_t permissions);

enum class ScopeContext { kPatient, kUser, kSystem };

// One clinical-data scope.
struct ResourceScope {
  ScopeContext context = ScopeContext::kUser;
  std::string type;  // a resource type, or "*"
  uint8_t permissions = 0;
  // v2 query restriction: the pairs after '?', as written (percent-decoded).
  std::vector<std::pair<std::string, std::string>> restriction;
  std::string text;  // the scope as written

  bool Covers(std::string_view resource_type) const { return type == "*" || type == resource_type; }
};

// The scopes of a request or a token.
class ScopeSet {
 public:
  // Parses a space-separated scope string. Scopes that are not well-formed
  // clinical-data scopes nor known names are put in `unknown` (callers of
  // the token endpoint drop them; nothing else is lenient).
  static ScopeSet Parse(std::string_view text);

  const std::vector<ResourceScope>& resource_scopes() const { return resources_; }
  const std::vector<std::string>& other() const { return other_; }
  const std::vector<std::string>& unknown() const { return unknown_; }
  bool Has(std::string_view name) const;
  bool empty() const { return resources_.empty() && other_.empty(); }

  // The scopes that grant every permission in `permissions` on `type`.
  std::vector<const ResourceScope*> Granting(std::string_view type, uint8_t permissions) const;

  // The scopes of this set that `allowed` also grants (a clinical scope is
  // kept when one of allowed's covers its context, type and permissions, and
  // has no restriction or the same one); names kept when allowed has them.
  ScopeSet Intersect(const ScopeSet& allowed) const;
  // This set without clinical scopes of the given context.
  ScopeSet Without(ScopeContext context) const;

  // Space-separated, as written.
  std::string ToString() const;

 private:
  std::vector<ResourceScope> resources_;
  std::vector<std::string> other_;
  std::vector<std::string> unknown_;
};

}  // namespace lienthong::auth
