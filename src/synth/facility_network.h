// The health facilities of one synthetic province and their staff: a
// provincial general hospital, one district hospital or health centre per
// district and one health station per commune, each an Organization and a
// Location with a 5-character facility code (province code + 3 digits),
// practitioners with licence numbers, and their PractitionerRoles. Kept in
// memory for the whole run (a few thousand resources at most).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "synth/random.h"
#include "vn/admin_units.h"

namespace lienthong::synth {

enum class FacilityLevel : uint8_t { kProvince, kDistrict, kCommune };

struct Facility {
  FacilityLevel level;
  std::string code;  // "79001"
  std::string name;
  std::string organization_id;
  std::string location_id;
  size_t district = 0;        // index into Province::districts (provincial: 0)
  size_t commune = 0;         // index into District::communes (commune stations)
  std::vector<size_t> staff;  // indexes into FacilityNetwork::practitioners
};

struct Practitioner {
  std::string id;
  std::string role_id;  // its PractitionerRole
  std::string family, middle, given;
  bool female = false;
  bool doctor = true;  // else a nurse
  std::string licence;
  std::string birth_date;
  size_t facility = 0;
};

class FacilityNetwork {
 public:
  // Builds the network for `province`, drawing names and ids from `random`.
  // kInvalid when the province has no districts.
  static Result<FacilityNetwork> Build(const vn::Province& province, Random& random);

  const vn::Province& province() const { return *province_; }
  const std::vector<Facility>& facilities() const { return facilities_; }
  const std::vector<Practitioner>& practitioners() const { return practitioners_; }
  const Facility& provincial_hospital() const { return facilities_[0]; }
  const Facility& district_hospital(size_t district) const;
  // The commune's health station; the district's when the commune has none.
  const Facility& commune_station(size_t district, size_t commune) const;

  // Writes every Organization, Location, Practitioner and PractitionerRole;
  // `emit(type, id, json)` receives each resource as compact JSON text.
  template <typename Emit>
  void WriteResources(Emit&& emit) const;

  // The compact JSON of each resource, in the order above.
  void WriteOrganization(const Facility& f, std::string& out) const;
  void WriteLocation(const Facility& f, std::string& out) const;
  void WritePractitioner(const Practitioner& p, std::string& out) const;
  void WritePractitionerRole(const Practitioner& p, std::string& out) const;

 private:
  const vn::Province* province_ = nullptr;  // from vn::AdminUnits2024(), program lifetime
  std::vector<Facility> facilities_;
  std::vector<Practitioner> practitioners_;
  std::vector<size_t> district_hospital_;             // by district
  std::vector<std::vector<size_t>> commune_station_;  // by district, commune
};

template <typename Emit>
void FacilityNetwork::WriteResources(Emit&& emit) const {
  std::string json;
  for (const Facility& f : facilities_) {
    json.clear();
    WriteOrganization(f, json);
    emit("Organization", f.organization_id, json);
  }
  for (const Facility& f : facilities_) {
    json.clear();
    WriteLocation(f, json);
    emit("Location", f.location_id, json);
  }
  for (const Practitioner& p : practitioners_) {
    json.clear();
    WritePractitioner(p, json);
    emit("Practitioner", p.id, json);
  }
  for (const Practitioner& p : practitioners_) {
    json.clear();
    WritePractitionerRole(p, json);
    emit("PractitionerRole", p.role_id, json);
  }
}

}  // namespace lienthong::synth
