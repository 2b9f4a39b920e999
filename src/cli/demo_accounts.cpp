#include "cli/demo_accounts.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "auth/base64url.h"
#include "json/parser.h"
#include "ops/logging.h"
#include "vn/identifier_systems.h"

namespace lienthong::cli {
namespace {

// Staff of a facility in the demo data: a doctor and a nurse
// (Practitioner ids) at the facility with this code.
struct DemoFacility {
  std::string code;
  std::string doctor;
  std::string nurse;
};

// The facility code of each Organization id.
std::map<std::string, std::string> FacilityCodes(const store::ResourceStore& store) {
  std::map<std::string, std::string> codes;
  (void)store.ForEachCurrent("Organization", [&](const store::StoredResource& r) {
    Result<json::Value> org = json::Parse(r.json, {.max_depth = 64});
    const json::Value* ids = org.ok() ? org->find("identifier") : nullptr;
    for (size_t i = 0; ids != nullptr && ids->is_array() && i < ids->size(); ++i) {
      if (ids->at(i).get_string("system") == vn::kFacilityCodeSystem) {
        codes[r.id] = std::string(ids->at(i).get_string("value"));
      }
    }
    return true;
  });
  return codes;
}

// The first two facilities (in id order) that have both a doctor and a nurse.
std::vector<DemoFacility> StaffedFacilities(const store::ResourceStore& store) {
  const std::map<std::string, std::string> codes = FacilityCodes(store);
  std::map<std::string, DemoFacility> by_org;
  (void)store.ForEachCurrent("PractitionerRole", [&](const store::StoredResource& r) {
    Result<json::Value> role = json::Parse(r.json, {.max_depth = 64});
    if (!role.ok()) return true;
    const json::Value* org = role->find("organization");
    const json::Value* who = role->find("practitioner");
    const json::Value* code = role->find("code");
    if (org == nullptr || who == nullptr || code == nullptr || code->empty()) return true;
    const std::string org_id(org->get_string("reference").substr(13));  // "Organization/"
    auto found = codes.find(org_id);
    if (found == codes.end()) return true;
    DemoFacility& f = by_org[org_id];
    f.code = found->second;
    const std::string practitioner(who->get_string("reference"));
    const json::Value* coding = code->at(0).find("coding");
    const std::string_view kind =
        coding && !coding->empty() ? coding->at(0).get_string("code") : "";
    if (kind == "doctor" && f.doctor.empty()) f.doctor = practitioner;
    if (kind == "nurse" && f.nurse.empty()) f.nurse = practitioner;
    return true;
  });
  std::vector<DemoFacility> out;
  for (const auto& [id, f] : by_org) {
    if (!f.doctor.empty() && !f.nurse.empty() && out.size() < 2) out.push_back(f);
  }
  return out;
}

std::string FirstPatient(const store::ResourceStore& store) {
  std::string id;
  (void)store.ForEachCurrent("Patient", [&](const store::StoredResource& r) {
    id = r.id;
    return false;
  });
  return id;
}

Status WritePrivateFile(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return Status::IoError("cannot write " + path);
  ::fchmod(fd, 0600);
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  return ok ? Status::Ok() : Status::IoError("cannot write " + path);
}

}  // namespace

Status CreateDemoAccounts(auth::AccountStore& accounts, const store::ResourceStore& store,
                          const std::string& data_dir) {
  if (!accounts.ListUsers().empty()) return Status::Ok();
  const std::vector<DemoFacility> facilities = StaffedFacilities(store);
  if (facilities.size() < 2) return Status::NotFound("the demo province has too few facilities");
  const std::string patient = FirstPatient(store);
  struct Account {
    std::string name, roles, facility, fhir_user;
  };
  const std::vector<Account> plan = {
      {"bs.an", "doctor", facilities[0].code, facilities[0].doctor},
      {"dd.binh", "nurse", facilities[0].code, facilities[0].nurse},
      {"bs.chi", "doctor", facilities[1].code, facilities[1].doctor},
      {"dd.dung", "nurse", facilities[1].code, facilities[1].nurse},
      {"ds.giang", "pharmacist", facilities[0].code, ""},
      {"tn.ha", "receptionist", facilities[0].code, ""},
      {"qt.khanh", "facility-admin", facilities[0].code, ""},
      {"syt.lan", "province-manager", facilities[0].code.substr(0, 2) + "000", ""},
      {"dan.minh", "citizen", "", patient.empty() ? "" : "Patient/" + patient},
      {"admin", "admin", "", ""},
  };
  std::string file = "# lienthong demo accounts: user name, password, roles, facility, fhirUser\n";
  for (const Account& a : plan) {
    auth::User user;
    user.username = a.name;
    user.roles = *auth::ParseRoles(a.roles);
    user.facility = a.facility;
    user.fhir_user = a.fhir_user;
    const std::string password = auth::RandomToken(12);
    LT_RETURN_IF_ERROR(accounts.AddUser(user, password));
    file += a.name + " " + password + " " + a.roles + " " +
            (a.facility.empty() ? "-" : a.facility) + " " +
            (a.fhir_user.empty() ? "-" : a.fhir_user) + "\n";
  }
  auth::Client client;
  client.client_id = kDemoClientId;
  client.redirect_uris = {kDemoRedirectUri};
  client.scope =
      "fhirUser launch/patient offline_access online_access user/*.cruds user/*.rs patient/*.rs "
      "patient/*.cruds user/*.read user/*.write patient/*.read";
  LT_RETURN_IF_ERROR(accounts.AddClient(client, ""));
  const std::string path = (std::filesystem::path(data_dir) / "demo-accounts.txt").string();
  LT_RETURN_IF_ERROR(WritePrivateFile(path, file));
  std::string names;
  for (const Account& a : plan)
    names += (names.empty() ? "" : ", ") + a.name + " (" + a.roles + ")";
  fmt::print("Demo accounts: {}. Their passwords are in {} (readable by you only).\n", names, path);
  std::fflush(stdout);
  spdlog::info(R"("msg":"demo accounts created","users":"{}","client":"{}","passwords":"{}")",
               ops::JsonEscape(names), kDemoClientId, ops::JsonEscape(path));
  return Status::Ok();
}

}  // namespace lienthong::cli
