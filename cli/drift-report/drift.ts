// What differs between Git and Didomi, field by field, read from a `pulumi preview --refresh --json` document.
//
// Which side is which: `--refresh` first reads every resource from Didomi; the preview then diffs the program
// against that refreshed state. So in each step of the program, `oldState` is what Didomi has now and `newState`
// is what Git declares (the program's inputs). The refresh steps themselves carry no drift: the CLI prints them
// with the state from before the read on both sides.
import { canonical, type DiffRules } from "../../provider/diff";
import { diffRulesOf } from "../../provider/diff-rules";
import { isObject, type PreviewDigest, type PreviewStep, type StepState } from "./digest";

/** One side of a row: a value, a secret (never shown), or the whole resource existing or not. */
export type Side =
  | { kind: "value"; value: unknown }
  | { kind: "absent" }
  | { kind: "secret" }
  | { kind: "resource"; exists: boolean }
  /** The preview changes the resource but shows no field that differs. */
  | { kind: "unshown" };

export interface DriftRow {
  /** The resource type's own name ("NoticeConfig" for pulumi-nodejs:dynamic/didomi:NoticeConfig). */
  type: string;
  name: string;
  /** What the next `pulumi up` does to the resource: update, replace, create or delete. */
  action: string;
  /** A property path ("consentDuration", "config.app.vendors"), or undefined for the whole resource. */
  field?: string;
  git: Side;
  didomi: Side;
}

export interface Drift {
  stack?: string;
  project?: string;
  rows: DriftRow[];
  /** Resources read from Didomi by the refresh (components and providers excluded). */
  resourcesChecked: number;
  /** False when the preview ran without --refresh: it then compared Git with the last deployment only. */
  refreshed: boolean;
  /** Error diagnostics: the preview failed, so the absence of rows proves nothing. */
  errors: string[];
}

/** The CLI's JSON replaces every secret by this string; older tools write the secret signature object. */
const SECRET_TEXT = "[secret]";
const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
/** The nodejs dynamic provider's serialized code, an input of every dynamic resource: never a Didomi field. */
const PROVIDER_CODE_KEY = "__provider";

export function findDrift(digest: PreviewDigest): Drift {
  const refreshSteps = digest.steps.filter((step) => step.op === "refresh");
  const [stack, project] = digest.steps[0]?.urn.slice("urn:pulumi:".length).split("::") ?? [];
  return {
    ...(stack !== undefined && { stack }),
    ...(project !== undefined && { project }),
    rows: digest.steps.flatMap(rowsOf),
    resourcesChecked: refreshSteps.filter((step) => step.oldState?.custom && !isProvider(step.urn)).length,
    refreshed: refreshSteps.length > 0,
    errors: digest.diagnostics.filter((d) => d.severity === "error").map((d) => (d.message ?? "").trim()),
  };
}

function rowsOf(step: PreviewStep): DriftRow[] {
  const { type, name } = parseUrn(step.urn);
  const row = (fields: Omit<DriftRow, "type" | "name" | "action">): DriftRow => ({ type, name, action: step.op, ...fields });
  switch (step.op) {
    case "create":
      return [row({ git: { kind: "resource", exists: true }, didomi: { kind: "resource", exists: false } })];
    case "delete":
      return [row({ git: { kind: "resource", exists: false }, didomi: { kind: "resource", exists: true } })];
    case "update":
    case "replace":
      return fieldRows(step, diffRulesOf(type)).map(row);
    default:
      // same, refresh, read; and the halves of a replacement (create-replacement, delete-replaced), which the
      // CLI shows only with --show-replacement-steps and which the "replace" step already covers.
      return [];
  }
}

type FieldRow = Pick<DriftRow, "field" | "git" | "didomi">;

