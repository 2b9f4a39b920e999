#include "synth/facility_network.h"

#include <fmt/format.h>

#include "synth/json_text.h"
#include "synth/name_catalog.h"
#include "vn/identifier_systems.h"

namespace lienthong::synth {
namespace {

// Staff per facility: doctors, then nurses.
struct Staffing {
  int doctors;
  int nurses;
};
Staffing StaffingOf(FacilityLevel level) {
  switch (level) {
    case FacilityLevel::kProvince:
      return {12, 8};
    case FacilityLevel::kDistrict:
      return {4, 3};
    case FacilityLevel::kCommune:
      return {1, 1};
  }
  return {1, 1};
}

std::string ProvincialHospitalName(const std::string& province) {
  constexpr std::string_view kTinh = "Tỉnh ";
  if (province.rfind(kTinh, 0) == 0) {
    return "Bệnh viện Đa khoa tỉnh " + province.substr(kTinh.size());
  }
  return "Bệnh viện Đa khoa " + province;
}

void WriteAddress(JsonText& j, const vn::Province& p, const vn::District* d, const vn::Commune* c) {
  std::string text;
  if (c != nullptr) text += c->name + ", ";
  if (d != nullptr) text += d->name + ", ";
  text += p.name;
  j.Key("address").BeginArray().BeginObject().Field("use", "work").Field("text", text);
  if (c != nullptr) j.Key("line").BeginArray().String(c->name).EndArray();
  if (d != nullptr) j.Field("district", d->name);
  j.Field("state", p.name).Field("country", "VN").EndObject().EndArray();
}

}  // namespace

Result<FacilityNetwork> FacilityNetwork::Build(const vn::Province& province, Random& random) {
  if (province.districts.empty()) return Status::Invalid("province has no districts");
  FacilityNetwork net;
  net.province_ = &province;
  int next_code = 1;
  auto add = [&](FacilityLevel level, std::string name, size_t district, size_t commune) {
    Facility f{level,           fmt::format("{}{:03d}", province.code, next_code++),
               std::move(name), random.Uuid(),
               random.Uuid(),   district,
               commune,         {}};
    net.facilities_.push_back(std::move(f));
    return net.facilities_.size() - 1;
  };
  add(FacilityLevel::kProvince, ProvincialHospitalName(province.name), 0, 0);
  for (size_t d = 0; d < province.districts.size(); ++d) {
    net.district_hospital_.push_back(
        add(FacilityLevel::kDistrict, "Trung tâm Y tế " + province.districts[d].name, d, 0));
  }
  net.commune_station_.resize(province.districts.size());
  for (size_t d = 0; d < province.districts.size(); ++d) {
    const vn::District& district = province.districts[d];
    for (size_t c = 0; c < district.communes.size(); ++c) {
      // Codes have 3 digits after the province: communes beyond 999 share
      // their district's centre.
      net.commune_station_[d].push_back(
          next_code <= 999
              ? add(FacilityLevel::kCommune, "Trạm Y tế " + district.communes[c].name, d, c)
              : net.district_hospital_[d]);
    }
  }
  int licence = 1;
  for (size_t i = 0; i < net.facilities_.size(); ++i) {
    const Staffing staffing = StaffingOf(net.facilities_[i].level);
    for (int k = 0; k < staffing.doctors + staffing.nurses; ++k) {
      Practitioner p;
      p.id = random.Uuid();
      p.role_id = random.Uuid();
      p.female = random.Chance(k < staffing.doctors ? 0.45 : 0.85);
      const PersonName name = DrawName(random, p.female ? vn::Sex::kFemale : vn::Sex::kMale);
      p.family = name.family;
      p.middle = name.middle;
      p.given = name.given;
      p.doctor = k < staffing.doctors;
      p.licence = fmt::format("{:06d}/{}-CCHN", licence++, province.code);
      p.birth_date = fmt::format("{:04d}-{:02d}-{:02d}", random.Between(1965, 1998),
                                 random.Between(1, 12), random.Between(1, 28));
      p.facility = i;
      net.facilities_[i].staff.push_back(net.practitioners_.size());
      net.practitioners_.push_back(std::move(p));
    }
  }
  return net;
}

const Facility& FacilityNetwork::district_hospital(size_t district) const {
  return facilities_[district_hospital_[district]];
}

const Facility& FacilityNetwork::commune_station(size_t district, size_t commune) const {
  return facilities_[commune_station_[district][commune]];
}

void FacilityNetwork::WriteOrganization(const Facility& f, std::string& out) const {
  JsonText j(out);
  j.BeginObject().Field("resourceType", "Organization").Field("id", f.organization_id);
  j.Key("identifier").BeginArray().BeginObject();
  j.Field("system", vn::kFacilityCodeSystem).Field("value", f.code).EndObject().EndArray();
  j.Key("active").Bool(true);
  j.Key("type").BeginArray().BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", "http://terminology.hl7.org/CodeSystem/organization-type")
      .Field("code", "prov")
      .Field("display", "Healthcare Provider")
      .EndObject()
      .EndArray();
  j.Field("text", f.level == FacilityLevel::kProvince   ? "Bệnh viện tuyến tỉnh"
                  : f.level == FacilityLevel::kDistrict ? "Trung tâm y tế huyện"
                                                        : "Trạm y tế xã")
      .EndObject()
      .EndArray();
  j.Field("name", f.name);
  const vn::District* district =
      f.level == FacilityLevel::kProvince ? nullptr : &province_->districts[f.district];
  const vn::Commune* commune =
      f.level == FacilityLevel::kCommune ? &district->communes[f.commune] : nullptr;
  WriteAddress(j, *province_, district, commune);
  if (f.level != FacilityLevel::kProvince) {
    const Facility& parent =
        f.level == FacilityLevel::kCommune ? district_hospital(f.district) : provincial_hospital();
    j.Key("partOf").BeginObject();
    j.Field("reference", "Organization/" + parent.organization_id).EndObject();
  }
  j.EndObject();
}

void FacilityNetwork::WriteLocation(const Facility& f, std::string& out) const {
  JsonText j(out);
  j.BeginObject().Field("resourceType", "Location").Field("id", f.location_id);
  j.Key("identifier").BeginArray().BeginObject();
  j.Field("system", vn::kFacilityCodeSystem).Field("value", f.code).EndObject().EndArray();
  j.Field("status", "active").Field("name", f.name).Field("mode", "instance");
  const vn::District* district =
      f.level == FacilityLevel::kProvince ? nullptr : &province_->districts[f.district];
  const vn::Commune* commune =
      f.level == FacilityLevel::kCommune ? &district->communes[f.commune] : nullptr;
  std::string text;
  if (commune != nullptr) text += commune->name + ", ";
  if (district != nullptr) text += district->name + ", ";
  text += province_->name;
  j.Key("address").BeginObject().Field("use", "work").Field("text", text);
  if (district != nullptr) j.Field("district", district->name);
  j.Field("state", province_->name).Field("country", "VN").EndObject();
  j.Key("managingOrganization").BeginObject();
  j.Field("reference", "Organization/" + f.organization_id).EndObject();
  j.EndObject();
}

void FacilityNetwork::WritePractitioner(const Practitioner& p, std::string& out) const {
  JsonText j(out);
  j.BeginObject().Field("resourceType", "Practitioner").Field("id", p.id);
  j.Key("identifier").BeginArray().BeginObject();
  j.Field("system", vn::kPractitionerLicenseSystem).Field("value", p.licence);
  j.EndObject().EndArray();
  j.Key("active").Bool(true);
  j.Key("name").BeginArray().BeginObject().Field("use", "official");
  j.Field("text", fmt::format("{} {} {}", p.family, p.middle, p.given));
  j.Field("family", p.family).Key("given").BeginArray().String(p.middle).String(p.given);
  j.EndArray().Key("prefix").BeginArray().String(p.doctor ? "BS." : "ĐD.").EndArray();
  j.EndObject().EndArray();
  j.Field("gender", p.female ? "female" : "male").Field("birthDate", p.birth_date);
  j.EndObject();
}

void FacilityNetwork::WritePractitionerRole(const Practitioner& p, std::string& out) const {
  const Facility& f = facilities_[p.facility];
  JsonText j(out);
  j.BeginObject().Field("resourceType", "PractitionerRole").Field("id", p.role_id);
  j.Key("active").Bool(true);
  j.Key("practitioner").BeginObject().Field("reference", "Practitioner/" + p.id).EndObject();
  j.Key("organization").BeginObject();
  j.Field("reference", "Organization/" + f.organization_id).EndObject();
  j.Key("code").BeginArray().BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", "http://terminology.hl7.org/CodeSystem/practitioner-role")
      .Field("code", p.doctor ? "doctor" : "nurse")
      .Field("display", p.doctor ? "Doctor" : "Nurse")
      .EndObject()
      .EndArray()
      .Field("text", p.doctor ? "Bác sĩ" : "Điều dưỡng")
      .EndObject()
      .EndArray();
  j.Key("location").BeginArray().BeginObject();
  j.Field("reference", "Location/" + f.location_id).EndObject().EndArray();
  j.EndObject();
}

}  // namespace lienthong::synth
