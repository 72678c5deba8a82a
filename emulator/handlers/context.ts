// What a handler receives and returns, and the helpers every API area shares: organization scoping (BEHAVIOR.md §1.3),
// lists (§1.6), body validation (§1.4) and the rules for server-owned fields in update bodies (§1.8).
//
// Handlers are synchronous on purpose: each request reads and writes state in one turn of the event loop, so
// concurrent requests can never interleave between a check and the write it guards.
import { isDeepStrictEqual } from "node:util";
import { validateBody, type BodySchemaName } from "../contract";
import { ApiError, badRequest, conflict, forbidden, notFoundId } from "../errors";
import { matchesFilters, page, parseListQuery } from "../query";
import type { EmulatorSettings } from "../settings";
import type { Store } from "../store";

/** Who is calling, from the session token. */
export interface Caller {
  keyId: string;
  organizationId: string;
}

export interface PublicContext {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body, `undefined` when the request had none. */
  body: unknown;
  /** The `v` request header: 2 selects multi-regulation views of notices and configs. */
  apiVersion: 1 | 2;
  store: Store;
  settings: EmulatorSettings;
  /** Request time in ms, and as an ISO timestamp. */
  now: number;
  at: string;
}

export interface RequestContext extends PublicContext {
  caller: Caller;
}

export interface Reply {
  status: number;
  body: unknown;
}

export type Route =
  | { method: string; path: string; public: true; handler: (ctx: PublicContext) => Reply }
  | { method: string; path: string; public?: false; handler: (ctx: RequestContext) => Reply };

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const created = (ctx: PublicContext, body: unknown): Reply => ({ status: ctx.settings.createStatus, body });

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** 403 unless `organizationId` is the caller's organization (an API key belongs to exactly one). */
export function assertAccessible(ctx: RequestContext, organizationId: unknown, where: string): void {
  if (organizationId !== ctx.caller.organizationId) {
    throw forbidden(
      `${where}: organization ${JSON.stringify(organizationId)} is not accessible with this API key ` +
        `(the key belongs to organization "${ctx.caller.organizationId}")`,
    );
  }
}

interface OwnedRecord {
  organization_id: string;
}

export interface ListOptions<T> {
  /** Fields that may be filtered and sorted on: the record's response fields. */
  fields: readonly string[];
  /** The response form of a record (hides secrets, picks the v1/v2 view). */
  view?: (record: T) => unknown;
  /** Query parameters that are not filters. */
  ignoredParams?: readonly string[];
}

/**
 * GET on a collection: the caller's organization only; an `organization_id` filter naming another organization
 * is 403; with `requireOrgIdOnList` a missing one is 400. Answers the envelope or a bare array (`listShape`).
 */
export function listReply<T extends OwnedRecord>(ctx: RequestContext, records: Iterable<T>, options: ListOptions<T>): Reply {
  const query = parseListQuery(ctx.query, options.fields, ctx.settings, options.ignoredParams);
  const orgFilter = query.filters.find((filter) => filter.field === "organization_id");
  if (!orgFilter && ctx.settings.requireOrgIdOnList) {
    throw badRequest(
      `The organization_id query parameter is required on lists: add ?organization_id=${ctx.caller.organizationId}`,
      { organization_id: "is required" },
    );
  }
  for (const organizationId of orgFilter?.values ?? []) assertAccessible(ctx, organizationId, "organization_id filter");
  const own = [...records].filter((record) => record.organization_id === ctx.caller.organizationId);
  return pageReply(ctx, own, query, options.view);
}

/** Pages already-scoped records (also used by /organizations, whose records have no organization_id). */
export function pageReply<T extends object>(
  ctx: RequestContext,
  records: T[],
  query: ReturnType<typeof parseListQuery>,
  view: ((record: T) => unknown) | undefined,
): Reply {
  const { total, data } = page(records, query);
  const shown = view ? data.map(view) : data;
  if (ctx.settings.listShape === "array") return ok(shown);
  return ok({ total, limit: query.limit, skip: query.skip, data: shown });
}

/**
 * A record by id, visible only to its organization (404 otherwise, as for an unknown id). Query parameters act
 * as filters, as in Feathers: `?organization_id=` must be accessible (403) and match the record (404).
 */
export function findVisible<T extends OwnedRecord>(
  ctx: RequestContext,
  collection: Map<string, T>,
  id: string,
  fields: readonly string[],
  ignoredParams: readonly string[] = [],
): T {
  const record = collection.get(id);
  if (!record || record.organization_id !== ctx.caller.organizationId) throw notFoundId(id);
  const query = parseListQuery(ctx.query, fields, ctx.settings, ignoredParams);
  for (const filter of query.filters) {
    if (filter.field === "organization_id") {
      for (const organizationId of filter.values) assertAccessible(ctx, organizationId, "organization_id query parameter");
    }
  }
  if (!matchesFilters(record, query.filters)) throw notFoundId(id);
  return record;
}

/** 403 when the query string names an organization the caller cannot access (creates send it there too). */
export function assertQueryOrganization(ctx: RequestContext): void {
  for (const organizationId of ctx.query.getAll("organization_id")) {
    assertAccessible(ctx, organizationId, "organization_id query parameter");
  }
}

/**
 * Validates a body against the OpenAPI-derived contract (strict per `strictBodies`). `nullable` lists fields the
 * emulator itself returns as `null` when unset: a client that sends back what it read must not be refused.
 * Throws 400 listing every problem; returns the body without unknown fields.
 */
