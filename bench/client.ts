// Benchmark of the Didomi client against the emulator (20 ms latency, Didomi's rate limit of 100 requests per 15 s
// per organization). Prints requests and wall time for:
//   - 300 concurrent reads, naive (one GET each) versus coalesced (getMany);
//   - 150 concurrent creates, against the rate-limit bound ceil(requests / 100) × 15 s.
// Run: npm run bench:client. Counts come from the emulator's stats; nothing here asserts on time.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../emulator";
import { getClient, itemPath, secretSchema, type DidomiClient } from "../provider/client";

const LATENCY_MS = 20;
const READS = 300;
const CREATES = 150;
const DIDOMI_LIMIT = { requests: 100, windowSeconds: 15 };

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type Scenario = "naive" | "coalesced" | "creates";
const organizationOf = (scenario: Scenario) => `bench-${scenario}`;
const seed = {
  organizations: (["naive", "coalesced", "creates"] as const).map((scenario) => ({
    id: organizationOf(scenario),
    name: `Benchmark: ${scenario}`,
    apiKeys: [{ id: `${scenario}-key`, secret: `${scenario}-secret-value` }],
  })),
};

async function main(): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), "didomi-bench-"));
  try {
    const dataFile = join(directory, "state.json");
    const ids = await prepareSecrets(dataFile);
    // A fresh emulator on the same data: its rate-limit windows know nothing of the preparation.
    const emulator = await startEmulator({ port: 0, dataFile, seed, settings: { latencyMs: LATENCY_MS } });
    try {
      console.log(
        `Didomi client benchmark: emulator with ${LATENCY_MS} ms latency and a rate limit of ${DIDOMI_LIMIT.requests} requests ` +
          `per ${DIDOMI_LIMIT.windowSeconds} s per organization (POST /sessions, once per key, is not counted).\n`,
      );
      const naive = await measure(emulator, "naive", `${READS} concurrent reads, naive: one GET /secrets/:id each`, (client, inOrg) =>
        Promise.all(ids.naive.map((id) => client.get(itemPath("/secrets", id), secretSchema, inOrg))),
      );
      const coalesced = await measure(emulator, "coalesced", `${READS} concurrent reads, coalesced: getMany`, (client, inOrg) =>
        Promise.all(ids.coalesced.map((id) => client.getMany("/secrets", id, secretSchema, inOrg))),
      );
      console.log(
        `  naive / coalesced: ${ratio(naive.requests, coalesced.requests)} the requests, ${ratio(naive.seconds, coalesced.seconds)} the wall time\n`,
      );
      const creates = await measure(emulator, "creates", `${CREATES} concurrent creates: POST /secrets`, (client, inOrg) =>
        Promise.all(
          Array.from({ length: CREATES }, (_, index) => {
            const name = `created-${index}`;
            return client.create("/secrets", { name, organization_id: inOrg.organizationId }, secretSchema, {
              ...inOrg,
              findExisting: async () => (await client.list("/secrets", secretSchema, { ...inOrg, query: { name } }))[0],
            });
          }),
        ),
      );
      const bound = Math.ceil(creates.requests / DIDOMI_LIMIT.requests) * DIDOMI_LIMIT.windowSeconds;
      console.log(
        `  bound ceil(${creates.requests} / ${DIDOMI_LIMIT.requests}) × ${DIDOMI_LIMIT.windowSeconds} s = ${bound} s; ` +
          `wall time / bound = ${(creates.seconds / bound).toFixed(2)}`,
      );
    } finally {
      await emulator.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Creates the secrets the read scenarios read, with the rate limit lifted, in an emulator that saves to `dataFile`. */
async function prepareSecrets(dataFile: string): Promise<Record<"naive" | "coalesced", string[]>> {
  const emulator = await startEmulator({ port: 0, dataFile, seed, settings: { rateLimit: 1_000_000 } });
  try {
    const ids = { naive: [] as string[], coalesced: [] as string[] };
    for (const scenario of ["naive", "coalesced"] as const) {
      const inOrg = { organizationId: organizationOf(scenario) };
      const client = clientFor(emulator, scenario, { maxRequestsPer15s: 1_000_000 });
      const secrets = await Promise.all(
        Array.from({ length: READS }, (_, index) =>
          client.create("/secrets", { name: `read-${index}`, organization_id: inOrg.organizationId }, secretSchema, {
            ...inOrg,
            findExisting: async () => undefined,
          }),
        ),
      );
      ids[scenario] = secrets.map((secret) => secret.id);
    }
    return ids;
  } finally {
    await emulator.close();
  }
}

interface Measurement {
  requests: number;
  rateLimited: number;
  seconds: number;
}

/** Runs one scenario with its own organization and key, and prints its row. */
async function measure(
  emulator: Emulator,
  scenario: Scenario,
  label: string,
  run: (client: DidomiClient, inOrg: { organizationId: string }) => Promise<unknown>,
): Promise<Measurement> {
  const client = clientFor(emulator, scenario);
  await control(emulator, "DELETE", "/stats");
  const startedAt = performance.now();
  await run(client, { organizationId: organizationOf(scenario) });
  const seconds = (performance.now() - startedAt) / 1000;
  const stats = (await control(emulator, "GET", "/stats")) as { total: number; rateLimited: number; byRoute: Record<string, { count: number }> };
  const sessions = stats.byRoute["POST /v1/sessions"]?.count ?? 0;
  const measurement = { requests: stats.total - sessions, rateLimited: stats.rateLimited, seconds };
  printRow(label, measurement);
  return measurement;
}

function clientFor(emulator: Emulator, scenario: Scenario, options: { maxRequestsPer15s?: number } = {}): DidomiClient {
  return getClient({ baseUrl: emulator.url, apiKey: `${scenario}-key`, apiSecret: `${scenario}-secret-value`, ...options });
}

async function control(emulator: Emulator, method: string, path: string): Promise<unknown> {
  const response = await fetch(`${emulator.controlUrl}${path}`, { method });
  if (!response.ok) throw new Error(`${method} ${path} on the emulator → ${response.status}`);
  return response.json();
}

function printRow(label: string, measurement: Measurement): void {
  console.log(
    `${label.padEnd(55)} ${String(measurement.requests).padStart(4)} requests  ${String(measurement.rateLimited).padStart(3)} × 429  ` +
      `${measurement.seconds.toFixed(2).padStart(6)} s`,
  );
}

function ratio(numerator: number, denominator: number): string {
  return `${(numerator / denominator).toFixed(1)}×`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
