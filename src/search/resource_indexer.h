// ResourceIndexer: the store's Indexer for FHIR search. For each search
// parameter of a resource's type it evaluates the parameter's FHIRPath
// expression and turns the values found into index keys (index_keys.h) by
// parameter type:
//
//   string     HumanName and Address parts and string-like primitives, folded
//              (accent- and case-insensitive) and as written;
//   token      Coding, CodeableConcept, Identifier (with its type for
//              :of-type), ContactPoint, code, boolean and other primitives;
//   reference  Reference.reference ("Type/id", history suffix dropped; absolute
//              URLs as written), Reference.identifier, canonical and uri;
//   date       date, dateTime, instant, Period and Timing as the range of
//              microseconds they cover;
//   number, quantity (with the UCUM canonical form), uri;
//   composite  one key per combination of component values found inside
//              the same element (composite_key.h);
//   _text      the words of the narrative (text.div, tags dropped), folded;
//   _content   the words of every string of the resource but ids, URLs,
//              systems, references and base64 data, folded.
//
// Every parameter with at least one value also gets a presence key (for
// :missing). _lastUpdated is indexed at commit; _id needs no index (the store
// is keyed by id). A value that cannot be read (a malformed date in a
// resource accepted before validation tightened) is skipped, never fatal.
//
// Thread safety: Keys() may run on many threads at once; each call uses the
// registry it found when it started.
#pragma once

#include <memory>

#include "search/custom_parameters.h"
#include "search/search_registry.h"
#include "store/indexer.h"

namespace lienthong::search {

class ResourceIndexer : public store::Indexer {
 public:
  // Indexes with one registry for good.
  explicit ResourceIndexer(const SearchRegistry& registry) : fixed_(&registry) {}
  // Indexes with whatever registry `live` holds at each write.
  explicit ResourceIndexer(const LiveRegistry* live) : live_(live) {}

  Status Keys(std::string_view type, std::string_view id, const json::Value& resource,
              std::vector<std::string>& keys) const override;
  void CommitKeys(std::string_view type, std::string_view id, int64_t last_updated_us,
                  std::vector<std::string>& keys) const override;
  // The key layout's version and the registry's fingerprint.
  std::string Fingerprint() const override;

 private:
  std::shared_ptr<const SearchRegistry> Registry() const;

  const SearchRegistry* fixed_ = nullptr;
  const LiveRegistry* live_ = nullptr;
};

}  // namespace lienthong::search
