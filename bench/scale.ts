// Scale benchmark (issue 15): what each command costs in requests, the organization's shared budget of 100 per
// 15 s, for N ConsentNotices plus N/10 Domains, through the test engine at --parallel 8 and 64. For each command:
// the requests by route family, the lower bound beside them and their ratio, and the time Didomi's limit would
// impose, ceil(requests / 100) × 15 s. The emulator's limit is lifted so that the counts are what the provider
// asks for; a last run keeps Didomi's real limit at N = 100, --parallel 64, and counts the 429s.
// Run: npm run bench:scale (builds first). SCALE_N=20,100 and SCALE_PARALLEL=8 narrow it; SCALE_N= (empty) runs
// the real-limit part alone. Nothing asserts on time.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startEmulator, type EmulatorSettings } from "../emulator";
import { Stack, type StackOptions } from "../test/harness";

const PROGRAM = resolve(__dirname, "../test/fixtures/programs/notices");
const SIZES = listFromEnv("SCALE_N", [20, 100, 300]);
const PARALLELS = listFromEnv("SCALE_PARALLEL", [8, 64]);
const LIFTED = 1_000_000;

interface LoggedRequest {
  route: string;
  status: number | string;
}

/** A command of the benchmark: what it runs, and the fewest requests it could make for N notices and D domains. */
interface Command {
  name: string;
  run(stack: Stack, reconfigure: (config: Record<string, string>) => Stack): Promise<{ ok: boolean; error?: string }>;
  /** `waits`: the status polls the command needed (deployments and domains), counted as they happened. */
  bound(n: number, d: number, waits: number): number;
  /** The bound, in words, for the table's legend. */
  boundText: string;
}

const pages = (count: number) => Math.ceil(count / 100);

const COMMANDS: Command[] = [
  {
    name: "up",
    run: (stack) => stack.up(),
    // POST notice, PATCH draft, POST deployment per notice; POST per domain; the lookups' lists; GET /quotas; polls
    bound: (n, d, waits) => 3 * n + d + pages(n) + pages(d) + 1 + waits,
    boundText: "3N + D writes, ceil(N/100) + ceil(D/100) lookup lists, 1 quota read, the polls",
  },
  { name: "no-op up", run: (stack) => stack.up(), bound: () => 0, boundText: "0" },
  {
    name: "refresh",
    run: (stack) => stack.refresh(),
    bound: (n, d) => 3 * pages(n) + pages(d),
    boundText: "one read per collection: 3 × ceil(N/100) + ceil(D/100)",
  },
  {
    name: "drift check",
    run: (stack) => stack.preview({ refresh: true }),
    bound: (n, d) => 3 * pages(n) + pages(d),
    boundText: "as refresh (`preview --refresh`)",
  },
  {
    name: "1 change",
    run: (_stack, reconfigure) => reconfigure({ firstConsentDuration: "7" }).up(),
    // PATCH the draft and POST the deployment; read the draft and the latest deployment; GET /quotas; polls
    bound: (_n, _d, waits) => 2 + 2 + 1 + waits,
    boundText: "2 writes, 2 reads (draft, latest deployment), 1 quota read, the polls",
  },
  {
    name: "all change",
    run: (_stack, reconfigure) => reconfigure({ firstConsentDuration: "8", consentDuration: "8" }).up(),
    bound: (n, _d, waits) => 2 * n + 2 * pages(n) + 1 + waits,
    boundText: "2N writes, 2 × ceil(N/100) reads, 1 quota read, the polls",
  },
  {
    name: "destroy",
    run: (stack) => stack.destroy(),
    // archive each notice (PATCH); one write per domain; the polls that wait for domains to go
    bound: (n, d, waits) => n + d + waits,
    boundText: "N + D writes, the polls",
  },
];

const POLLS = new Set(["GET /v1/widgets/notices/deployments/:id", "GET /v1/domains/:id"]);

