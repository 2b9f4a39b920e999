#include "common/status.h"

#include <gtest/gtest.h>

namespace lienthong {
namespace {

TEST(StatusTest, OkIsFreeAndErrorsCarryIssues) {
  Status ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.code(), ErrorCode::kOk);
  EXPECT_TRUE(ok.issues_or_message().empty());
  Status invalid = Status::Invalid("bad date", "Patient.birthDate");
  EXPECT_EQ(invalid.code(), ErrorCode::kInvalid);
  ASSERT_EQ(invalid.issues().size(), 1u);
  EXPECT_EQ(invalid.issues()[0].expression, "Patient.birthDate");
  Status copy = invalid;
  EXPECT_EQ(copy.ToString(), invalid.ToString());
  Status gone = Status::Gone("deleted");
  ASSERT_EQ(gone.issues_or_message().size(), 1u);
  EXPECT_EQ(gone.issues_or_message()[0].type, IssueType::kDeleted);
}

TEST(StatusTest, ErrorTableGivesHttpStatuses) {
  EXPECT_EQ(InfoFor(ErrorCode::kInvalid).http_status, 400);
  EXPECT_EQ(InfoFor(ErrorCode::kUnprocessable).http_status, 422);
  EXPECT_EQ(InfoFor(ErrorCode::kGone).http_status, 410);
  EXPECT_EQ(InfoFor(ErrorCode::kPreconditionFailed).http_status, 412);
  EXPECT_EQ(InfoFor(ErrorCode::kTooLarge).http_status, 413);
  EXPECT_EQ(InfoFor(ErrorCode::kUnsupportedMediaType).http_status, 415);
  EXPECT_EQ(InfoFor(ErrorCode::kInternal).http_status, 500);
  EXPECT_EQ(IssueTypeCode(InfoFor(ErrorCode::kNotFound).issue_type), "not-found");
}

TEST(ResultTest, HoldsValueOrStatus) {
  Result<int> r = 5;
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(*r, 5);
  Result<int> e = Status::NotFound("x");
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace lienthong
