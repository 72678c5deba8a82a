// The text the CLI prints, after pkg/backend/display (diff.go renderSummaryEvent, step.go RawPrefix / PastTense):
// the changing steps, diagnostics grouped by resource, stack outputs and per-kind counts. Timings are left out so
// the text is deterministic.
import { STACK_TYPE } from "./state";
import { LogEntry, OperationKind, Step, StepOp } from "./types";

const PREFIX: Record<StepOp, string> = {
  same: "  ",
  create: "+ ",
  update: "~ ",
  replace: "+-",
  delete: "- ",
  refresh: "~ ",
  read: "> ",
};

const PAST_TENSE: Record<StepOp, string> = {
  same: "same",
  create: "created",
  update: "updated",
  replace: "replaced",
  delete: "deleted",
  refresh: "refreshed",
  read: "read",
};

/** The order the CLI lists change kinds in (deploy.StepOps). */
const LISTED_OPS: StepOp[] = ["create", "update", "delete", "replace"];

export interface SummaryInput {
  kind: OperationKind;
  stack: string;
  project: string;
  preview: boolean;
  steps: Step[];
  logs: LogEntry[];
  /** Stack outputs in display form: secrets "[secret]", unknowns "[unknown]". */
  outputs: Record<string, unknown>;
}

export function renderSummary(input: SummaryInput): string {
  const { preview } = input;
  const lines: string[] = [header(input.kind, preview, input.stack)];
  for (const step of input.steps) {
    const line = stepLine(step, preview);
    if (line) lines.push(line);
  }
  lines.push(...diagnostics(input), ...outputs(input.outputs), ...resources(input));
  return `${lines.join("\n")}\n`;
}

function header(kind: OperationKind, preview: boolean, stack: string): string {
  if (kind === "preview") return `Previewing update (${stack}):`;
  if (kind === "up") return `Updating (${stack}):`;
  if (kind === "refresh") return preview ? `Previewing refresh (${stack}):` : `Refreshing (${stack}):`;
  return `Destroying (${stack}):`;
}

function stepLine(step: Step, preview: boolean): string | undefined {
  let op: StepOp = step.op;
  if (op === "same" || op === "read") return undefined;
  if (op === "refresh") {
    if (step.refreshResult === "unchanged") return undefined;
    op = step.refreshResult === "deleted" ? "delete" : "update";
  }
  const verb = preview ? op : PAST_TENSE[op];
  const diff = step.diffs && step.diffs.length > 0 ? ` [diff: ${step.diffs.map((k) => `~${k}`).join(", ")}]` : "";
  return ` ${PREFIX[op]}  ${step.type} ${step.name} ${verb}${diff}`;
}

function diagnostics(input: SummaryInput): string[] {
  const stackLabel = `${STACK_TYPE} (${input.project}-${input.stack})`;
  const byResource = new Map<string, string[]>();
  for (const entry of input.logs) {
    if (entry.severity === "debug") continue;
    const label = entry.urn ? resourceLabel(entry.urn) : stackLabel;
    const prefix = entry.severity === "info" ? "" : `${entry.severity}: `;
    const text = `${prefix}${entry.message}`.replace(/\n/g, "\n    ");
    byResource.set(label, [...(byResource.get(label) ?? []), `    ${text}`]);
  }
  if (byResource.size === 0) return [];
  const lines = ["", "Diagnostics:"];
  for (const [label, messages] of byResource) lines.push(`  ${label}:`, ...messages, "");
  return lines;
}

function resourceLabel(urn: string): string {
  const parts = urn.split("::");
  const type = (parts[2] ?? "").split("$").pop();
  return `${type} (${parts.slice(3).join("::")})`;
}

function outputs(values: Record<string, unknown>): string[] {
  const keys = Object.keys(values).sort();
  if (keys.length === 0) return [];
  const width = Math.max(...keys.map((k) => k.length));
  const render = (v: unknown): string => {
    if (v === "[secret]") return "[secret]";
    if (v === "[unknown]") return "output<string>";
    return JSON.stringify(v, null, 4).replace(/\n/g, "\n    ");
  };
  return ["Outputs:", ...keys.map((k) => `    ${k.padEnd(width)}: ${render(values[k])}`), ""];
}

function resources(input: SummaryInput): string[] {
  const counts = new Map<StepOp, number>();
  let unchanged = 0;
  for (const step of input.steps) {
    let op = step.op;
    if (op === "refresh") {
      // A refresh reports what it found; a refresh before a preview/up is not counted (it is not a logical step).
      if (input.kind !== "refresh") continue;
      op = step.refreshResult === "deleted" ? "delete" : step.refreshResult === "changed" ? "update" : "same";
    }
    if (op === "same") unchanged++;
    else if (op !== "read") counts.set(op, (counts.get(op) ?? 0) + 1);
  }
  const lines = ["Resources:"];
  let changes = 0;
  for (const op of LISTED_OPS) {
    const count = counts.get(op);
    if (!count) continue;
    changes += count;
    lines.push(`    ${PREFIX[op]}${count} ${input.preview ? `to ${op}` : PAST_TENSE[op]}`);
  }
  const pieces: string[] = [];
  if (counts.size >= 2) pieces.push(`${changes} ${changes === 1 ? "change" : "changes"}`);
  if (unchanged > 0) pieces.push(`${unchanged} unchanged`);
  if (pieces.length > 0) lines.push(`    ${pieces.join(". ")}`);
  return lines;
}
