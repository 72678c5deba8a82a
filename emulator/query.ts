// Feathers-style query strings (BEHAVIOR.md §1.6): `$limit`, `$skip`, `$sort[field]=1|-1`, equality filters,
// `field[$in]=a&field[$in]=b`, the literal `null`, booleans and numbers as strings.
import { badRequest } from "./errors";

/** A record matches when its field equals any of `values` (one value for `field=x`, several for `$in`). */
export interface Filter {
  field: string;
  values: string[];
}

export interface ListQuery {
  filters: Filter[];
  sort: Array<{ field: string; direction: 1 | -1 }>;
  limit: number;
  skip: number;
}

export interface PageLimits {
  defaultPageSize: number;
  maxPageSize: number;
  rejectLimitAboveMax: boolean;
}

/** `field`, `field[$in]`, `$sort[field]` */
const PARAM = /^(\$sort\[(?<sortField>[^\]]+)\]|(?<field>[A-Za-z0-9_]+)(?<operator>\[\$in\])?)$/;

/**
 * Parses a query string. Every filtered or sorted field must be one of `fields` (else 400);
 * `ignored` parameters (e.g. `duplicate` on POST /widgets/notices) are skipped.
 */
export function parseListQuery(
  query: URLSearchParams,
  fields: readonly string[],
  limits: PageLimits,
  ignored: readonly string[] = [],
): ListQuery {
  const filters = new Map<string, string[]>();
  const sort: ListQuery["sort"] = [];
  const unknownField = (field: string, param: string) =>
    badRequest(`Invalid query parameter ${param}: unknown field "${field}" (filterable fields: ${fields.join(", ")})`, {
      [param]: "unknown field",
    });

  for (const [param, value] of query) {
    if (param === "$limit" || param === "$skip" || ignored.includes(param)) continue;
    const match = PARAM.exec(param);
    if (!match?.groups) {
      throw badRequest(
        `Unsupported query parameter ${param}: use field=value, field[$in]=value, $sort[field]=1|-1, $limit or $skip`,
        { [param]: "unsupported" },
      );
    }
    const { sortField, field } = match.groups;
    if (sortField !== undefined) {
      if (!fields.includes(sortField)) throw unknownField(sortField, param);
      if (value !== "1" && value !== "-1") {
        throw badRequest(`Invalid ${param}=${JSON.stringify(value)}: use 1 (ascending) or -1 (descending)`, {
          [param]: "must be 1 or -1",
        });
      }
      sort.push({ field: sortField, direction: value === "1" ? 1 : -1 });
      continue;
    }
    if (!fields.includes(field)) throw unknownField(field, param);
    // `a=1&a=2` and `a[$in]=1&a[$in]=2` both mean "a is 1 or 2".
    filters.set(field, [...(filters.get(field) ?? []), value]);
  }

  const limit = nonNegativeInteger(query, "$limit") ?? limits.defaultPageSize;
  if (limit > limits.maxPageSize && limits.rejectLimitAboveMax) {
    throw badRequest(`Invalid $limit=${limit}: the maximum page size is ${limits.maxPageSize}`, {
      $limit: `must be <= ${limits.maxPageSize}`,
    });
  }
  return {
    filters: [...filters].map(([field, values]) => ({ field, values })),
    sort,
    limit: Math.min(limit, limits.maxPageSize),
    skip: nonNegativeInteger(query, "$skip") ?? 0,
  };
}

function nonNegativeInteger(query: URLSearchParams, param: string): number | undefined {
  const raw = query.get(param);
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) {
    throw badRequest(`Invalid ${param}=${JSON.stringify(raw)}: must be a non-negative integer`, {
      [param]: "must be a non-negative integer",
    });
  }
  return Number(raw);
}

/** How a query-string value compares with a stored value: `null`, booleans and numbers arrive as strings. */
function equalsQueryValue(stored: unknown, wanted: string): boolean {
  if (wanted === "null") return stored === null || stored === undefined;
  switch (typeof stored) {
    case "string":
      return stored === wanted;
    case "boolean":
      return String(stored) === wanted;
    case "number":
      return wanted.trim() !== "" && Number(wanted) === stored;
    default:
      return false; // objects and arrays are not filterable by equality
  }
}

export function matchesFilters(record: object, filters: readonly Filter[]): boolean {
  return filters.every(({ field, values }) =>
    values.some((value) => equalsQueryValue((record as Record<string, unknown>)[field], value)),
  );
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return (a as string | number) < (b as string | number) ? -1 : 1;
}

/** Filters, sorts (stable: insertion order breaks ties) and pages. */
export function page<T extends object>(records: Iterable<T>, query: ListQuery): { total: number; data: T[] } {
  const matching = [...records].filter((record) => matchesFilters(record, query.filters));
  if (query.sort.length > 0) {
    matching.sort((a, b) => {
      for (const { field, direction } of query.sort) {
        const order = compareValues((a as Record<string, unknown>)[field], (b as Record<string, unknown>)[field]);
        if (order !== 0) return order * direction;
      }
      return 0;
    });
  }
  return { total: matching.length, data: matching.slice(query.skip, query.skip + query.limit) };
}
