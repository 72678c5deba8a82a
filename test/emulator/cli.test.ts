// The CLI contract (`node dist/emulator/cli.js`, the package's `didomi-emulator` bin) and persistence with --data.
// Needs the build: `npx tsc -p tsconfig.build.json` (npm test builds first).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TestEmulator, expectEnvelope, httpCall } from "./support";

const CLI = resolve(__dirname, "../../dist/emulator/cli.js");
let workDir: string;
const running: ChildProcess[] = [];

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first with npx tsc -p tsconfig.build.json`);
  workDir = mkdtempSync(join(tmpdir(), "didomi-emulator-cli-"));
});
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  firstLine: string;
  url: string;
  exited: Promise<{ code: number | null; stderr: string }>;
}

/** Runs the CLI; resolves once it printed its first line (or rejects with its stderr if it exits first). */
function runCli(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  running.push(child);
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stderr: string }>((done) => child.on("exit", (code) => done({ code, stderr })));
  return new Promise((resolveStart, reject) => {
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      const firstLine = stdout.slice(0, newline);
      resolveStart({ child, firstLine, url: firstLine.replace(/^listening on /, ""), exited });
    });
    void exited.then(({ code }) => reject(new Error(`CLI exited with ${code} before listening: ${stderr}`)));
  });
}

/** Runs the CLI expecting it to fail at start. */
async function failingCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
  running.push(child);
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise((done) => child.on("exit", done));
  return { code, stderr };
}

async function login(url: string, key = "demo-key", secret = "demo-secret") {
  return httpCall(`${url}/sessions`, "POST", { body: { type: "api-key", key, secret } });
}

/** Creates a notice and deploys its draft; answers the deployment POST's response. */
async function deployNewNotice(url: string, token: string) {
  const notice = (await httpCall(`${url}/widgets/notices`, "POST", { body: { organization_id: "demo", name: "n" }, token })).body;
  const draft = (await httpCall(`${url}/widgets/notices/configs?notice_id=${notice.id}`, "GET", { token })).body.data[0];
  return httpCall(`${url}/widgets/notices/deployments`, "POST", {
    body: { notice_id: notice.id, organization_id: "demo", production_config_id: draft.id },
    token,
  });
}

describe("CLI", () => {
  it("--port 0: the first stdout line is exactly `listening on http://HOST:PORT/v1`; default seed demo/demo-key", async () => {
    const started = await runCli(["--port", "0"]);
    expect(started.firstLine).toMatch(/^listening on http:\/\/127\.0\.0\.1:[1-9]\d*\/v1$/);
    const session = await login(started.url);
    expect(session.status).toBe(201);
    const organizations = await httpCall(`${started.url}/organizations`, "GET", { token: session.body.access_token });
    expect(organizations.body.data).toEqual([expect.objectContaining({ id: "demo" })]);
    started.child.kill("SIGTERM");
    expect((await started.exited).code).toBe(0);
  });

  it("stops cleanly on SIGINT; --host is used in the first line", async () => {
    const started = await runCli(["--port", "0", "--host", "localhost"]);
    expect(started.firstLine).toMatch(/^listening on http:\/\/localhost:\d+\/v1$/);
    started.child.kill("SIGINT");
    expect((await started.exited).code).toBe(0);
  });

  it("--seed replaces the default organization", async () => {
    const seedFile = join(workDir, "seed.json");
    writeFileSync(seedFile, JSON.stringify({ organizations: [{ id: "acme", name: "Acme", apiKeys: [{ id: "key-1", secret: "s3cret" }] }] }));
    const started = await runCli(["--port", "0", "--seed", seedFile]);
    expect((await login(started.url, "key-1", "s3cret")).status).toBe(201);
    expectEnvelope(await login(started.url), 400, "BadRequest");
  });

  it("settings: defaults < --settings file < DIDOMI_EMULATOR_* environment < control endpoint", async () => {
    const settingsFile = join(workDir, "settings.json");
    writeFileSync(settingsFile, JSON.stringify({ rateLimit: 5, listShape: "array", quotas: { secrets: 10 } }));
    const started = await runCli(["--port", "0", "--settings", settingsFile], {
      DIDOMI_EMULATOR_RATE_LIMIT: "7",
      DIDOMI_EMULATOR_FAIL_DOMAINS_REGEX: "^broken\\.",
      DIDOMI_EMULATOR_QUOTAS: '{"parallel_notices_deployments":1}',
    });
    const controlUrl = started.url.replace(/\/v1$/, "/__emulator");
    expect((await httpCall(`${controlUrl}/settings`, "GET")).body).toMatchObject({
      rateLimit: 7,
      listShape: "array",
      failDomainsRegex: "^broken\\.",
      quotas: { secrets: 10, parallel_notices_deployments: 1 },
      tokenTtlSeconds: 3600,
    });
    await httpCall(`${controlUrl}/settings`, "PATCH", { body: { rateLimit: 9 } });
    expect((await httpCall(`${controlUrl}/settings`, "GET")).body.rateLimit).toBe(9);
  });

  it("realistic timing by default: a deployment answers ready and a domain stays scheduled, for seconds", async () => {
    const started = await runCli(["--port", "0"]);
    const controlUrl = started.url.replace(/\/v1$/, "/__emulator");
    expect((await httpCall(`${controlUrl}/settings`, "GET")).body).toMatchObject({
      deploymentDelayMs: 2000,
      domainProvisionDelayMs: 3000,
      domainDeleteDelayMs: 2000,
    });
    const token = (await login(started.url)).body.access_token;
    const call = (method: string, path: string, body?: unknown) => httpCall(`${started.url}${path}`, method, { body, token });
    const deployment = await deployNewNotice(started.url, token);
    expect(deployment).toMatchObject({ status: 201, body: { status: "ready" } });
    await call("POST", "/domains", { id: "privacy.example.com", organization_id: "demo", usage: "cmp", status: "scheduled" });
    const pending = (await httpCall(`${controlUrl}/state`, "GET")).body.pendingTransitions;
    expect(pending.map((transition: { kind: string; startedAt: number; dueAt: number }) => [transition.kind, transition.dueAt - transition.startedAt])).toEqual([
      ["deployment", 2000],
      ["domain-provision", 3000],
    ]);
    expect(["scheduled", "deploying"]).toContain((await call("GET", "/domains/privacy.example.com")).body.status);
  });

  it("--timing instant, or a DIDOMI_EMULATOR_* variable, turns the delays off", async () => {
    const instant = await runCli(["--port", "0", "--timing", "instant"]);
    const instantToken = (await login(instant.url)).body.access_token;
    expect((await deployNewNotice(instant.url, instantToken)).body.status).toBe("success");

    const fromEnvironment = await runCli(["--port", "0"], { DIDOMI_EMULATOR_DEPLOYMENT_DELAY_MS: "0" });
    const controlUrl = fromEnvironment.url.replace(/\/v1$/, "/__emulator");
    expect((await httpCall(`${controlUrl}/settings`, "GET")).body).toMatchObject({ deploymentDelayMs: 0, domainProvisionDelayMs: 3000 });
    const token = (await login(fromEnvironment.url)).body.access_token;
    expect((await deployNewNotice(fromEnvironment.url, token)).body.status).toBe("success");
  });

  it.each([
    [["--port", "0", "--timing", "fast"], {}, "--timing must be realistic or instant (got fast)"],
    [["--port", "0"], { DIDOMI_EMULATOR_RATE_LIMT: "5" }, "DIDOMI_EMULATOR_RATE_LIMT is not a setting variable"],
    [["--port", "0"], { DIDOMI_EMULATOR_RATE_LIMIT: "fast" }, 'rateLimit must be an integer >= 1 (got "fast")'],
    [["--port", "0", "--verbose", "yes"], {}, "unknown option --verbose"],
    [["--port", "http"], {}, "--port must be 0-65535"],
    [["--seed", "/nonexistent/seed.json"], {}, "cannot read seed file /nonexistent/seed.json"],
  ])("refuses %j %j at start (exit 2, message on stderr)", async (args, env, message) => {
    const { code, stderr } = await failingCli(args, env);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});

