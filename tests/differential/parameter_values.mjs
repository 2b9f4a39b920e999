// The values of a search parameter's FHIRPath result as the differential
// search test reads them, per parameter type: shared by generate_queries.mjs
// (values to search for) and medplum_search.mjs (values to sort by).

export function foldDiacritics(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replaceAll('đ', 'd').replaceAll('Đ', 'D');
}

export function stringsOf(tv) {
  const v = tv.value;
  if (typeof v === 'string') return [v];
  if (tv.type === 'HumanName') return [v.family, ...(v.given ?? []), ...(v.prefix ?? []), v.text].filter(Boolean);
  if (tv.type === 'Address') {
    return [...(v.line ?? []), v.city, v.district, v.state, v.postalCode, v.country, v.text].filter(Boolean);
  }
  return [];
}

// {system, code, text} tokens of a typed value.
export function tokensOf(tv) {
  const v = tv.value;
  switch (tv.type) {
    case 'CodeableConcept':
      return (v.coding ?? []).map((c) => ({ system: c.system, code: c.code, text: c.display ?? v.text }));
    case 'Coding':
      return [{ system: v.system, code: v.code, text: v.display }];
    case 'Identifier':
      return [{ system: v.system, code: v.value, text: v.type?.text, type: v.type?.coding?.[0] }];
    case 'ContactPoint':
      return [{ system: undefined, code: v.value }];
    case 'boolean':
      return [{ code: String(v) }];
    default:
      return typeof v === 'string' ? [{ code: v }] : [];
  }
}

export function datesOf(tv) {
  const v = tv.value;
  if (typeof v === 'string') return [v];
  if (tv.type === 'Period') return [v.start, v.end].filter(Boolean);
  return [];
}
