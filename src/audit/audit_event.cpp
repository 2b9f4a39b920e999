#include "audit/audit_event.h"

#include "common/time.h"
#include "http/target.h"

namespace lienthong::audit {
namespace {

json::Value Coding(const char* system, const std::string& code) {
  json::Value c = json::Value::Object();
  c.set("system", json::Value::String(system));
  c.set("code", json::Value::String(code));
  return c;
}

json::Value Codeable(json::Value coding) {
  json::Value list = json::Value::Array();
  list.push_back(std::move(coding));
  json::Value c = json::Value::Object();
  c.set("coding", std::move(list));
  return c;
}

// C, R, U, D or E for an interaction (search and operations execute).
const char* Action(const std::string& interaction) {
  if (interaction == "create") return "C";
  if (interaction == "update" || interaction == "patch" || interaction == "conditional-update" ||
      interaction == "conditional-patch") {
    return "U";
  }
  if (interaction == "delete" || interaction == "conditional-delete") return "D";
  if (interaction == "read" || interaction == "vread" || interaction.starts_with("history") ||
      interaction == "capabilities") {
    return "R";
  }
  return "E";
}

// 0 success, 4 minor failure (refused, not found, bad request), 8 serious
// failure (the server's fault).
const char* Outcome(int status) {
  if (status < 400) return "0";
  if (status < 500) return "4";
  return "8";
}

json::Value Entity(const std::string& reference, const char* type_code, const char* role_code) {
  json::Value e = json::Value::Object();
  json::Value what = json::Value::Object();
  what.set("reference", json::Value::String(reference));
  e.set("what", std::move(what));
  e.set("type", Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", type_code));
  e.set("role", Coding("http://terminology.hl7.org/CodeSystem/object-role", role_code));
  return e;
}

json::Value Agent(const AccessRecord& r) {
  json::Value agent = json::Value::Object();
  agent.set("type",
            Codeable(Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP")));
  json::Value who = json::Value::Object();
  if (!r.fhir_user.empty()) who.set("reference", json::Value::String(r.fhir_user));
  json::Value identifier = json::Value::Object();
  identifier.set("system", json::Value::String("https://lienthong.vn/fhir/sid/principal"));
  identifier.set("value", json::Value::String(r.agent));
  who.set("identifier", std::move(identifier));
  agent.set("who", std::move(who));
  if (!r.client_id.empty()) agent.set("altId", json::Value::String(r.client_id));
  if (!r.roles.empty()) {
    json::Value roles = json::Value::Array();
    for (const std::string& role : r.roles) {
      roles.push_back(Codeable(Coding("https://lienthong.vn/fhir/CodeSystem/role", role)));
    }
    agent.set("role", std::move(roles));
  }
  agent.set("requestor", json::Value::Bool(true));
  if (!r.facility.empty()) {
    json::Value location = json::Value::Object();
    location.set("display", json::Value::String("facility " + r.facility));
    agent.set("location", std::move(location));
  }
  json::Value network = json::Value::Object();
  network.set("address", json::Value::String(r.remote_address));
  network.set("type", json::Value::String("2"));
  agent.set("network", std::move(network));
  return agent;
}

}  // namespace

json::Value MakeAuditEvent(const AccessRecord& r) {
  json::Value e = json::Value::Object();
  e.set("resourceType", json::Value::String("AuditEvent"));
  e.set("type", Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest"));
  json::Value subtype = json::Value::Array();
  subtype.push_back(Coding("http://hl7.org/fhir/restful-interaction", r.interaction));
  e.set("subtype", std::move(subtype));
  e.set("action", json::Value::String(Action(r.interaction)));
  e.set("recorded", json::Value::String(FormatInstant(r.recorded_us)));
  e.set("outcome", json::Value::String(Outcome(r.status)));
  e.set("outcomeDesc", json::Value::String(std::to_string(r.status)));
  json::Value agents = json::Value::Array();
  agents.push_back(Agent(r));
  e.set("agent", std::move(agents));
  json::Value source = json::Value::Object();
  json::Value observer = json::Value::Object();
  observer.set("display", json::Value::String("lienthong"));
  source.set("observer", std::move(observer));
  e.set("source", std::move(source));
  json::Value entities = json::Value::Array();
  if (!r.type.empty()) {
    entities.push_back(Entity(r.id.empty() ? r.type : r.type + "/" + r.id, "2", "4"));
  }
  if (!r.patient.empty()) entities.push_back(Entity("Patient/" + r.patient, "1", "1"));
  if (!r.query.empty()) {
    std::string query;
    for (const auto& [k, v] : r.query) {
      query += (query.empty() ? "" : "&") + http::PercentEncode(k) + "=" + http::PercentEncode(v);
    }
    json::Value q = json::Value::Object();
    q.set("type", Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2"));
    q.set("description", json::Value::String(query.substr(0, 2000)));
    entities.push_back(std::move(q));
  }
  if (!entities.empty()) e.set("entity", std::move(entities));
  json::Value ext = json::Value::Object();
  ext.set("url", json::Value::String("https://lienthong.vn/fhir/StructureDefinition/request-id"));
  ext.set("valueString", json::Value::String(r.request_id));
  json::Value exts = json::Value::Array();
  exts.push_back(std::move(ext));
  e.set("extension", std::move(exts));
  return e;
}

}  // namespace lienthong::audit
