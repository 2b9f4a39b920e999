#include "audit/audit_event.h"

#include "common/time.h"
#include "http/target.h"
#include "json/writer.h"

namespace lienthong::audit {
namespace {

// Appends "key":"value" (the value escaped) to out, after a comma unless first.
void Field(std::string& out, std::string_view key, std::string_view value, bool first = false) {
  if (!first) out += ',';
  out += '"';
  out += key;
  out += "\":";
  json::AppendQuoted(value, out);
}

void Coding(std::string& out, std::string_view system, std::string_view code) {
  out += '{';
  Field(out, "system", system, true);
  Field(out, "code", code);
  out += '}';
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

void Entity(std::string& out, std::string_view reference, const char* type_code,
            const char* role_code) {
  out += R"({"what":{"reference":)";
  json::AppendQuoted(reference, out);
  out += R"(},"type":)";
  Coding(out, "http://terminology.hl7.org/CodeSystem/audit-entity-type", type_code);
  out += R"(,"role":)";
  Coding(out, "http://terminology.hl7.org/CodeSystem/object-role", role_code);
  out += '}';
}

void Agent(std::string& out, const AccessRecord& r) {
  out += R"({"type":{"coding":[)";
  Coding(out, "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP");
  out += R"(]},"who":{)";
  if (!r.fhir_user.empty()) {
    Field(out, "reference", r.fhir_user, true);
    out += ',';
  }
  out += R"("identifier":{"system":"https://lienthong.vn/fhir/sid/principal")";
  Field(out, "value", r.agent);
  out += "}}";
  if (!r.client_id.empty()) Field(out, "altId", r.client_id);
  if (!r.roles.empty()) {
    out += R"(,"role":[)";
    for (size_t i = 0; i < r.roles.size(); ++i) {
      if (i > 0) out += ',';
      out += R"({"coding":[)";
      Coding(out, "https://lienthong.vn/fhir/CodeSystem/role", r.roles[i]);
      out += "]}";
    }
    out += ']';
  }
  out += R"(,"requestor":true)";
  if (!r.facility.empty()) {
    out += R"(,"location":{)";
    Field(out, "display", "facility " + r.facility, true);
    out += '}';
  }
  out += R"(,"network":{)";
  Field(out, "address", r.remote_address, true);
  out += R"(,"type":"2"}})";
}

}  // namespace

std::string MakeAuditEvent(const AccessRecord& r) {
  std::string out;
  out.reserve(768);
  out +=
      R"({"resourceType":"AuditEvent","extension":[{"url":"https://lienthong.vn/fhir/StructureDefinition/request-id")";
  Field(out, "valueString", r.request_id);
  out += R"(}],"type":)";
  Coding(out, "http://terminology.hl7.org/CodeSystem/audit-event-type", "rest");
  out += R"(,"subtype":[)";
  Coding(out, "http://hl7.org/fhir/restful-interaction", r.interaction);
  out += ']';
  Field(out, "action", Action(r.interaction));
  Field(out, "recorded", FormatInstant(r.recorded_us));
  Field(out, "outcome", Outcome(r.status));
  Field(out, "outcomeDesc", std::to_string(r.status));
  out += R"(,"agent":[)";
  Agent(out, r);
  out += R"(],"source":{"observer":{"display":"lienthong"}})";
  const bool any = !r.type.empty() || !r.patient.empty() || !r.query.empty();
  if (any) out += R"(,"entity":[)";
  bool first = true;
  auto next = [&] {
    if (!first) out += ',';
    first = false;
  };
  if (!r.type.empty()) {
    next();
    Entity(out, r.id.empty() ? r.type : r.type + "/" + r.id, "2", "4");
  }
  if (!r.patient.empty()) {
    next();
    Entity(out, "Patient/" + r.patient, "1", "1");
  }
  if (!r.query.empty()) {
    next();
    std::string query;
    for (const auto& [k, v] : r.query) {
      query += (query.empty() ? "" : "&") + http::PercentEncode(k) + "=" + http::PercentEncode(v);
    }
    out += R"({"type":)";
    Coding(out, "http://terminology.hl7.org/CodeSystem/audit-entity-type", "2");
    Field(out, "description", query.substr(0, 2000));
    out += '}';
  }
  if (any) out += ']';
  out += '}';
  return out;
}

}  // namespace lienthong::audit
