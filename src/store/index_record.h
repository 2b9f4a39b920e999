// The index keys of one version, as the `index_rev` family keeps them so
// that the next write can remove them and search can check a resource
// against its own keys.
//
// The keys are sorted and neighbours share much: the keys of one parameter
// begin alike, and every key of a resource ends alike (its id). A record is
// therefore the byte 0, the suffix that every key shares, then each key as
// the length of the prefix it shares with the one before and the bytes that
// follow, all lengths as varints. Records written before this layout (each
// key whole, after its length) are still read: they cannot begin with 0,
// since keys are never empty.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lienthong::store {

// Packs sorted, non-empty keys into a record.
std::string PackIndexKeys(const std::vector<std::string>& keys);
// Reads a record back into `keys` (appended, in order); false for a record
// that does not decode.
bool UnpackIndexKeys(std::string_view record, std::vector<std::string>& keys);

}  // namespace lienthong::store
