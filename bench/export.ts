// Benchmark of `pulumi-didomi export` against the emulator: an organization of 200 published notices and 20
// domains. Prints the requests the export sends, the lower bound (one page of 100 per collection read), what an
// exporter reading one notice at a time would send, and the time those requests need under Didomi's limit of 100
// requests per 15 s per organization, computed as ceil(requests / 100) × 15 s (nothing waits for it here).
// Run: npm run bench:export. Counts come from the emulator's stats; nothing here asserts on time.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runExport } from "../cli/export";
import { startEmulator } from "../emulator";
import { buildLargeOrganization, ConsoleSession } from "../test/export/organization";

const SIZE = { notices: 200, domains: 20 };
const DIDOMI_LIMIT = { requests: 100, windowSeconds: 15 };
const PAGE = 100;
const DEMO = { organizationId: "demo", apiKey: "demo-key", apiSecret: "demo-secret" };

async function main(): Promise<void> {
  // Building the organization takes thousands of requests: the limit is lifted, the export's requests are counted
  const emulator = await startEmulator({ port: 0, settings: { rateLimit: 1_000_000 } });
  const directory = await mkdtemp(join(tmpdir(), "didomi-bench-export-"));
  try {
    const api = new ConsoleSession(emulator.url, emulator.controlUrl, DEMO.organizationId, DEMO.apiKey, DEMO.apiSecret);
    await buildLargeOrganization(api, SIZE);
    await api.control("DELETE", "/stats");

    const started = Date.now();
    const summary = await runExport({ out: join(directory, "project"), stack: "dev", force: false, baseUrl: emulator.url, ...DEMO }, () => {});
    const seconds = (Date.now() - started) / 1000;
    const stats = (await api.control("GET", "/stats")) as { total: number; byRoute: Record<string, { count: number }> };

    const pages = (objects: number) => Math.max(1, Math.ceil(objects / PAGE));
    const keys = 1;
    const configs = SIZE.notices * 2; // each published notice: its published config and its new draft
    // the Data Manager's purposes (14 global), groups and vendors (3 global), templates and their configs: one page each
    const dataManager = pages(14) + pages(0) + pages(3) + pages(0) + pages(0);
    const lowerBound = pages(SIZE.domains) + pages(keys) + pages(0) + pages(SIZE.notices) + pages(configs) + pages(SIZE.notices) + dataManager;
    const oneNoticeAtATime = pages(SIZE.domains) + pages(keys) + pages(0) + pages(SIZE.notices) + 2 * SIZE.notices + dataManager;
    const apiRequests = stats.total - (stats.byRoute["POST /v1/sessions"]?.count ?? 0);
    const underLimit = (requests: number) => Math.ceil(requests / DIDOMI_LIMIT.requests) * DIDOMI_LIMIT.windowSeconds;

    const rows: [string, string][] = [
      ["declarations written", `${summary.declarations}`],
      ["API requests (emulator stats)", `${apiRequests} (+ ${stats.total - apiRequests} POST /sessions, not rate limited)`],
      ["lower bound: one page per 100 objects", `${lowerBound} (the export sends ${(apiRequests / lowerBound).toFixed(2)}× the bound)`],
      ["reading one notice at a time", `${oneNoticeAtATime} (${(oneNoticeAtATime / apiRequests).toFixed(0)}× the export)`],
      [`time bound under Didomi's limit`, `${underLimit(apiRequests)} s (one notice at a time: ${underLimit(oneNoticeAtATime)} s), as ceil(requests / ${DIDOMI_LIMIT.requests}) × ${DIDOMI_LIMIT.windowSeconds} s`],
      ["wall time here (emulator, no latency)", `${seconds.toFixed(2)} s`],
    ];
    console.log(`pulumi-didomi export of an organization with ${SIZE.notices} published notices, ${SIZE.domains} domains and ${keys} API key:`);
    for (const [label, value] of rows) console.log(`  ${label.padEnd(40)}${value}`);
  } finally {
    await emulator.close();
    await rm(directory, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
