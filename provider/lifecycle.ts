// Lifecycle steps several resources share: waiting for an asynchronous status, recording a partial create,
// treating a missing object as deleted, and shaping outputs for the engine.
import { NotFoundError } from "./client";
import { log } from "./log";

/**
 * Drops `undefined` recursively: the engine's wire format (protobuf Struct) cannot carry it, and an
 * absent output reads the same as an undefined one in the program.
 */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compact) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, compact(v)]),
  ) as T;
}

/**
 * An error for a create that made the object but could not finish: the engine records the object in the
 * state (with these outputs) instead of losing it, and the next `up` continues with an update.
 */
export function partialCreate(error: Error, id: string, properties: object): Error {
  return Object.assign(error, { id, properties, reasons: [error.message] });
}

/** For deletes: an object that is already gone is deleted. */
export function ignoreNotFound(error: unknown): void {
  if (!(error instanceof NotFoundError)) throw error;
}

export interface WaitOptions<T> {
  label: string;
  /** What we wait for, for messages: "ready". */
  goal: string;
  poll: () => Promise<T>;
  /** The state to report in progress logs. */
  describe: (current: T) => string;
  done: (current: T) => boolean;
  /** Throw to stop waiting (e.g. a terminal failure status). */
  fail?: (current: T) => void;
  timeoutSeconds: number;
  /**
   * How polls space out: the first after `firstDelayMs`, each next one `growth` times later. The default suits
   * waits of unknown length (domains: seconds to minutes); a deployment, which takes a few seconds and holds one
   * of the organization's few deployment slots meanwhile, is better seen finished early.
   */
  pollSchedule?: { firstDelayMs: number; growth: number };
}

const DEFAULT_POLL_SCHEDULE = { firstDelayMs: 250, growth: 2 };
const MAX_POLL_DELAY_MS = 10_000;
const PROGRESS_EVERY_MS = 30_000;

/** Polls until `done`, logging each state change and regular progress, with backoff between polls. */
export async function waitFor<T>(options: WaitOptions<T>): Promise<T> {
  const started = Date.now();
  const deadline = started + options.timeoutSeconds * 1000;
  const schedule = options.pollSchedule ?? DEFAULT_POLL_SCHEDULE;
  let delay = schedule.firstDelayMs;
  let lastState: string | undefined;
  let lastProgress = started;
  for (;;) {
    const current = await options.poll();
    options.fail?.(current);
    if (options.done(current)) return current;
    const state = options.describe(current);
    const now = Date.now();
    if (state !== lastState || now - lastProgress >= PROGRESS_EVERY_MS) {
      const waited = Math.round((now - started) / 1000);
      log.info(`${options.label}: ${state}; waiting until ${options.goal} (${waited}s of ${options.timeoutSeconds}s)`);
      lastState = state;
      lastProgress = now;
    }
    if (now + delay > deadline) {
      throw new Error(
        `${options.label}: still ${state} after ${options.timeoutSeconds}s, not ${options.goal}. ` +
          "Run the same pulumi command again to go on waiting, or raise the timeout input.",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * schedule.growth, MAX_POLL_DELAY_MS);
  }
}
