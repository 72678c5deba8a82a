// Retrying requests whose failure is transient: a 5xx, a dropped connection, a timeout.
import { ConnectionError, ServerError, TimeoutError } from "./errors";

export type Log = (level: "debug" | "info" | "warn", message: string) => void;

export interface RetryPolicy {
  maxRetries: number;
  log: Log;
}

const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 5_000;

/** True when the request may not have reached Didomi, or Didomi failed while handling it. */
export function isTransient(error: unknown): error is ServerError | ConnectionError | TimeoutError {
  return error instanceof ServerError || error instanceof ConnectionError || error instanceof TimeoutError;
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

/** Waits before retry number `retryIndex + 1` and says why. */
export async function waitBeforeRetry(error: Error, retryIndex: number, policy: RetryPolicy): Promise<void> {
  const delayMs = backoffDelayMs(retryIndex);
  policy.log("warn", `${error.message}; retrying in ${(delayMs / 1000).toFixed(1)} s (retry ${retryIndex + 1} of ${policy.maxRetries})`);
  await sleep(delayMs);
}

/** Runs `attempt` again after each transient failure, up to `maxRetries` times. For requests safe to repeat. */
export async function retryTransientFailures<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let retryIndex = 0; ; retryIndex++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isTransient(error) || retryIndex >= policy.maxRetries) throw error;
      await waitBeforeRetry(error, retryIndex, policy);
    }
  }
}
