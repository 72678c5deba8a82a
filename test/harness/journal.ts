import { nameOfUrn, typeOfUrn } from "./state";
import { LogEntry, Step, StepOp } from "./types";

/** What an operation shows the user: the steps it took and every diagnostic, in order. */
export class Journal {
  readonly entries: LogEntry[] = [];
  readonly steps: Step[] = [];

  log(entry: LogEntry): void {
    this.entries.push(entry);
  }

  /** An engine diagnostic (the CLI prints these under the resource they concern). */
  engine(severity: LogEntry["severity"], message: string, urn?: string): void {
    this.log({ source: "engine", severity, message, ...(urn ? { urn } : {}) });
  }

  step(op: StepOp, urn: string, details: Omit<Step, "op" | "urn" | "type" | "name"> = {}): void {
    this.steps.push({ op, urn, type: typeOfUrn(urn), name: nameOfUrn(urn), ...details });
  }

  errors(): string[] {
    return this.entries.filter((e) => e.severity === "error").map((e) => e.message);
  }
}