export function validated(
  ctx: PublicContext,
  schema: BodySchemaName,
  body: unknown,
  options: { partial?: boolean; nullable?: readonly string[]; secretFields?: readonly string[] } = {},
): JsonObject {
  const nulls: JsonObject = {};
  let input = body;
  if (isJsonObject(body) && options.nullable) {
    input = { ...body };
    for (const field of options.nullable) {
      if ((input as JsonObject)[field] === null) {
        nulls[field] = null;
        delete (input as JsonObject)[field];
      }
    }
  }
  const { value, errors } = validateBody(schema, input, { strict: ctx.settings.strictBodies, partial: options.partial });
  if (Object.keys(errors).length > 0) throw invalidBody(errors, body, options.secretFields);
  return { ...value, ...nulls };
}

/** A 400 whose message lists each problem with the value sent (except for secret fields), so it says what to fix. */
export function invalidBody(errors: Record<string, string>, body?: unknown, secretFields: readonly string[] = []): ApiError {
  const details = Object.entries(errors).map(([path, problem]) => {
    if (path === "") return problem;
    const sent = valueAt(body, path);
    const shown =
      sent === undefined || secretFields.includes(path) ? "" : ` (got ${JSON.stringify(sent).slice(0, 80)})`;
    return `${path} ${problem}${shown}`;
  });
  return badRequest(`Invalid request body: ${details.join("; ")}`, errors);
}

/** `regulation_configurations[0].geo_locations[1]` → the value at that path. */
function valueAt(body: unknown, path: string): unknown {
  let value = body;
  for (const step of path.split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== "")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as JsonObject)[step];
  }
  return value;
}

/** Maintained by the server on every record: ignored in update bodies. */
export const SERVER_MAINTAINED = ["created_at", "updated_at", "version"] as const;

export interface ServerOwnedFields {
  /** Fields set at creation: accepted in an update body only when equal to the stored value. */
  immutable: readonly string[];
  /** Server-maintained fields (timestamps, version): ignored in an update body. */
  ignored: readonly string[];
  /** Immutable fields whose values must never be echoed in an error. */
  secret?: readonly string[];
}

/**
 * Update bodies may carry fields the client cannot change (Didomi's own scripts PATCH back whole objects, §8.2):
 * ignores timestamps, checks immutable fields are unchanged (400 otherwise), and with `enforceVersion` answers 409
 * to a stale `version`. Returns the body without those fields.
 */
export function withoutServerFields(
  ctx: PublicContext,
  body: unknown,
  record: object,
  fields: ServerOwnedFields,
): JsonObject {
  if (!isJsonObject(body)) throw invalidBody({ "": "body must be a JSON object" });
  const stored = record as JsonObject;
  if (ctx.settings.enforceVersion && body.version !== undefined && body.version !== stored.version) {
    throw conflict(
      `Version conflict: the body has version ${JSON.stringify(body.version)} but the record is at version ` +
        `${JSON.stringify(stored.version)}; read it again and retry`,
      { version: `must be ${JSON.stringify(stored.version)}` },
    );
  }
  const errors: Record<string, string> = {};
  const rest: JsonObject = {};
  for (const [field, value] of Object.entries(body)) {
    if (fields.ignored.includes(field)) continue;
    if (!fields.immutable.includes(field)) {
      rest[field] = value;
      continue;
    }
    if (!isDeepStrictEqual(value, stored[field])) {
      errors[field] = fields.secret?.includes(field)
        ? "cannot be changed"
        : `cannot be changed (current value ${JSON.stringify(stored[field])})`;
    }
  }
  if (Object.keys(errors).length > 0) throw invalidBody(errors, body, fields.secret);
  return rest;
}

/** A business rule broken by a body field: 400 naming the field, the value and what is allowed. */
export function fieldError(field: string, value: unknown, problem: string): ApiError {
  return badRequest(`Invalid request body: ${field} ${problem} (got ${JSON.stringify(value)})`, { [field]: problem });
}

/** 400 naming every business-required field the value lacks. */
export function requireFields(value: JsonObject, fields: readonly string[]): void {
  const missing = fields.filter((field) => value[field] === undefined || value[field] === null);
  if (missing.length > 0) throw invalidBody(Object.fromEntries(missing.map((field) => [field, "is required"])));
}

/** Applies `changes` to a record and marks it updated: `updated_at` now, `version` + 1. */
export function applyUpdate(ctx: PublicContext, record: { updated_at: string; version: number }, changes: JsonObject): void {
  Object.assign(record, changes);
  record.updated_at = ctx.at;
  record.version += 1;
}

export function quotaExceeded(ctx: PublicContext, quota: keyof EmulatorSettings["quotas"]): ApiError {
  const limit = ctx.settings.quotas[quota];
  return new ApiError(ctx.settings.quotaExceededStatus, `Quota "${quota}" exceeded (${limit})`);
}

/** How a resource's PATCH and PUT bodies are read. */
export interface UpdateRules extends ServerOwnedFields {
  schema: BodySchemaName;
  /** Fields returned as null when unset (see `validated`). */
  nullable: readonly string[];
  /** PUT replaces every writable field: these are the values of the ones it omits. */
  replaceDefaults: JsonObject;
  /** Fields a PUT must carry. */
  requiredOnReplace: readonly string[];
}

/**
 * The changes a PATCH (shallow merge) or PUT (full replacement of writable fields) asks for, validated; throws 400
 * (or 409 with `enforceVersion`) before anything is changed.
 */
export function updateInput(ctx: PublicContext, record: object, rules: UpdateRules): JsonObject {
  const body = withoutServerFields(ctx, ctx.body, record, rules);
  const input = validated(ctx, rules.schema, body, { partial: true, nullable: rules.nullable });
  if (ctx.method !== "PUT") return input;
  requireFields(input, rules.requiredOnReplace);
  return { ...rules.replaceDefaults, ...input };
}
