// Input validation shared by every resource's `check`: zod schemas, failures a user can act on, and the
// preview-time unknown sentinel that Pulumi sends in place of values not yet known.
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { objectOf, type Fields, type ResourceFields } from "../fields/define";
import { missingCredentials, ORGANIZATION_ID_HELP, resolveOrganizationId, settingProblems, type ConnectionOverrides } from "./config";

const inputSchemas = new WeakMap<object, z.ZodType>();

/** A resource's input schema, built once from its field table. */
function inputSchemaOf(resource: ResourceFields<Fields, Fields>): z.ZodType {
  let schema = inputSchemas.get(resource);
  if (!schema) {
    schema = objectOf(resource.inputs);
    inputSchemas.set(resource, schema);
  }
  return schema;
}

/** The string the engine sends, whatever the declared type, for a value not known yet (preview only). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}

/** True when the value at `path` (or any value on the way to it) is, or contains, the unknown sentinel. */
function unknownAlong(root: unknown, path: readonly PropertyKey[]): boolean {
  let current: unknown = root;
  for (const key of path) {
    if (current === UNKNOWN) return true;
    if (current === null || typeof current !== "object") return false;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return isUnknown(current);
}

/** `a.b[0].c` — the way a user would name the field in their program. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`))
    .join("");
}

function show(value: unknown): string {
  if (value === undefined) return "missing";
  // JSON has no NaN or Infinity: it would print them as null
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number" && !Number.isFinite(value)) return "not a finite number";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/** A long string by its length and start: quoting all of a 100 kB value helps no one. */
function describeLength(value: unknown): string {
  return typeof value === "string" ? `${show(value)} (${value.length} characters)` : show(value);
}

/** Turns one zod issue into a sentence that names the value and what would be accepted instead. */
function reasonFor(issue: z.core.$ZodIssue): string {
  const value = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_value":
      return `${show(value)} is not allowed; use one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_type":
      return value === undefined
        ? `is required (expected ${issue.expected})`
        : `${show(value)} is ${describeType(value)}; expected ${issue.expected === "object" ? "an object" : `a ${issue.expected}`}`;
    case "too_small":
      return issue.origin === "string"
        ? `${show(value)} is too short; use at least ${issue.minimum} character(s)`
        : issue.origin === "array"
          ? `needs at least ${issue.minimum} item(s)`
          : `${show(value)} is too small; use a value ${issue.inclusive ? ">=" : ">"} ${issue.minimum}`;
    case "too_big":
      return issue.origin === "string"
        ? `${describeLength(value)} is too long; use at most ${issue.maximum} characters`
        : `${show(value)} is too large; use a value ${issue.inclusive ? "<=" : "<"} ${issue.maximum}`;
    default:
      // custom refinements and formats carry a complete sentence of their own
      return issue.message;
  }
}

/** The edit distance between two names, for "did you mean". */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The declared field a mistyped key most likely meant, when one is close enough to be a typo. */
function nearest(key: string, known: readonly string[]): string | undefined {
  let best: { field: string; distance: number } | undefined;
  for (const field of known) {
    const distance = editDistance(key.toLowerCase(), field.toLowerCase());
    if (!best || distance < best.distance) best = { field, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.field : undefined;
}

/**
 * Keys the schema does not declare, at every depth. zod's objects drop unknown keys silently, so a typo such as
 * `consentDurration: 12` would pass and never be applied. Records (the deliberately opaque pass-through objects:
 * a raw SDK `config`, `customJson`) and loose objects are not looked into, nor are the engine's own `__` keys.
 */
function unknownFields(schema: z.ZodType, value: unknown, path: PropertyKey[], subject: string): pulumi.dynamic.CheckFailure[] {
  if (value === null || value === undefined || value === UNKNOWN) return [];
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return unknownFields(schema.unwrap() as z.ZodType, value, path, subject);
  }
  if (schema instanceof z.ZodArray && Array.isArray(value)) {
    return value.flatMap((item, index) => unknownFields(schema.element as z.ZodType, item, [...path, index], subject));
  }
  if (!(schema instanceof z.ZodObject) || typeof value !== "object" || Array.isArray(value)) return [];
  if (schema.def.catchall !== undefined && !(schema.def.catchall instanceof z.ZodNever)) return [];
  const shape = schema.shape as Record<string, z.ZodType>;
  const known = Object.keys(shape);
  return Object.entries(value).flatMap(([key, field]) => {
    if (key in shape) return unknownFields(shape[key]!, field, [...path, key], subject);
    if (path.length === 0 && key.startsWith("__")) return [];
    const property = fieldPath([...path, key]);
    const where = path.length === 0 ? subject : `${subject}.${fieldPath(path)}`;
    const guess = nearest(key, known);
    const fix = guess ? `did you mean \`${guess}\`?` : `remove it (the fields are ${known.filter((k) => !k.startsWith("__")).join(", ")})`;
    return [{ property, reason: `${property}: \`${key}\` is not a field of ${where}; ${fix}` }];
  });
}

/**
 * Validates `news` against `schema`, including keys it does not declare. Issues about values that are unknown
 * (preview) are skipped: they are checked again once known, at `up`. Returns Pulumi check failures, one per field.
 * `subject` names what the inputs are of, for messages ("NoticeConfig").
 */
export function validate(schema: z.ZodType, news: Record<string, unknown>, subject = "these inputs"): pulumi.dynamic.CheckFailure[] {
  const failures = new Map<string, string>();
  for (const { property, reason } of unknownFields(schema, news, [], subject)) failures.set(property, reason);
  const result = schema.safeParse(news, { reportInput: true });
  for (const issue of result.success ? [] : result.error.issues) {
    if (unknownAlong(news, issue.path)) continue;
    const property = fieldPath(issue.path);
    if (!failures.has(property)) failures.set(property, `${property || "inputs"}: ${reasonFor(issue)}`);
  }
  return [...failures].map(([property, reason]) => ({ property, reason }));
}

/**
 * The common `check`: field validation, credentials and settings, and the organization filled in from the stack config
 * when the resource does not set one, so that the state records where each object lives and a config
 * change shows up as a replacement.
 */
export function checkInputs<T extends { organizationId?: string; connection?: ConnectionOverrides }>(
  resource: ResourceFields<Fields, Fields>,
  news: T,
): pulumi.dynamic.CheckResult<T> {
  const failures = validate(inputSchemaOf(resource), news, resource.kind);
  const missing = missingCredentials(news.connection);
  if (missing) failures.push({ property: "", reason: missing });
  for (const problem of settingProblems()) failures.push({ property: "", reason: problem });
  for (const field of ["organizationId", "baseUrl"] as const) {
    const own = (news as Record<string, unknown>)[field];
    const viaConnection = news.connection?.[field];
    if (own !== undefined && viaConnection !== undefined && own !== viaConnection && !isUnknown(own) && !isUnknown(viaConnection)) {
      failures.push({
        property: `connection.${field}`,
        reason: `connection.${field}: ${JSON.stringify(viaConnection)} differs from the resource's ${field} ${JSON.stringify(own)}; set it in one place`,
      });
    }
  }
  const organizationId = resolveOrganizationId(news.organizationId, news.connection);
  if (organizationId === undefined) {
    failures.push({ property: "organizationId", reason: `organizationId: not set; ${ORGANIZATION_ID_HELP}` });
  }
  return { inputs: { ...news, organizationId }, failures };
}
