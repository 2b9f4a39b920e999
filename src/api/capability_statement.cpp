// GET /metadata: a CapabilityStatement listing exactly what is implemented.
#include "api/call.h"
#include "api/outcome.h"
#include "common/time.h"
#include "fhir/type_registry.h"
#include "json/writer.h"

namespace lienthong::api {
namespace {

json::Value Str(const char* s) { return json::Value::String(s); }

// A CapabilityStatement operation entry; no documentation when empty.
json::Value Operation(const char* name, const char* definition, const char* documentation) {
  json::Value op = json::Value::Object();
  op.set("name", Str(name));
  op.set("definition", Str(definition));
  if (*documentation != '\0') op.set("documentation", Str(documentation));
  return op;
}

json::Value Interactions(std::initializer_list<const char*> codes) {
  json::Value list = json::Value::Array();
  for (const char* code : codes) {
    json::Value entry = json::Value::Object();
    entry.set("code", Str(code));
    list.push_back(std::move(entry));
  }
  return list;
}

// rest.security: SMART on FHIR, with the oauth-uris extension naming the
// built-in authorisation server's endpoints.
json::Value Security(const ApiContext& ctx, const http::Request& request) {
  json::Value security = json::Value::Object();
  security.set("cors", json::Value::Bool(true));
  json::Value coding = json::Value::Object();
  coding.set("system", Str("http://terminology.hl7.org/CodeSystem/restful-security-service"));
  coding.set("code", Str("SMART-on-FHIR"));
  json::Value codings = json::Value::Array();
  codings.push_back(std::move(coding));
  json::Value service = json::Value::Object();
  service.set("coding", std::move(codings));
  service.set("text",
              Str("OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)"));
  json::Value services = json::Value::Array();
  services.push_back(std::move(service));
  security.set("service", std::move(services));
  const std::string origin = ctx.auth->Origin(request);
  json::Value uris = json::Value::Array();
  for (const auto& [name, path] : {std::pair{"authorize", "/auth/authorize"},
                                   {"token", "/auth/token"},
                                   {"revoke", "/auth/revoke"},
                                   {"introspect", "/auth/introspect"}}) {
    json::Value e = json::Value::Object();
    e.set("url", Str(name));
    e.set("valueUri", json::Value::String(origin + path));
    uris.push_back(std::move(e));
  }
  json::Value oauth = json::Value::Object();
  oauth.set("url", Str("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"));
  oauth.set("extension", std::move(uris));
  json::Value extensions = json::Value::Array();
  extensions.push_back(std::move(oauth));
  security.set("extension", std::move(extensions));
  security.set("description",
               Str("Every request but metadata and .well-known/smart-configuration needs a "
                   "bearer token; SMART scopes v1 and v2 are enforced on every interaction."));
  return security;
}

json::Value BuildCapabilityStatement(const ApiContext& ctx, const std::string& base_url,
                                     const http::Request& request) {
  json::Value cs = json::Value::Object();
  cs.set("resourceType", Str("CapabilityStatement"));
  cs.set("status", Str("active"));
  cs.set("date", json::Value::String(FormatInstant(NowMicros()).substr(0, 10)));
  cs.set("publisher", Str("lienthong"));
  cs.set("kind", Str("instance"));
  json::Value software = json::Value::Object();
  software.set("name", Str("lienthong"));
  software.set("version", json::Value::String(ctx.options.software_version));
  cs.set("software", std::move(software));
  json::Value implementation = json::Value::Object();
  implementation.set("description", Str("lienthong FHIR R4 server"));
  implementation.set("url", json::Value::String(base_url));
  cs.set("implementation", std::move(implementation));
  cs.set("fhirVersion", Str("4.0.1"));
  json::Value formats = json::Value::Array();
  formats.push_back(Str("application/fhir+json"));
  formats.push_back(Str("json"));
  cs.set("format", std::move(formats));
  json::Value patch_formats = json::Value::Array();
  patch_formats.push_back(Str("application/json-patch+json"));
  patch_formats.push_back(Str("application/fhir+json"));
  cs.set("patchFormat", std::move(patch_formats));

  json::Value rest = json::Value::Object();
  rest.set("mode", Str("server"));
  if (ctx.auth != nullptr && ctx.auth->enabled()) rest.set("security", Security(ctx, request));
  json::Value resources = json::Value::Array();
  for (const std::string& type : fhir::TypeRegistry::R4().ResourceTypes()) {
    json::Value r = json::Value::Object();
    r.set("type", json::Value::String(type));
    r.set("interaction",
          Interactions({"read", "vread", "update", "patch", "delete", "history-instance",
                        "history-type", "create", "search-type"}));
    r.set("versioning", Str("versioned-update"));
    r.set("readHistory", json::Value::Bool(true));
    r.set("updateCreate", json::Value::Bool(true));
    r.set("conditionalCreate", json::Value::Bool(ctx.search != nullptr));
    r.set("conditionalRead", Str("full-support"));
    r.set("conditionalUpdate", json::Value::Bool(ctx.search != nullptr));
    r.set("conditionalDelete", Str(ctx.search != nullptr ? "multiple" : "not-supported"));
    if (ctx.search != nullptr) {
      // The parameters search answers: every indexed one (composites
      // included), _text and _content, and _list; specials (near, ...)
      // are not supported.
      json::Value params = json::Value::Array();
      const search::SearchRegistry& registry = ctx.search.load()->registry();
      json::Value id_param = json::Value::Object();
      id_param.set("name", Str("_id"));
      id_param.set("type", Str("token"));
      params.push_back(std::move(id_param));
      for (const search::SearchParameter* p : registry.Indexed(type)) {
        if ((p->type == search::ParamType::kSpecial && p->code != "near") || p->code == "_id")
          continue;
        json::Value param = json::Value::Object();
        param.set("name", json::Value::String(p->code));
        param.set("definition", json::Value::String(p->url));
        param.set("type", Str(search::ParamTypeName(p->type)));
        if (p->type == search::ParamType::kToken) {
          param.set("documentation",
                    Str("Modifiers :not, :text, :of-type, :missing; :in and :not-in expand a "
                        "ValueSet stored on this server, :above and :below follow a stored "
                        "CodeSystem's hierarchy."));
        }
        params.push_back(std::move(param));
      }
      for (const char* code : {"_text", "_content"}) {
        const search::SearchParameter* p = registry.Find(type, code);
        if (p == nullptr) continue;
        json::Value param = json::Value::Object();
        param.set("name", Str(code));
        param.set("definition", json::Value::String(p->url));
        param.set("type", Str("string"));
        param.set("documentation",
                  Str("Whole words, folded (case and Vietnamese diacritics); all words of a "
                      "value must occur. OR, NOT, phrases and parentheses are not supported."));
        params.push_back(std::move(param));
      }
      json::Value list_param = json::Value::Object();
      list_param.set("name", Str("_list"));
      list_param.set("type", Str("special"));
      list_param.set("documentation",
                     Str("The id of a List stored on this server: only resources its entries "
                         "reference. Functional lists ($current-problems, ...) are not "
                         "supported."));
      params.push_back(std::move(list_param));
      r.set("searchParam", std::move(params));
    }
    if (type == "Patient" && ctx.search != nullptr) {
      json::Value ops = json::Value::Array();
      ops.push_back(Operation("everything",
                              "http://hl7.org/fhir/OperationDefinition/Patient-everything", ""));
      r.set("operation", std::move(ops));
    }
    resources.push_back(std::move(r));
  }
  rest.set("resource", std::move(resources));
  rest.set("interaction", Interactions({"transaction", "batch", "history-system"}));
  json::Value operations = json::Value::Array();
  if (ctx.exports != nullptr) {
    operations.push_back(
        Operation("export", "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export", ""));
  }
  if (ctx.imports != nullptr) {
    // The Bulk Data IG defines no import operation yet: lienthong's own.
    operations.push_back(Operation(
        "import", "https://lienthong.vn/fhir/OperationDefinition/import",
        "Asynchronous load of NDJSON files (file:// inside the server's import folder, or "
        "http:// on loopback); onInvalid=skip|reject"));
  }
  if (ctx.reindexes != nullptr) {
    operations.push_back(Operation("reindex",
                                   "https://lienthong.vn/fhir/OperationDefinition/reindex",
                                   "Asynchronous rebuild of the search index of every current "
                                   "resource, taking up the SearchParameters stored on the "
                                   "server (Prefer: respond-async)"));
  }
  if (!operations.empty()) rest.set("operation", std::move(operations));
  json::Value rest_list = json::Value::Array();
  rest_list.push_back(std::move(rest));
  cs.set("rest", std::move(rest_list));
  return cs;
}

}  // namespace

void HandleCapabilities(ApiContext& ctx, Call&& call) {
  call.Respond(JsonResponse(200, BuildCapabilityStatement(ctx, call.options.base_url, call.request),
                            call.options.pretty));
}

}  // namespace lienthong::api
