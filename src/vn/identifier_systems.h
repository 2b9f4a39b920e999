// Identifier systems of the Vietnam Core IG (draft, http://fhir.ehealth.gov.vn/core)
// and of lienthong itself.
#pragma once

namespace lienthong::vn {

// Personal ID (CCCD, số định danh cá nhân): 12 digits, see national_id.h.
inline constexpr const char* kNationalIdSystem = "http://fhir.ehealth.gov.vn/core/sid/national_id";
// Health-insurance card (thẻ BHYT): 15 characters, see insurance_card.h.
inline constexpr const char* kInsuranceNumberSystem =
    "http://fhir.ehealth.gov.vn/core/sid/insurance_number";
// Practitioner licence (chứng chỉ hành nghề, CCHN).
inline constexpr const char* kPractitionerLicenseSystem =
    "http://fhir.ehealth.gov.vn/core/sid/provider-medical-license-number";
// Facility code (mã cơ sở KCB): 5 characters, the first two the province code.
// The VN Core IG names no system for it; this one is lienthong's own.
inline constexpr const char* kFacilityCodeSystem = "https://lienthong.vn/fhir/sid/facility-code";
// ICD-10, coded as in the Vietnamese edition (QĐ 4469/QĐ-BYT) with its display.
inline constexpr const char* kIcd10System = "http://hl7.org/fhir/sid/icd-10";

}  // namespace lienthong::vn
