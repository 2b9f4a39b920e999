// Reads the test data, the Synthea transaction bundles followed by
// supplement_bundle.json (a few resources Synthea does not make: number and uri
// parameters, Vietnamese names, meta.profile and meta.source), and rewrites
// them so that lienthong and Medplum store the same resources under the same
// ids.
//
// Synthea's entries are POSTs with urn:uuid: fullUrls, and each server would
// assign ids of its own, so the two result sets could not be compared by id.
// Instead every entry becomes `PUT Type/<uuid>` with the fullUrl's uuid as the
// resource id, and every "urn:uuid:<uuid>" reference inside a resource is
// rewritten to "Type/<uuid>" here, before either server sees it: neither
// server's urn:uuid resolution is then part of what is compared. Organizations
// and Practitioners shared by several patients carry the same uuid in several
// bundles; as PUTs they become one resource (the last bundle's version), the
// same in both stores because both load the bundles in the same order.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SUPPLEMENT = fileURLToPath(new URL('./supplement_bundle.json', import.meta.url));

const UUID_REFERENCE = /"urn:uuid:([0-9a-fA-F-]{36})"/g;

// The bundle files of `dir` in a fixed (byte-wise sorted) order.
export function bundleFiles(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))))
    .map((name) => join(dir, name));
}

// The type of each urn:uuid fullUrl in all bundles, so that a reference to a
// resource of another bundle (a shared Practitioner) is rewritten too.
function typesByUuid(bundles) {
  const types = new Map();
  for (const bundle of bundles) {
    for (const entry of bundle.entry ?? []) {
      if (entry.fullUrl?.startsWith('urn:uuid:')) {
        types.set(entry.fullUrl.slice('urn:uuid:'.length), entry.resource.resourceType);
      }
    }
  }
  return types;
}

function toPutEntry(entry, types) {
  const id = entry.fullUrl.slice('urn:uuid:'.length);
  const text = JSON.stringify(entry.resource).replace(UUID_REFERENCE, (whole, uuid) => {
    const type = types.get(uuid);
    return type ? `"${type}/${uuid}"` : whole;
  });
  const resource = JSON.parse(text);
  resource.id = id;
  return {
    fullUrl: entry.fullUrl,
    resource,
    request: { method: 'PUT', url: `${resource.resourceType}/${id}` },
  };
}

// The bundles of `dir` and the supplement, each a transaction of PUTs as
// described above.
export function loadTestBundles(dir) {
  const files = [...bundleFiles(dir), SUPPLEMENT];
  const bundles = files.map((file) => JSON.parse(readFileSync(file, 'utf8')));
  const types = typesByUuid(bundles);
  return bundles.map((bundle) => ({
    resourceType: 'Bundle',
    type: 'transaction',
    entry: (bundle.entry ?? []).map((entry) => toPutEntry(entry, types)),
  }));
}

// Every resource of the converted bundles, the last version of each id.
export function finalResources(bundles) {
  const byKey = new Map();
  for (const bundle of bundles) {
    for (const { resource } of bundle.entry) {
      byKey.set(`${resource.resourceType}/${resource.id}`, resource);
    }
  }
  return [...byKey.values()];
}
