// Benchmark of publishing: a first `up` of 30 ConsentNotices (Notice + NoticeConfig + Deployment each) through the
// test engine at Pulumi's default parallelism (4 × cores), against an emulator whose deployments take 2 s and whose
// organization may run 3 at once (Didomi's default quota "parallel_notices_deployments"). Prints, per scenario:
//   - the wall time of the up, and the publishing window (first deployment POST to last deployment seen ending)
//     against the ideal ceil(30 / 3) × 2 s; how long a deployment held its slot, and how busy the slots were;
//   - request counts: all, deployment POSTs (and refusals), deployment status polls, 429s, and per route.
// Run: npm run bench:publish (builds first: the program loads the package from dist/). Nothing here asserts on time.
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startEmulator, type EmulatorSettings } from "../emulator";
import { Stack } from "../test/harness";

const NOTICES = 30;
const DEPLOYMENT_MS = 2_000;
const QUOTA = 3;
const IDEAL_SECONDS = (Math.ceil(NOTICES / QUOTA) * DEPLOYMENT_MS) / 1000;
const PROGRAM = resolve(__dirname, "../test/fixtures/programs/notices");

const SCENARIOS: { label: string; settings: Partial<EmulatorSettings> }[] = [
  { label: "rate limit lifted", settings: { rateLimit: 100_000 } },
  { label: "Didomi's rate limit (100 / 15 s)", settings: { rateLimit: 100, rateWindowSeconds: 15 } },
];

interface Summary {
  total: number;
  rateLimited: number;
  byRoute: Record<string, { count: number; byStatus: Record<string, number> }>;
}
interface StoredDeployment {
  created_at: string;
  updated_at: string;
  status: string;
}

async function main(): Promise<void> {
  const parallel = 4 * cpus().length;
  console.log(
    `Publishing benchmark: first up of ${NOTICES} ConsentNotices, --parallel ${parallel}, deployments of ${DEPLOYMENT_MS / 1000} s, ` +
      `quota of ${QUOTA} parallel deployments; ideal publishing time ceil(${NOTICES} / ${QUOTA}) × ${DEPLOYMENT_MS / 1000} s = ${IDEAL_SECONDS} s.\n`,
  );
  for (const scenario of SCENARIOS) await measure(scenario.label, scenario.settings, parallel);
}

async function measure(label: string, settings: Partial<EmulatorSettings>, parallel: number): Promise<void> {
  const emulator = await startEmulator({ port: 0, settings: { ...settings, deploymentDelayMs: DEPLOYMENT_MS } });
  const directory = await mkdtemp(join(tmpdir(), "didomi-bench-publish-"));
  const control = async <T>(path: string): Promise<T> => (await fetch(`${emulator.controlUrl}${path}`)).json() as Promise<T>;
  try {
    const stack = new Stack({
      cwd: PROGRAM,
      stack: "bench",
      stateFile: join(directory, "state.json"),
      config: { "didomi:baseUrl": emulator.url, "didomi:apiKey": "demo-key", "didomi:organizationId": "demo", count: String(NOTICES) },
      secrets: { "didomi:apiSecret": "demo-secret" },
      parallel,
      env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
    });
    const startedAt = performance.now();
    const result = await stack.up();
    const upSeconds = (performance.now() - startedAt) / 1000;
    if (!result.ok) throw new Error(`${label}: the up failed: ${result.error}`);

    const stats = await control<Summary>("/stats");
    const state = await control<{ organizations: Record<string, { deployments: StoredDeployment[] }> }>("/state");
    const deployments = state.organizations.demo!.deployments;
    const first = Math.min(...deployments.map((d) => Date.parse(d.created_at)));
    const last = Math.max(...deployments.map((d) => Date.parse(d.updated_at)));
    const publishingSeconds = (last - first) / 1000;
    // how long each deployment held its slot as Didomi saw it (the POST to the poll that saw it end)
    const heldSeconds = deployments.map((d) => (Date.parse(d.updated_at) - Date.parse(d.created_at)) / 1000);
    const meanHeld = heldSeconds.reduce((sum, seconds) => sum + seconds, 0) / heldSeconds.length;
    const busy = (meanHeld * heldSeconds.length) / (publishingSeconds * QUOTA);
    const route = (name: string) => stats.byRoute[name] ?? { count: 0, byStatus: {} };
    const posts = route("POST /v1/widgets/notices/deployments");
    const refused = posts.count - Object.entries(posts.byStatus).filter(([status]) => status.startsWith("2")).reduce((sum, [, n]) => sum + n, 0);
    const sessions = route("POST /v1/sessions").count;

    console.log(label);
    console.log(`  up: ${upSeconds.toFixed(1)} s; publishing window: ${publishingSeconds.toFixed(1)} s = ${(publishingSeconds / IDEAL_SECONDS).toFixed(2)} × the ideal ${IDEAL_SECONDS} s`);
    console.log(
      `  a deployment held its slot ${meanHeld.toFixed(2)} s on average (it runs ${DEPLOYMENT_MS / 1000} s); ` +
        `the ${QUOTA} slots were busy ${(busy * 100).toFixed(0)} % of the window`,
    );
    console.log(
      `  requests: ${stats.total - sessions} (POST /sessions excluded); deployment POSTs: ${posts.count}, refused: ${refused}; ` +
        `deployment polls: ${route("GET /v1/widgets/notices/deployments/:id").count}; GET /quotas: ${route("GET /v1/quotas").count}; ` +
        `429: ${stats.rateLimited}; successful deployments: ${deployments.filter((d) => d.status === "success").length}`,
    );
    const perRoute = Object.entries(stats.byRoute).sort(([, a], [, b]) => b.count - a.count);
    console.log(`  per route: ${perRoute.map(([name, { count }]) => `${name} ${count}`).join(", ")}\n`);
  } finally {
    await emulator.close();
    await rm(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
