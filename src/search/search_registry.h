// SearchRegistry: the search parameters of every resource type, from the R4
// definitions embedded in the library (data/fhir/r4-search.json), and the
// Patient compartment. Parameters with base Resource or DomainResource (_id,
// _lastUpdated, _tag, _profile, _security, _source, _text, _content) apply to
// every type.
//
// A registry is immutable after loading and safe to share between threads;
// R4() loads the embedded one once, on first use.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "json/value.h"
#include "search/search_parameter.h"

namespace lienthong::search {

class SearchRegistry {
 public:
  static const SearchRegistry& R4();
  // Loads a registry in the format of data/fhir/r4-search.json; kInvalid when
  // the text is not one or an expression does not parse.
  static Result<std::unique_ptr<SearchRegistry>> Load(std::string_view json_text);
  // The R4 registry plus `custom` parameters, each an entry in the format of
  // r4-search.json ({url, code, base, type, expr, target}; see
  // custom_parameters.h). kInvalid names the entry (by url) that cannot be
  // added: an expression that does not parse, or a code its base type has.
  static Result<std::unique_ptr<SearchRegistry>> R4With(const std::vector<json::Value>& custom);

  // The parameter `code` of `type`, or nullptr.
  const SearchParameter* Find(std::string_view type, std::string_view code) const;
  // Every parameter of `type` that has an expression (what is indexed).
  const std::vector<const SearchParameter*>& Indexed(std::string_view type) const;
  // The codes of the parameters that put a `type` resource in a patient's
  // compartment; nullptr when `type` is not in the Patient compartment.
  const std::vector<std::string>* PatientCompartment(std::string_view type) const;
  // The resource types in the Patient compartment, sorted.
  std::vector<std::string> PatientCompartmentTypes() const;
  size_t size() const { return params_.size(); }
  // A hash of every indexed parameter's type, code and expression: two
  // registries with the same fingerprint index alike.
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  SearchRegistry() = default;
  static Result<std::unique_ptr<SearchRegistry>> FromDocument(const json::Value& doc);

  std::vector<std::unique_ptr<SearchParameter>> params_;
  // type -> code -> parameter
  std::map<std::string, std::map<std::string, const SearchParameter*, std::less<>>, std::less<>>
      by_type_;
  std::map<std::string, std::vector<const SearchParameter*>, std::less<>> indexed_;
  std::map<std::string, std::vector<std::string>, std::less<>> patient_compartment_;
  std::string fingerprint_;
};

}  // namespace lienthong::search
