// Didomi runs at most `parallel_notices_deployments` deployments of an organization at once (its quota, 3 by
// default, BEHAVIOR §1.9) and refuses the next POST with `Quota "parallel_notices_deployments" exceeded (3)`.
// The engine creates many Deployments at once, so they queue here: one counting semaphore per (API, organization),
// sized by the quota read once per process and shared by every Deployment of the process. A deployment holds its
// slot from before its POST until it ends. Deployments started elsewhere (the console, another stack) fill the
// quota too: their refusal is waited on and the POST sent again.
import { DidomiError, ForbiddenError, NotFoundError, quotaSchema } from "./client";
import type { Connection } from "./config";
import { log } from "./log";

/** Didomi's documented default (BEHAVIOR §1.9), used when the organization's quota cannot be read. */
export const DEFAULT_PARALLEL_DEPLOYMENTS = 3;
const QUOTA = "parallel_notices_deployments";
/** Didomi's status for an exceeded quota is undocumented (BEHAVIOR §1.9): the message says which quota. */
const QUOTA_EXCEEDED_STATUSES = [400, 403, 429];
const QUOTA_EXCEEDED = /Quota "parallel_notices_deployments" exceeded(?: \((\d+)\))?/;

const FIRST_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 5_000;
const PROGRESS_EVERY_MS = 30_000;

/** A counting semaphore: at most `size` holders at once; the others wait in arrival order. */
class Slots {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    this.#free = size;
  }

  get full(): boolean {
    return this.#free === 0;
  }

  async take(): Promise<void> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  /** Hands the slot to the next in line, if any. */
  give(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free++;
  }
}

const slotsByOrganization = new Map<string, Promise<Slots>>();

function slotsOf(connection: Connection): Promise<Slots> {
  const key = `${connection.baseUrl}\n${connection.organizationId}`;
  let slots = slotsByOrganization.get(key);
  if (!slots) {
    slots = readQuota(connection).then((size) => new Slots(size));
    slotsByOrganization.set(key, slots);
    // a failed read (Didomi unreachable) is not remembered: the next deployment reads again
    slots.catch(() => slotsByOrganization.delete(key));
  }
  return slots;
}

/** The organization's `parallel_notices_deployments`, or Didomi's default when Didomi does not tell it. */
async function readQuota({ client, organizationId }: Connection): Promise<number> {
  let limit: number | null | undefined;
  let why: string;
  try {
    const quotas = await client.list("/quotas", quotaSchema, { organizationId });
    limit = quotas.find((quota) => quota.organization_id === organizationId)?.[QUOTA];
    why = `GET /quotas gave ${JSON.stringify(limit ?? null)}`;
  } catch (error) {
    // no quotas endpoint, or a key not allowed to read it: publishing can still work within the default
    if (!(error instanceof NotFoundError || error instanceof ForbiddenError)) throw error;
    why = error.message;
  }
  if (typeof limit === "number" && Number.isInteger(limit) && limit >= 1) return limit;
  log.debug(
    `organization ${organizationId}: quota "${QUOTA}" unknown (${why}); ` +
      `publishing at most ${DEFAULT_PARALLEL_DEPLOYMENTS} notices at once, Didomi's default`,
  );
  return DEFAULT_PARALLEL_DEPLOYMENTS;
}

export interface DeploySteps<D> {
  /** "didomi:Deployment of notice N": how messages name the deployment. */
  label: string;
  /** How long to go on sending the POST while deployments started elsewhere fill the quota. */
  timeoutSeconds: number;
  /** Starts the deployment (its POST), or returns one already started. */
  start: () => Promise<D>;
  /** Waits until the started deployment ends, and returns it. */
  waitUntilEnded: (started: D) => Promise<D>;
}

/**
 * Starts a deployment and waits for its end holding one of the organization's deployment slots. Waits in line
 * while this process already runs as many deployments as the quota allows.
 */
export async function deployWithinQuota<D>(connection: Connection, steps: DeploySteps<D>): Promise<D> {
  const slots = await slotsOf(connection);
  if (slots.full) {
    log.info(`${steps.label}: queued behind ${slots.size} deployments of organization ${connection.organizationId} (Didomi's quota "${QUOTA}")`);
  }
  await slots.take();
  try {
    return await steps.waitUntilEnded(await startWhenQuotaAllows(connection.organizationId, slots.size, steps));
  } finally {
    slots.give();
  }
}

/** Starts the deployment again, with backoff, while Didomi refuses its POST because the quota is full. */
async function startWhenQuotaAllows<D>(organizationId: string, quota: number, steps: DeploySteps<D>): Promise<D> {
  const started = Date.now();
  let lastProgress: number | undefined;
  for (let delay = FIRST_RETRY_DELAY_MS; ; delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS)) {
    try {
      return await steps.start();
    } catch (error) {
      const running = runningDeploymentsIfQuotaExceeded(error, quota);
      if (running === undefined) throw error;
      const now = Date.now();
      if (now + delay > started + steps.timeoutSeconds * 1000) {
        throw new Error(
          `${steps.label}: organization ${organizationId} still had ${running} running deployments (Didomi's quota ` +
            `"${QUOTA}") after ${steps.timeoutSeconds}s, some started outside this update; nothing was published. ` +
            "Run the same pulumi command again once they end, or raise timeoutSeconds.",
        );
      }
      if (lastProgress === undefined || now - lastProgress >= PROGRESS_EVERY_MS) {
        const waited = Math.round((now - started) / 1000);
        log.info(
          `${steps.label}: waiting for ${running} running deployments of organization ${organizationId} ` +
            `(Didomi's quota "${QUOTA}", some started outside this update) (${waited}s of ${steps.timeoutSeconds}s)`,
        );
        lastProgress = now;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** The number of running deployments a quota refusal names (else the known quota); undefined for other errors. */
function runningDeploymentsIfQuotaExceeded(error: unknown, quota: number): number | undefined {
  if (!(error instanceof DidomiError) || !QUOTA_EXCEEDED_STATUSES.includes(error.status ?? 0)) return undefined;
  const match = QUOTA_EXCEEDED.exec(error.didomiMessage ?? "");
  if (!match) return undefined;
  return match[1] === undefined ? quota : Number(match[1]);
}
