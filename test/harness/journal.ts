import { previewStep, type StepStates } from "./digest";
import { nameOfUrn, typeOfUrn } from "./state";
import { LogEntry, PreviewStep, Step, StepOp } from "./types";

/** What an operation shows the user: the steps it took and every diagnostic, in order. */
export class Journal {
  readonly entries: LogEntry[] = [];
  readonly steps: Step[] = [];
  /** The same steps as `pulumi preview --json` shows them (states serialized when the step is taken). */
  readonly previewSteps: PreviewStep[] = [];

  /** `preview`: also keep the steps in their `--json` form (other operations have no use for it). */
  constructor(private readonly preview: boolean) {}

  log(entry: LogEntry): void {
    this.entries.push(entry);
  }

  /** An engine diagnostic (the CLI prints these under the resource they concern). */
  engine(severity: LogEntry["severity"], message: string, urn?: string): void {
    this.log({ source: "engine", severity, message, ...(urn ? { urn } : {}) });
  }

  step(op: StepOp, urn: string, details: Omit<Step, "op" | "urn" | "type" | "name">, states: StepStates): void {
    this.steps.push({ op, urn, type: typeOfUrn(urn), name: nameOfUrn(urn), ...details });
    const shown = this.preview ? previewStep(op, urn, states) : undefined;
    if (shown) this.previewSteps.push(shown);
  }

  errors(): string[] {
    return this.entries.filter((e) => e.severity === "error").map((e) => e.message);
  }
}
