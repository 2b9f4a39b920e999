// The policy as a table: a principal's scopes, an interaction on a type,
// and what it answers (refused, or the limits it grants under).
#include "auth/policy.h"

#include <gtest/gtest.h>

namespace lienthong::auth {
namespace {

Principal WithScopes(const char* scopes, const char* patient = "") {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.subject = "an";
  p.scopes = ScopeSet::Parse(scopes);
  p.patient = patient;
  return p;
}

TEST(PolicyTest, Table) {
  struct Case {
    const char* scopes;
    const char* patient;
    const char* type;
    uint8_t permissions;
    ErrorCode expected;
    const char* limited_to;  // patient of the limits
    size_t criteria;
  };
  const Case cases[] = {
      {"user/*.rs", "", "Observation", kRead, ErrorCode::kOk, "", 0},
      {"user/*.rs", "", "Observation", kCreate, ErrorCode::kForbidden, "", 0},
      {"user/Patient.r", "", "Patient", kSearch, ErrorCode::kForbidden, "", 0},
      {"user/Patient.r", "", "Observation", kRead, ErrorCode::kForbidden, "", 0},
      {"patient/Observation.rs", "p1", "Observation", kSearch, ErrorCode::kOk, "p1", 0},
      {"patient/Observation.rs", "", "Observation", kSearch, ErrorCode::kForbidden, "", 0},
      // A user/ scope lifts the patient limit.
      {"patient/*.rs user/Observation.rs", "p1", "Observation", kRead, ErrorCode::kOk, "", 0},
      {"patient/*.rs user/Observation.rs", "p1", "Encounter", kRead, ErrorCode::kOk, "p1", 0},
      {"user/Observation.rs?category=laboratory", "", "Observation", kSearch, ErrorCode::kOk, "",
       1},
      {"user/Observation.rs?category=laboratory user/Observation.rs?category=vital-signs", "",
       "Observation", kSearch, ErrorCode::kOk, "", 2},
      {"user/Observation.rs?category=laboratory user/*.rs", "", "Observation", kSearch,
       ErrorCode::kOk, "", 0},
      {"system/*.rs", "", "*", kRead | kSearch, ErrorCode::kOk, "", 0},
      {"user/Observation.rs", "", "*", kRead | kSearch, ErrorCode::kForbidden, "", 0},
      {"", "", "Patient", kRead, ErrorCode::kForbidden, "", 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.scopes) + " on " + c.type);
    Result<AccessLimits> got =
        Authorize(WithScopes(c.scopes, c.patient), {"test", c.type, c.permissions});
    EXPECT_EQ(got.status().code(), c.expected);
    if (!got.ok()) continue;
    EXPECT_EQ(got->patient, c.limited_to);
    EXPECT_EQ(got->criteria.size(), c.criteria);
  }
}

TEST(PolicyTest, AnonymousIsUnauthorizedAndOpenIsUnlimited) {
  EXPECT_EQ(Authorize(*AnonymousPrincipal(), {"read", "Patient", kRead}).status().code(),
            ErrorCode::kUnauthorized);
  Result<AccessLimits> open = Authorize(*OpenPrincipal(), {"delete", "*", kAllPermissions});
  ASSERT_TRUE(open.ok());
  EXPECT_TRUE(open->none());
}

}  // namespace
}  // namespace lienthong::auth
