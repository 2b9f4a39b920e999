#include "api/access.h"

#include <fmt/format.h>

#include <algorithm>

#include "fhirpath/fhirpath.h"
#include "fhirpath/item.h"

namespace lienthong::api {
namespace {

bool InCompartmentTypes(const ApiContext& ctx, std::string_view type) {
  const search::SearchEngine* engine = ctx.search.load();
  return type == "Patient" ||
         (engine != nullptr && engine->registry().PatientCompartment(type) != nullptr);
}

Status OutsideCompartment(std::string_view type, std::string_view id) {
  return Status::Forbidden(fmt::format(
      "{}/{} is not in the compartment of the patient this token is limited to", type, id));
}

Status CheckPatient(const ApiContext& ctx, const std::string& patient, std::string_view type,
                    std::string_view id) {
  if (type == "Patient") return id == patient ? Status::Ok() : OutsideCompartment(type, id);
  if (!InCompartmentTypes(ctx, type)) return Status::Ok();  // shared: practitioners, medications
  const search::SearchEngine* engine = ctx.search.load();
  Result<std::vector<std::string>> patients = engine->PatientsOf(type, id);
  if (!patients.ok()) return patients.take_status();
  if (std::binary_search(patients->begin(), patients->end(), patient)) return Status::Ok();
  return OutsideCompartment(type, id);
}

// Whether the resource matches one of the restriction's criteria sets.
Status CheckCriteria(const ApiContext& ctx, const auth::AccessLimits& limits,
                     const std::string& type, std::string_view id) {
  for (const QueryParams& criteria : limits.criteria) {
    QueryParams params = criteria;
    params.emplace_back("_id", std::string(id));
    Result<std::vector<std::string>> matches = MatchConditional(ctx, type, params);
    if (!matches.ok()) return matches.take_status();
    if (!matches->empty()) return Status::Ok();
  }
  return Status::Forbidden(fmt::format("{}/{} is outside what the token's scopes allow", type, id));
}

// The ids of the patients a resource's compartment parameters name.
std::vector<std::string> PatientsNamedBy(const ApiContext& ctx, const std::string& type,
                                         const json::Value& resource) {
  std::vector<std::string> out;
  const search::SearchEngine* engine = ctx.search.load();
  const std::vector<std::string>* codes = engine->registry().PatientCompartment(type);
  if (codes == nullptr) return out;
  for (const std::string& code : *codes) {
    const search::SearchParameter* param = engine->registry().Find(type, code);
    if (param == nullptr || param->parsed == nullptr) continue;
    Result<fhirpath::Collection> items = fhirpath::Evaluate(*param->parsed, resource);
    if (!items.ok()) continue;
    for (const fhirpath::Item& item : *items) {
      if (!item.is_node() || item.node().value == nullptr) continue;
      const std::string_view ref = item.node().value->get_string("reference");
      const size_t at = ref.rfind("Patient/");
      if (at != std::string_view::npos && (at == 0 || ref[at - 1] == '/')) {
        out.emplace_back(ref.substr(at + 8));
      }
    }
  }
  return out;
}

}  // namespace

Status CheckLimitsOn(const ApiContext& ctx, const Call& call, std::string_view type,
                     std::string_view id) {
  if (call.limits.none()) return Status::Ok();
  if (!call.limits.patient.empty()) {
    LT_RETURN_IF_ERROR(CheckPatient(ctx, call.limits.patient, type, id));
  }
  if (!call.limits.criteria.empty()) {
    LT_RETURN_IF_ERROR(CheckCriteria(ctx, call.limits, std::string(type), id));
  }
  return Status::Ok();
}

Status CheckReadable(const ApiContext& ctx, const Call& call, std::string_view type,
                     std::string_view id) {
  if (call.principal == nullptr || call.principal->unrestricted()) return Status::Ok();
  Result<auth::AccessLimits> limits = auth::Authorize(*call.principal, {"read", type, auth::kRead});
  if (!limits.ok()) return limits.take_status();
  if (limits->none()) return Status::Ok();
  Call probe;
  probe.limits = std::move(limits.value());
  return CheckLimitsOn(ctx, probe, type, id);
}

Status CheckWriteLimits(const ApiContext& ctx, const Call& call, const store::WriteOp& op) {
  if (call.limits.none()) return Status::Ok();
  if (!call.limits.criteria.empty()) {
    return Status::Forbidden("writes under query-restricted scopes are refused");
  }
  const std::string& patient = call.limits.patient;
  if (op.kind != store::WriteOp::Kind::kCreate) {
    Result<store::StoredResource> current = ctx.store.Read(op.type, op.id);
    if (current.ok() && !current->deleted) {
      LT_RETURN_IF_ERROR(CheckPatient(ctx, patient, op.type, op.id));
    }
  }
  if (op.kind == store::WriteOp::Kind::kDelete) return Status::Ok();
  if (op.type == "Patient") {
    return op.id == patient ? Status::Ok() : OutsideCompartment(op.type, op.id);
  }
  if (!InCompartmentTypes(ctx, op.type)) {
    return Status::Forbidden("patient/ scopes write only resources of the patient's compartment");
  }
  const std::vector<std::string> named = PatientsNamedBy(ctx, op.type, op.resource);
  if (std::find(named.begin(), named.end(), patient) != named.end()) return Status::Ok();
  return Status::Forbidden(
      "the resource must be in the compartment of the patient this token is limited to");
}

Status ApplySearchLimits(const ApiContext& ctx, Call& call, QueryParams& params) {
  if (call.limits.none()) return Status::Ok();
  if (call.limits.criteria.size() > 1) {
    return Status::Forbidden(
        "the token holds several query-restricted scopes for this type; search with one");
  }
  if (call.limits.criteria.size() == 1) {
    const QueryParams& extra = call.limits.criteria.front();
    params.insert(params.end(), extra.begin(), extra.end());
  }
  const std::string& patient = call.limits.patient;
  if (patient.empty()) return Status::Ok();
  if (call.type == "Patient") {
    params.emplace_back("_id", patient);
    return Status::Ok();
  }
  if (!InCompartmentTypes(ctx, call.type)) return Status::Ok();
  if (!call.compartment_id.empty() && call.compartment_id != patient) {
    return OutsideCompartment("Patient", call.compartment_id);
  }
  call.compartment_id = patient;
  return Status::Ok();
}

Status CheckSearchReach(const Call& call, const search::SearchQuery& query) {
  if (call.principal == nullptr || call.principal->unrestricted()) return Status::Ok();
  std::vector<std::string> types;
  for (const search::Criterion& c : query.criteria) {
    for (const search::Criterion* k = &c; k != nullptr; k = k->chain.get()) {
      types.insert(types.end(), k->chain_types.begin(), k->chain_types.end());
      if (!k->has_type.empty()) types.push_back(k->has_type);
    }
  }
  for (const std::string& type : types) {
    Result<auth::AccessLimits> limits =
        auth::Authorize(*call.principal, {"search", type, auth::kSearch});
    if (!limits.ok()) return limits.take_status();
    if (!limits->none()) {
      return Status::Forbidden("chained searches into " + type +
                               " are refused under patient/ or query-restricted scopes");
    }
  }
  return Status::Ok();
}

}  // namespace lienthong::api