function family(route: string): string {
  const path = route.split(" ")[1]!.replace(/^\/v1\//, "");
  if (path.startsWith("widgets/notices/configs")) return "configs";
  if (path.startsWith("widgets/notices/deployments")) return "deployments";
  if (path.startsWith("widgets/notices")) return "notices";
  return path.split("/")[0]!;
}

async function main(): Promise<void> {
  console.log(`Scale benchmark: N ConsentNotices + N/10 Domains; emulator limit lifted; deployments and domains instant.\n`);
  console.log("| N | --parallel | command | requests | by family | lower bound | ratio | under Didomi's limit |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const n of SIZES) for (const parallel of PARALLELS) await measure(n, parallel, { rateLimit: LIFTED }, LIFTED);
  console.log("\nBounds:");
  for (const command of COMMANDS) console.log(`- ${command.name}: ${command.boundText}`);

  console.log(`\nDidomi's limit (100 requests / 15 s), N = 100, --parallel 64: wall time and 429s per command\n`);
  console.log("| N | --parallel | command | requests | by family | lower bound | ratio | under Didomi's limit | wall time | 429 |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  await measure(100, 64, { rateLimit: 100, rateWindowSeconds: 15 }, undefined);
}

async function measure(n: number, parallel: number, settings: Partial<EmulatorSettings>, clientLimit: number | undefined): Promise<void> {
  const d = Math.floor(n / 10);
  const emulator = await startEmulator({ port: 0, settings });
  const directory = await mkdtemp(join(tmpdir(), "didomi-bench-scale-"));
  const control = async <T>(method: string, path: string): Promise<T> => {
    const response = await fetch(`${emulator.controlUrl}${path}`, { method });
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const options: StackOptions = {
    cwd: PROGRAM,
    stack: "bench",
    stateFile: join(directory, "state.json"),
    config: {
      "didomi:baseUrl": emulator.url,
      "didomi:apiKey": "demo-key",
      "didomi:organizationId": "demo",
      ...(clientLimit ? { "didomi:maxRequestsPer15s": String(clientLimit) } : {}),
      count: String(n),
      domains: String(d),
    },
    secrets: { "didomi:apiSecret": "demo-secret" },
    parallel,
    env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
  };
  let stack = new Stack(options);
  const reconfigure = (config: Record<string, string>) => (stack = new Stack({ ...stack.options, config: { ...stack.options.config, ...config } }));
  try {
    for (const command of COMMANDS) {
      await control("DELETE", "/stats");
      const startedAt = performance.now();
      const result = await command.run(stack, reconfigure);
      const seconds = (performance.now() - startedAt) / 1000;
      if (!result.ok) throw new Error(`N=${n} --parallel ${parallel} ${command.name} failed: ${result.error}`);
      const requests = (await control<LoggedRequest[]>("GET", "/requests")).filter((request) => request.route !== "POST /v1/sessions");
      const byFamily = new Map<string, number>();
      for (const { route } of requests) byFamily.set(family(route), (byFamily.get(family(route)) ?? 0) + 1);
      const waits = requests.filter((request) => POLLS.has(request.route)).length;
      const bound = command.bound(n, d, waits);
      const ratio = bound === 0 ? (requests.length === 0 ? "–" : "∞") : `${(requests.length / bound).toFixed(2)}×`;
      const families = [...byFamily].sort(([a], [b]) => a.localeCompare(b)).map(([name, count]) => `${name} ${count}`).join(", ") || "–";
      const limitSeconds = pages(requests.length) * 15;
      const row = [n, parallel, command.name, requests.length, families, bound, ratio, `${limitSeconds} s`];
      if (!clientLimit) row.push(`${seconds.toFixed(1)} s`, requests.filter((request) => request.status === 429).length);
      console.log(`| ${row.join(" | ")} |`);
    }
  } finally {
    await emulator.close();
    await rm(directory, { recursive: true, force: true });
  }
}

function listFromEnv(name: string, fallback: number[]): number[] {
  const value = process.env[name];
  if (value === undefined) return fallback;
  return value === "" ? [] : value.split(",").map(Number);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
