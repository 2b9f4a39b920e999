// SMART scopes v1 and v2: what parses, what each grants, and how a grant is
// narrowed to what a client may have.
#include "auth/scope.h"

#include <gtest/gtest.h>

namespace lienthong::auth {
namespace {

struct ParseCase {
  const char* text;
  bool clinical;  // parsed as a clinical-data scope
  ScopeContext context;
  const char* type;
  const char* letters;  // granted permissions
  size_t restrictions;
};

TEST(ScopeTest, ParsesVersionOneAndTwo) {
  const ParseCase cases[] = {
      {"patient/Observation.read", true, ScopeContext::kPatient, "Observation", "rs", 0},
      {"user/*.*", true, ScopeContext::kUser, "*", "cruds", 0},
      {"system/*.read", true, ScopeContext::kSystem, "*", "rs", 0},
      {"user/Patient.write", true, ScopeContext::kUser, "Patient", "cud", 0},
      {"patient/Observation.rs", true, ScopeContext::kPatient, "Observation", "rs", 0},
      {"user/*.cruds", true, ScopeContext::kUser, "*", "cruds", 0},
      {"system/Patient.r", true, ScopeContext::kSystem, "Patient", "r", 0},
      {"patient/Observation.rs?category=laboratory", true, ScopeContext::kPatient, "Observation",
       "rs", 1},
      {"user/Observation.rs?category=laboratory&status=final", true, ScopeContext::kUser,
       "Observation", "rs", 2},
  };
  for (const ParseCase& c : cases) {
    SCOPED_TRACE(c.text);
    ScopeSet set = ScopeSet::Parse(c.text);
    ASSERT_EQ(set.resource_scopes().size(), 1u);
    const ResourceScope& s = set.resource_scopes()[0];
    EXPECT_EQ(s.context, c.context);
    EXPECT_EQ(s.type, c.type);
    EXPECT_EQ(PermissionLetters(s.permissions), c.letters);
    EXPECT_EQ(s.restriction.size(), c.restrictions);
  }
}

TEST(ScopeTest, RefusesMalformedScopes) {
  for (const char* text :
       {"patient/Observation.sr", "patient/Observation.rr", "patient/Observation.x",
        "doctor/Observation.read", "patient/observation.read", "patient/Observation",
        "user/*.read?category=x", "patient/Observation.rs?", "Observation.read", "user/.r"}) {
    SCOPED_TRACE(text);
    ScopeSet set = ScopeSet::Parse(text);
    EXPECT_TRUE(set.resource_scopes().empty());
    EXPECT_EQ(set.unknown().size(), 1u);
  }
}

TEST(ScopeTest, KeepsKnownNamesAndDropsNothingSilently) {
  ScopeSet set = ScopeSet::Parse("openid fhirUser launch/patient offline_access  user/*.rs bogus");
  EXPECT_TRUE(set.Has("fhirUser"));
  EXPECT_TRUE(set.Has("offline_access"));
  EXPECT_TRUE(set.Has("launch/patient"));
  ASSERT_EQ(set.unknown().size(), 1u);
  EXPECT_EQ(set.unknown()[0], "bogus");
  EXPECT_EQ(set.resource_scopes().size(), 1u);
}

TEST(ScopeTest, GrantingNeedsEveryPermission) {
  ScopeSet set = ScopeSet::Parse("user/Observation.rs user/Patient.r");
  EXPECT_EQ(set.Granting("Observation", kRead | kSearch).size(), 1u);
  EXPECT_TRUE(set.Granting("Observation", kCreate).empty());
  EXPECT_EQ(set.Granting("Patient", kRead).size(), 1u);
  EXPECT_TRUE(set.Granting("Patient", kSearch).empty());
  EXPECT_TRUE(set.Granting("Encounter", kRead).empty());
  EXPECT_EQ(ScopeSet::Parse("user/*.rs").Granting("Encounter", kRead).size(), 1u);
}

TEST(ScopeTest, IntersectKeepsOnlyWhatTheClientMayHave) {
  const ScopeSet allowed = ScopeSet::Parse("user/*.rs patient/Observation.rs fhirUser");
  const ScopeSet requested = ScopeSet::Parse(
      "user/Patient.r user/Patient.c patient/Observation.rs?category=laboratory "
      "patient/Encounter.r fhirUser offline_access");
  EXPECT_EQ(requested.Intersect(allowed).ToString(),
            "user/Patient.r patient/Observation.rs?category=laboratory fhirUser");
  // A restricted allowance does not widen to the unrestricted scope.
  EXPECT_EQ(ScopeSet::Parse("user/Observation.rs")
                .Intersect(ScopeSet::Parse("user/Observation.rs?category=laboratory"))
                .ToString(),
            "");
}

}  // namespace
}  // namespace lienthong::auth
