// The input: the JSON document `pulumi preview --refresh --json` prints (display.PreviewDigest in the Pulumi CLI,
// pkg/display/json.go). Only what the report reads is checked; anything else in it is ignored.

/** A resource's state in a step, as `pulumi stack export` writes it (apitype.ResourceV3). */
export interface StepState {
  type?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  additionalSecretOutputs?: string[];
}

export interface PreviewStep {
  op: string;
  urn: string;
  oldState?: StepState;
  newState?: StepState;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, unknown> | null;
}

export interface PreviewDiagnostic {
  urn?: string;
  message?: string;
  severity?: string;
}

export interface PreviewDigest {
  steps: PreviewStep[];
  diagnostics: PreviewDiagnostic[];
}

/** Input the report cannot read: the message says what is wrong and what to pipe in instead. */
export class BadInputError extends Error {}

const EXPECTED = "pipe in the output of `pulumi preview --refresh --json`";

export function parsePreviewDigest(text: string, source: string): PreviewDigest {
  if (text.trim() === "") throw new BadInputError(`${source} is empty: ${EXPECTED}`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const start = JSON.stringify(text.trim().slice(0, 40));
    throw new BadInputError(`${source} is not JSON (${(error as Error).message}; it starts with ${start}): ${EXPECTED}`);
  }
  if (!isObject(document)) throw new BadInputError(`${source} holds ${describe(document)}, not a preview document: ${EXPECTED}`);
  const steps = optionalArray(document, "steps", source);
  steps.forEach((step, index) => checkStep(step, `${source}: steps[${index}]`));
  const diagnostics = optionalArray(document, "diagnostics", source);
  return { steps: steps as PreviewStep[], diagnostics: diagnostics.filter(isObject) as PreviewDiagnostic[] };
}

function checkStep(step: unknown, where: string): void {
  if (!isObject(step)) throw new BadInputError(`${where} is ${describe(step)}, not a step object`);
  for (const key of ["op", "urn"]) {
    if (typeof step[key] !== "string") throw new BadInputError(`${where}.${key} is ${describe(step[key])}, not a string`);
  }
  if (!(step["urn"] as string).startsWith("urn:pulumi:")) {
    throw new BadInputError(`${where}.urn ${JSON.stringify(step["urn"])} is not a Pulumi URN (urn:pulumi:STACK::PROJECT::TYPE::NAME)`);
  }
  for (const key of ["oldState", "newState"]) {
    if (step[key] !== undefined && step[key] !== null && !isObject(step[key])) {
      throw new BadInputError(`${where}.${key} is ${describe(step[key])}, not a resource state object`);
    }
  }
  for (const key of ["diffReasons", "replaceReasons"]) {
    const value = step[key];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.every((k) => typeof k === "string"))) {
      throw new BadInputError(`${where}.${key} is ${describe(value)}, not a list of property names`);
    }
  }
}

function optionalArray(document: Record<string, unknown>, key: string, source: string): unknown[] {
  const value = document[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new BadInputError(`${source}: "${key}" is ${describe(value)}, not a list`);
  return value;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