describe("persistence (--data)", () => {
  it("a restart loses nothing: records, secrets, pending transitions, and tokens stay valid", async () => {
    const dataFile = join(workDir, "restart.json");
    const first = await runCli(["--port", "0", "--data", dataFile, "--timing", "instant"]);
    const controlUrl = () => first.url.replace(/\/v1$/, "/__emulator");
    await httpCall(`${controlUrl()}/settings`, "PATCH", { body: { domainProvisionDelayMs: 3_600_000 } });
    const token = (await login(first.url)).body.access_token;
    const call = (method: string, path: string, body?: unknown) => httpCall(`${first.url}${path}`, method, { body, token });
    await call("POST", "/keys", { organization_id: "demo", name: "ci" });
    await call("POST", "/secrets", { organization_id: "demo", name: "uid" });
    await call("POST", "/domains", { id: "privacy.example.com", organization_id: "demo", usage: "cmp", status: "scheduled" });
    const notice = (await httpCall(`${first.url}/widgets/notices`, "POST", { body: { organization_id: "demo", name: "n" }, token, headers: { v: "2" } })).body;
    const draft = (await call("GET", `/widgets/notices/configs?notice_id=${notice.id}`)).body.data[0];
    await call("POST", "/widgets/notices/deployments", { notice_id: notice.id, organization_id: "demo", production_config_id: draft.id });
    const before = (await httpCall(`${controlUrl()}/state`, "GET")).body;
    expect(before.pendingTransitions).toHaveLength(1);
    first.child.kill("SIGTERM");
    expect((await first.exited).code).toBe(0);

    const second = await runCli(["--port", "0", "--data", dataFile, "--timing", "instant"]);
    const secondControl = second.url.replace(/\/v1$/, "/__emulator");
    expect((await httpCall(`${secondControl}/state`, "GET")).body).toEqual(before);
    expect((await httpCall(`${second.url}/keys`, "GET", { token })).status).toBe(200);
    expect((await httpCall(`${secondControl}/advance`, "POST")).body.changed).toEqual([
      { kind: "domain-provision", id: "privacy.example.com", from: "scheduled", to: "ready" },
    ]);
    second.child.kill("SIGTERM");
    await second.exited;
    expect(readdirSync(workDir).filter((name) => name.startsWith("restart.json"))).toEqual(["restart.json"]);
  });

  it("200 concurrent writes are all on disk after close (startEmulator with dataFile)", async () => {
    const dataFile = join(workDir, "concurrent.json");
    const emu = await TestEmulator.start({ dataFile, settings: { rateLimit: 1000 } });
    await emu.login();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => emu.call("POST", "/secrets", { body: { organization_id: "demo", name: `s${i}` } })),
    );
    expect(responses.every((response) => response.status === 201)).toBe(true);
    const before = await emu.control("GET", "/state");
    await emu.close();
    const restarted = await TestEmulator.start({ dataFile });
    try {
      const after = await restarted.control("GET", "/state");
      expect(after).toEqual(before);
      expect(after.organizations.demo.secrets).toHaveLength(200);
    } finally {
      await restarted.close();
    }
  });
});
