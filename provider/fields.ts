// Mapping between a resource's input fields and the server's object: which fields the user manages,
// the request body for a set of fields, and the live inputs a refresh reports.
import { opaqueFields, type FieldTable, type Fields, type ResourceFields } from "../fields/define";
import { camelToSnake, fromApiCase, toApiCase } from "./client/case";
import type { DiffRules } from "./diff";

/** The fields among `fields` that the user sets in `inputs` (an explicit `null` counts: "keep it empty"). */
export function managedFields(inputs: object, fields: readonly string[]): string[] {
  return fields.filter((field) => (inputs as Record<string, unknown>)[field] !== undefined);
}

/**
 * The inputs as they are live in Didomi, for `read`: each field the user manages (present in the old
 * state) takes its live value; fields the user leaves alone stay out, so a refresh reports real drift and
 * nothing else. Provider-only inputs (`adopt`, timeouts, `baseUrl`) are kept as they were.
 */
export function liveInputs<T>(olds: object, live: Record<string, unknown>, rules: DiffRules): T {
  const previous = olds as Record<string, unknown>;
  const inputs: Record<string, unknown> = {};
  for (const field of managedFields(olds, rules.fields)) inputs[field] = live[field] ?? null;
  for (const key of rules.providerOnly ?? []) if (previous[key] !== undefined) inputs[key] = previous[key];
  return inputs as T;
}

/**
 * The outputs of an update that had nothing to send to Didomi (only provider-only inputs changed): the new
 * inputs, and the computed outputs as they were.
 */
export function unchangedRemotely<T>(olds: object, news: object, computed: readonly string[]): T {
  const previous = olds as Record<string, unknown>;
  return { ...news, ...Object.fromEntries(computed.map((key) => [key, previous[key]])) } as T;
}

/**
 * The request body for `fields` (input names): each set value, and `null` for a removed field that is
 * `clearable` (removing such a field from the program clears it; other removed fields keep their server
 * value, as server defaults do).
 */
export function fieldsBody(inputs: object, fields: readonly string[], rules: DiffRules): Record<string, unknown> {
  const values = inputs as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (values[field] !== undefined) body[field] = values[field];
    else if (rules.clearable?.includes(field)) body[field] = null;
  }
  return body;
}

/**
 * The request body and the live inputs of a resource whose fields map one to one onto Didomi's, from its field
 * table: each field under its `apiName`, else its name in snake_case; opaque objects (translations keyed by
 * language, raw configs) keep their keys as written.
 */
export function tableMapping(resource: ResourceFields<Fields, Fields>, rules: DiffRules) {
  const table = resource.inputs as FieldTable;
  const apiNameOf = (field: string) => table[field]?.traits.apiName ?? camelToSnake(field);
  const opaque = opaqueFields(table).map(apiNameOf);
  const renamed = Object.keys(table).filter((field) => table[field]!.traits.apiName);
  return {
    expand(inputs: object, fields: readonly string[]): Record<string, unknown> {
      const body = fieldsBody(inputs, fields, rules);
      return toApiCase(Object.fromEntries(Object.entries(body).map(([field, value]) => [apiNameOf(field), value])), opaque);
    },
    flatten(object: Record<string, unknown>): Record<string, unknown> {
      const live = fromApiCase<Record<string, unknown>>(object, opaque);
      for (const field of renamed) live[field] = object[apiNameOf(field)];
      return live;
    },
  };
}