function fieldRows(step: PreviewStep, rules: DiffRules | undefined): FieldRow[] {
  const didomi = comparable(visible(step.oldState, "inputs"), rules);
  const git = comparable(visible(step.newState, "inputs"), rules);
  const named = namedFields(step);
  // Named fields may be only some of them (a dynamic provider names its replacement keys, never its diff keys).
  const keys = [...new Set([...named, ...Object.keys(didomi), ...Object.keys(git)])].sort();
  const rows = keys.filter((key) => key !== PROVIDER_CODE_KEY).flatMap((key) => {
    const found = differences([key], didomi[key], git[key]);
    if (found.length > 0 || !named.includes(key)) return found;
    // A field the provider names as changed but whose values are secret: say so without showing either.
    if (isSecret(didomi[key]) || isSecret(git[key])) return [secretRow(key)];
    // A named field that is no input is an output Didomi set (a Deployment's `supersededBy`).
    return differences([key], visible(step.oldState, "outputs")[key], visible(step.newState, "outputs")[key]);
  });
  if (rows.length > 0) return rows;
  // Nothing visible differs, so a secret does (both sides print "[secret]").
  const secrets = keys.filter((key) => isSecret(didomi[key]) || isSecret(git[key]));
  if (secrets.length > 0) return secrets.map(secretRow);
  return [{ git: { kind: "unshown" }, didomi: { kind: "unshown" } }];
}

/** Top-level fields the step names: the provider's diff keys, replacement keys, and detailed-diff roots. */
function namedFields(step: PreviewStep): string[] {
  const detailed = Object.keys(step.detailedDiff ?? {}).map((path) => path.split(/[.[]/)[0]!);
  return [...new Set([...(step.diffReasons ?? []), ...(step.replaceReasons ?? []), ...detailed])].filter((k) => k !== "");
}

/**
 * The inputs as the provider compares them: sets sorted, regulation configurations keyed by regulation, so that a
 * list Didomi returns in another order is no drift here either. Other values are compared as they are.
 */
function comparable(inputs: Record<string, unknown>, rules: DiffRules | undefined): Record<string, unknown> {
  if (!rules) return inputs;
  const ordered = (key: string, value: unknown) => (Array.isArray(value) ? canonical(key, value, rules) : value);
  return Object.fromEntries(Object.entries(inputs).map(([key, value]) => [key, ordered(key, value)]));
}

/** A state's inputs or outputs, with the keys the state marks secret (additionalSecretOutputs) hidden. */
function visible(state: StepState | undefined, which: "inputs" | "outputs"): Record<string, unknown> {
  const properties = { ...(state?.[which] ?? {}) };
  for (const key of state?.additionalSecretOutputs ?? []) if (key in properties) properties[key] = SECRET_TEXT;
  return properties;
}

/** The leaf paths where the two values differ. A secret on either side hides both: it compares as equal. */
function differences(path: string[], didomi: unknown, git: unknown): FieldRow[] {
  if (isSecret(didomi) || isSecret(git) || sameValue(didomi, git)) return [];
  if (isObject(didomi) && isObject(git)) {
    const keys = [...new Set([...Object.keys(didomi), ...Object.keys(git)])].sort();
    return keys.flatMap((key) => differences([...path, key], didomi[key], git[key]));
  }
  return [{ field: path.join("."), git: side(git), didomi: side(didomi) }];
}

function secretRow(field: string): FieldRow {
  return { field, git: { kind: "secret" }, didomi: { kind: "secret" } };
}

function side(value: unknown): Side {
  return value === undefined || value === null ? { kind: "absent" } : { kind: "value", value };
}

export function isSecret(value: unknown): boolean {
  return value === SECRET_TEXT || (isObject(value) && SIGNATURE_KEY in value);
}

/** Deep equality where null and absent are the same, as in Pulumi's own property diff. */
function sameValue(a: unknown, b: unknown): boolean {
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return a === b;
}

/** urn:pulumi:STACK::PROJECT::PARENT-TYPE$TYPE::NAME → the type's own name and the resource name. */
function parseUrn(urn: string): { type: string; name: string } {
  const [, , qualifiedType = "", ...name] = urn.split("::");
  const type = qualifiedType.split("$").pop()!;
  return { type: type.slice(type.lastIndexOf(":") + 1), name: name.join("::") };
}

function isProvider(urn: string): boolean {
  return (urn.split("::")[2] ?? "").startsWith("pulumi:providers:");
}
