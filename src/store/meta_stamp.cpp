#include <vector>

#include "common/time.h"
#include "store/resource_store.h"

namespace lienthong::store {

void StampMeta(json::Value& resource, uint64_t version, int64_t last_updated_us) {
  json::Value* meta = resource.find("meta");
  if (meta == nullptr || !meta->is_object()) {
    if (meta != nullptr) resource.erase("meta");
    // Place meta after id (or resourceType), where FHIR JSON conventionally has it.
    auto& members = resource.members();
    size_t pos = 0;
    for (size_t i = 0; i < members.size(); ++i) {
      if (members[i].key == "resourceType" || members[i].key == "id") pos = i + 1;
    }
    members.insert(members.begin() + static_cast<std::ptrdiff_t>(pos),
                   json::Value::Member{"meta", json::Value::Object()});
    meta = &members[pos].value;
  }
  meta->erase("versionId");
  meta->erase("lastUpdated");
  auto& fields = meta->members();
  fields.insert(
      fields.begin(),
      {json::Value::Member{"versionId", json::Value::String(std::to_string(version))},
       json::Value::Member{"lastUpdated", json::Value::String(FormatInstant(last_updated_us))}});
}

}  // namespace lienthong::store
