// Server-assigned resource ids: time-ordered 128-bit identifiers in the UUID
// text form (36 characters), unique across nodes without coordination:
// 48 bits of millisecond time, then 74 random bits (UUIDv7 layout).
#pragma once

#include <string>
#include <string_view>

namespace lienthong::store {

std::string NewResourceId();

// FHIR id rule: [A-Za-z0-9\-\.]{1,64}.
bool IsValidResourceId(std::string_view id);

}  // namespace lienthong::store
