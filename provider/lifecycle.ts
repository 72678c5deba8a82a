// Lifecycle steps several resources share: idempotent create-or-adopt, waiting for an asynchronous
// status, and shaping outputs for the engine.
import type { z } from "zod";
import { ConflictError, NotFoundError, type Query } from "./client";
import type { Connection } from "./config";
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

/**
 * Looks an object up by its natural key (a list query): none, one, or an error when the key is ambiguous,
 * as Pulumi cannot tell which object is meant.
 */
export async function findOne<T extends { id: string }>(
  { client, organizationId }: Connection,
  path: string,
  schema: z.ZodType<T>,
  query: Query,
  label: string,
  naturalKey: string,
): Promise<T | undefined> {
  const matches = await client.list(path, schema, { organizationId, query });
  if (matches.length > 1) {
    throw new Error(
      `${label}: ${matches.length} objects have ${naturalKey} (ids ${matches.map((m) => m.id).join(", ")}), so Pulumi ` +
        "cannot tell which one is meant. Rename or delete the extra ones in Didomi, or give this resource another name.",
    );
  }
  return matches[0];
}

export interface CreateOrAdoptSteps<T> {
  /** "didomi:Domain privacy.example.com": how messages name the object. */
  label: string;
  /** The natural key, in words, for messages: `FQDN "privacy.example.com"`. */
  naturalKey: string;
  /** The `adopt` input. */
  adopt: boolean | undefined;
  /** Looks the object up by its natural key. */
  find: () => Promise<T | undefined>;
  /** POSTs the object (the client reconciles a lost response with `find`). */
  create: () => Promise<T>;
  /** Brings an adopted object to the desired state. */
  takeOver: (existing: T) => Promise<T>;
}

function adoptionHint(label: string, naturalKey: string): string {
  return (
    `${label}: an object with ${naturalKey} already exists in Didomi. To manage it with Pulumi, set ` +
    "`adopt: true` on this resource (Pulumi then takes it over and applies your inputs); otherwise choose another " +
    "value. `pulumi import` cannot work for dynamic providers, which is why adoption is an input."
  );
}

/**
 * Creates the object, or takes over an existing one with the same natural key when `adopt` is set.
 * Never creates a duplicate: an existing object without `adopt` is an error that explains adoption.
 */
export async function createOrAdopt<T>(steps: CreateOrAdoptSteps<T>): Promise<T> {
  const existing = await steps.find();
  if (existing !== undefined) {
    if (!steps.adopt) throw new Error(adoptionHint(steps.label, steps.naturalKey));
    log.info(`${steps.label}: adopting the existing object with ${steps.naturalKey}`);
    return steps.takeOver(existing);
  }
  try {
    return await steps.create();
  } catch (error) {
    // Didomi holds the key unique but our organization sees no such object: another organization owns it,
    // or it was created between our lookup and our POST
    if (error instanceof ConflictError) {
      throw new Error(
        `${steps.label}: Didomi refused to create it (${error.didomiMessage ?? "conflict"}): an object with ` +
          `${steps.naturalKey} exists that this organization cannot see, so it belongs to another organization ` +
          "(adopt cannot take it over), or it was created at the same moment (run `pulumi up` again with " +
          "`adopt: true` to take it over). Otherwise choose another value.",
      );
    }
    throw error;
  }
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
}

const FIRST_POLL_DELAY_MS = 250;
const MAX_POLL_DELAY_MS = 10_000;
const PROGRESS_EVERY_MS = 30_000;

/** Polls until `done`, logging each state change and regular progress, with backoff between polls. */
export async function waitFor<T>(options: WaitOptions<T>): Promise<T> {
  const started = Date.now();
  const deadline = started + options.timeoutSeconds * 1000;
  let delay = FIRST_POLL_DELAY_MS;
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
    delay = Math.min(delay * 2, MAX_POLL_DELAY_MS);
  }
}
