// The one diff every resource uses: it compares only the fields the user manages, so server defaults and
// fields Didomi adds later never show up as changes.
import type * as pulumi from "@pulumi/pulumi";
import { diff as deepDiff } from "deep-diff";
import { withTrait, type FieldTable, type Fields, type ResourceFields } from "../fields/define";
import { log } from "./log";

export interface DiffRules {
  /** Every input field that maps to server state. */
  fields: readonly string[];
  /**
   * Inputs that only steer the provider (`adopt`, timeouts, `baseUrl`, `onDelete`, `rotationTriggers`): a
   * change is recorded in the state (an update that sends nothing, unless it forces replacement), and a
   * refresh keeps them as they are.
   */
  providerOnly?: readonly string[];
  /** Fields whose change cannot be applied in place. */
  replaceOnChange?: readonly string[];
  /**
   * Fields that Didomi (or adoption) holds unique: a replacement that keeps them must delete the old object
   * before creating the new one, as both cannot exist at once.
   */
  naturalKey?: readonly string[];
  /** Arrays that are sets on the server (order carries no meaning), e.g. `targets`. */
  unorderedArrays?: readonly string[];
  /** Fields that, removed from the program, are cleared in Didomi (`null` is sent); others keep the server value. */
  clearable?: readonly string[];
  /** Per-field normalisation before comparison (e.g. keying regulation configurations by regulation). */
  normalize?: Readonly<Record<string, (value: unknown) => unknown>>;
}

/** A resource's rules, from the traits of its fields (fields/), plus the normalisations its provider defines. */
export function rulesOf(resource: ResourceFields<Fields, Fields>, normalize?: DiffRules["normalize"]): DiffRules {
  const inputs = resource.inputs as FieldTable;
  const providerOnly = withTrait(inputs, "providerOnly");
  const naturalKey = withTrait(inputs, "naturalKey");
  return {
    fields: Object.keys(inputs).filter((field) => !providerOnly.includes(field)),
    providerOnly,
    replaceOnChange: withTrait(inputs, "replaceOnChange"),
    naturalKey: naturalKey.length === 0 ? undefined : resource.uniqueWithin === "organization" ? [...naturalKey, "organizationId"] : naturalKey,
    unorderedArrays: withTrait(inputs, "unordered"),
    clearable: withTrait(inputs, "clearable"),
    normalize,
  };
}

/** The outputs Didomi computes (not inputs): kept as they were by an update that sends nothing. */
export function computedOutputsOf(resource: ResourceFields<Fields, Fields>): string[] {
  return Object.keys(resource.outputs).filter((name) => !(name in resource.inputs));
}

export interface FieldDiff {
  /** Top-level fields whose value differs. */
  changed: string[];
  /** The subset of `changed` that Didomi holds (not provider-only): what an update has to send. */
  remote: string[];
  /** The subset of `changed` that forces replacement. */
  replaces: string[];
  /** Human-readable paths of the differences, for logs (`config.app.vendors`, `targets`). */
  details: string[];
}

/** A field's value in the form that is compared (and hashed): null for absent, sets sorted, normalized. */
export function canonical(field: string, value: unknown, rules: DiffRules): unknown {
  // null and absent are the same for optional fields
  if (value === undefined || value === null) return null;
  const normalized = rules.normalize?.[field]?.(value) ?? value;
  if (rules.unorderedArrays?.includes(field) && Array.isArray(normalized)) {
    return [...normalized].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return normalized;
}

/** Compares the managed fields of two input sets (old outputs or refreshed inputs against new inputs). */
export function diffFields(olds: object, news: object, rules: DiffRules): FieldDiff {
  const changed: string[] = [];
  const details: string[] = [];
  for (const field of [...rules.fields, ...(rules.providerOnly ?? [])]) {
    const before = (olds as Record<string, unknown>)[field];
    const after = (news as Record<string, unknown>)[field];
    const differences = deepDiff(canonical(field, before, rules), canonical(field, after, rules));
    if (!differences) continue;
    changed.push(field);
    for (const d of differences) details.push([field, ...(d.path ?? [])].join("."));
  }
  return {
    changed,
    remote: changed.filter((field) => rules.fields.includes(field)),
    replaces: changed.filter((field) => rules.replaceOnChange?.includes(field)),
    details: [...new Set(details)],
  };
}

/** What a resource's `diff` returns: the engine's answer, plus the changed fields for the resource's own use. */
export interface Plan extends pulumi.dynamic.DiffResult {
  changed: string[];
}

/**
 * `diff` for a resource: compares the managed fields and logs which ones change, because the engine
 * drops field-level detail from dynamic providers. Field names only: values may be confidential.
 */
export function planChanges(label: string, olds: object, news: object, rules: DiffRules): Plan {
  const diff = diffFields(olds, news, rules);
  if (diff.changed.length > 0) {
    const parts = diff.details.map((path) =>
      diff.replaces.includes(path.split(".")[0]!) ? `${path} (forces replacement)` : path,
    );
    log.info(`${label}: changes in ${parts.join(", ")}`);
  }
  const before = olds as Record<string, unknown>;
  const after = news as Record<string, unknown>;
  const keepsKey = rules.naturalKey !== undefined && rules.naturalKey.every((field) => before[field] === after[field]);
  return {
    changes: diff.changed.length > 0,
    changed: diff.changed,
    replaces: diff.replaces,
    deleteBeforeReplace: diff.replaces.length > 0 && keepsKey,
  };
}
