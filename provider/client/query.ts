// Query strings in Didomi's (Feathers') syntax: `field=value`, `field[$in]=a&field[$in]=b`, the literal `null`.

export type QueryValue = string | number | boolean | null | readonly string[];
export type Query = Record<string, QueryValue>;

/** `organization_id` comes first on every call: it scopes the request and picks the rate limiter (BEHAVIOR §1.3). */
export function encodeQuery(organizationId: string, query: Query = {}): URLSearchParams {
  const params = new URLSearchParams({ organization_id: organizationId });
  for (const [field, value] of Object.entries(query)) {
    if (field === "organization_id") {
      throw new TypeError(`Didomi client: query.organization_id is set from options.organizationId; remove it from options.query`);
    }
    if (isList(value)) {
      // An empty `$in` would be dropped from the query string and match everything instead of nothing.
      if (value.length === 0) throw new TypeError(`Didomi client: query.${field} is an empty list, which can match nothing; skip the call instead`);
      for (const item of value) params.append(`${field}[$in]`, item);
    } else {
      params.append(field, value === null ? "null" : String(value));
    }
  }
  return params;
}

function isList(value: QueryValue): value is readonly string[] {
  return Array.isArray(value);
}
