// One answered request as an R4 AuditEvent, after IHE Basic Audit Log
// Patterns (RESTful activity): who (user or client, roles, facility,
// fhirUser, network address), what (interaction, resource, query), which
// patient, when, and the outcome.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lienthong::audit {

// What the request pipeline knows of an answered request.
struct AccessRecord {
  std::string request_id;
  std::string interaction;  // "read", "search-type", "create", ...
  std::string method;
  std::string type;     // resource type, if any
  std::string id;       // resource id, if any
  std::string patient;  // compartment or patient context, if any
  std::vector<std::pair<std::string, std::string>> query;
  std::string remote_address;
  int status = 0;
  int64_t recorded_us = 0;
  // The principal.
  std::string agent;  // "user:an", "client:his", "anonymous", "open"
  std::string client_id;
  std::vector<std::string> roles;
  std::string facility;
  std::string fhir_user;
};

// The AuditEvent as compact JSON text (written directly: it is made for
// every request).
std::string MakeAuditEvent(const AccessRecord& record);

}  // namespace lienthong::audit
