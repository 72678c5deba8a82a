// Retrying requests whose failure is transient: a 5xx, a dropped connection, a timeout.
import { ConnectionError, ServerError, TimeoutError } from "./errors";

export type Log = (level: "debug" | "info" | "warn", message: string) => void;

export interface RetryPolicy {
  maxRetries: number;
  log: Log;
}

const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 5_000;

/**
 * Transient failures already retried `maxRetries` times. Loops nest (a request's retries wrap the retries of the
 * POST /sessions it needs): an outer loop must not retry what an inner one gave up on, or attempts multiply.
 */
const givenUp = new WeakSet<Error>();

/** True when the request may not have reached Didomi, or Didomi failed while handling it, and it is still worth retrying. */
export function isTransient(error: unknown): error is ServerError | ConnectionError | TimeoutError {
  return (error instanceof ServerError || error instanceof ConnectionError || error instanceof TimeoutError) && !givenUp.has(error);
}

/** Marks a transient failure as final: no loop retries it again. Returns it, for `throw giveUp(error)`. */
export function giveUp(error: Error): Error {
  givenUp.add(error);
  return error;
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random. The fixed half guarantees a
 * restarting server some time (≈1.5 s over 4 retries); the random half spreads the 4×CPUs operations Pulumi runs at
 * once so that they do not retry in lockstep.
 */
function backoffDelayMs(retryIndex: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retryIndex);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Logs a transient failure about to be retried: at warn, except a connection failure of an operation whose outage
 * was already reported, at debug. An unreachable API thus gives one warning per operation, not one per retry.
 */
export function logTransientFailure(error: Error, policy: RetryPolicy, message: string): void {
  if (!(error instanceof ConnectionError)) policy.log("warn", message);
  else if (error.repeated) policy.log("debug", message);
  else policy.log("warn", `${message} (until it answers, further connection failures like this one are logged at debug)`);
}

/** Waits before retry number `retryIndex + 1` and says why. */
export async function waitBeforeRetry(error: Error, retryIndex: number, policy: RetryPolicy): Promise<void> {
  const delayMs = backoffDelayMs(retryIndex);
  logTransientFailure(error, policy, `${error.message}; retrying in ${(delayMs / 1000).toFixed(1)} s (retry ${retryIndex + 1} of ${policy.maxRetries})`);
  await sleep(delayMs);
}

/** Runs `attempt` again after each transient failure, up to `maxRetries` times. For requests safe to repeat. */
export async function retryTransientFailures<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let retryIndex = 0; ; retryIndex++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (retryIndex >= policy.maxRetries) throw giveUp(error);
      await waitBeforeRetry(error, retryIndex, policy);
    }
  }
}
