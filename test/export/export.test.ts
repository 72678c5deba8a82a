// pulumi-didomi export, run as users run it (the bin, from dist/) against the emulator: an organization of varied
// shapes becomes a Pulumi program that compiles, adopts everything with zero writes, and previews no changes;
// bad input and faults leave either the complete project or nothing.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Stack } from "../harness";
import { API_KEY, API_SECRET, changes, expectOk, ORGANIZATION, TestDidomi } from "../provider/support";
import { buildVariedOrganization, ConsoleSession } from "./organization";

const REPO = resolve(__dirname, "../..");
const BIN = join(REPO, "bin/pulumi-didomi.js");
const run = promisify(execFile);

const didomi = TestDidomi.forThisFile();
let api: ConsoleSession;

beforeAll(async () => {
  await didomi.settings({ failDomainsRegex: "^broken\\.", domainDeleteDelayMs: 3_600_000 });
  api = new ConsoleSession(didomi.url, didomi.url.replace(/\/v1$/, "/__emulator"), ORGANIZATION, API_KEY, API_SECRET);
  await buildVariedOrganization(api);
});

interface Exported {
  code: number;
  stderr: string;
}

/** Runs `pulumi-didomi export` with the demo organization's credentials in the environment, as the docs advise. */
async function exportTo(out: string, args: string[] = [], env: Record<string, string> = {}): Promise<Exported> {
  const environment = {
    PATH: process.env.PATH!,
    DIDOMI_ORGANIZATION_ID: ORGANIZATION,
    DIDOMI_API_KEY: API_KEY,
    DIDOMI_API_SECRET: API_SECRET,
    DIDOMI_BASE_URL: didomi.url,
    ...env,
  };
  try {
    const { stderr } = await run(process.execPath, [BIN, "export", "--out", out, ...args], { env: environment });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

const workspaces: string[] = [];
afterAll(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory for exports; `node_modules` beside the project resolves pulumi-didomi to this repository. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "didomi-export-"));
  workspaces.push(dir);
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  return dir;
}

function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).filter((name) => name !== "node_modules").sort().map((name) => [name, readFileSync(join(dir, name), "utf8")]));
}

function stackOf(dir: string): Stack {
  const stackConfig = readFileSync(join(dir, "Pulumi.dev.yaml"), "utf8");
  const baseUrl = /didomi:baseUrl: "(.*)"/.exec(stackConfig)![1]!;
  const organizationId = /didomi:organizationId: "(.*)"/.exec(stackConfig)![1]!;
  return new Stack({
    cwd: dir,
    stack: "dev",
    stateFile: join(dir, "..", "state.json"),
    config: { "didomi:baseUrl": baseUrl, "didomi:organizationId": organizationId, "didomi:apiKey": API_KEY },
    secrets: { "didomi:apiSecret": API_SECRET },
    env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }, // the test type-checks the program with tsc itself
  });
}

describe("exporting an organization", () => {
  let project: string;

  it("writes a complete TypeScript project, reading the organization in a handful of list calls", async () => {
    project = join(workspace(), "project");
    await didomi.resetStats();
    const result = await exportTo(project);
    expect(result.code, result.stderr).toBe(0);

    const requests = await didomi.requests();
    expect(requests.filter((r) => r.method !== "GET" && r.route !== "POST /v1/sessions")).toEqual([]);
    // domains, keys, secrets, notices, configs of all notices, deployments of published configs, the Data
    // Manager's three collections, templates and their configs: one page each
    expect(requests.filter((r) => r.method === "GET").map((r) => r.route).sort()).toEqual([
      "GET /v1/domains",
      "GET /v1/keys",
      "GET /v1/metadata/partners",
      "GET /v1/metadata/purposes",
      "GET /v1/metadata/purposes-groups",
      "GET /v1/secrets",
      "GET /v1/widgets/notices",
      "GET /v1/widgets/notices/configs",
      "GET /v1/widgets/notices/deployments",
      "GET /v1/widgets/notices/templates",
      "GET /v1/widgets/notices/templates/configs",
    ]);
    expect(result.stderr).toMatch(/wrote 7 files to .*: 29 resources, 7 objects skipped .*; 12 requests \(0 answered 429\), 0 waits for the rate limit/);

    const files = filesOf(project);
    expect(Object.keys(files)).toEqual([".gitignore", "Pulumi.dev.yaml", "Pulumi.yaml", "README.md", "index.ts", "package.json", "tsconfig.json"]);
    expect(files["Pulumi.dev.yaml"]).toBe(`config:\n  didomi:organizationId: "demo"\n  didomi:baseUrl: "${didomi.url}"\n`);
    expect(files["Pulumi.dev.yaml"]).not.toMatch(/secret/i);
    expect(JSON.parse(files["package.json"]!).dependencies).toEqual({ "@pulumi/pulumi": ">=3.216.0 <4", "pulumi-didomi": "^0.1.0" });
    const program = files["index.ts"]!;
    expect(program).not.toMatch(/\bany\b|demo-secret/);
    for (const value of await secretValues()) expect(program + files["README.md"]).not.toContain(value);
  });

  it("declares each object once under its natural key, with only what differs from Didomi's defaults", () => {
    const program = readFileSync(join(project, "index.ts"), "utf8");
    const declared = [...program.matchAll(/new didomi\.(\w+)\("([^"]+)"/g)].map(([, kind, name]) => `${kind} ${name}`);
    expect(declared).toEqual([
      "Domain acme.privacy-center.org", "Domain consent.example.com", "Domain consent.example.de", "Domain old.example.com",
      "Domain prefs.example.com", "Domain privacy.example.org",
      "ApiKey ci-deploy", "ApiKey demo-key", "ApiKey legacy-integration", "ApiKey reporting", "ApiKey support-desk",
      "Secret proof-urls", "Secret user-id-hashing",
      "Purpose Audience measurement", "Purpose Personalised offers", "PurposeGroup Marketing", "Vendor Acme Analytics", "Vendor Acme CRM",
      "ConsentNotice Default", "ConsentNotice amp", "ConsentNotice blog", "ConsentNotice careers", "ConsentNotice help",
      "ConsentNotice mobile-app", "ConsentNotice news", "ConsentNotice press", "ConsentNotice shop", "ConsentNotice www-example-com",
      "NoticeTemplate Group standard",
    ]);
    // references between exported objects are outputs, never the ids of this organization; global ids stay
    expect(program).toContain("purposeIds: [audienceMeasurementPurpose.id, \"cookies\"],");
    expect(program).toContain("legitimateInterestPurposeIds: [personalisedOffersPurpose.id],");
    expect(program).toContain("purposeIds: [personalisedOffersPurpose.id],");
    expect(program).toContain("custom: [acmeAnalyticsVendor.sdkId, acmeCRMVendor.sdkId],");
    expect(program).toContain("custom: [audienceMeasurementPurpose.sdkId],");
    expect(program).toContain("noticeIds: [wwwExampleComNotice.noticeId, shopNotice.noticeId],");
    expect(program).not.toMatch(/Google|Cookies"/);
    expect(program.match(/^  adopt: true,$/gm)).toHaveLength(declared.length);
    // a notice's target that is one of the domains refers to the domain resource
    expect(program).toContain('targets: ["www.example.com", consentExampleComDomain.domain],');
    // an untouched notice carries no configuration at all; a published one no `publish` line
    expect(program).toContain('new didomi.ConsentNotice("news", {\n  name: "news.example.com",\n  externalId: "news",\n  adopt: true,\n});');
    // the multi-regulation notice: GDPR's narrowed countries, CPRA, the disabled CPA configuration
    expect(program).toContain(
      '    regulationConfigurations: [\n' +
        '      {\n        regulationId: "cpa",\n        geoLocations: ["US_CO"],\n        disabledAt: "2026-01-01T00:00:00.000Z",\n      },\n' +
        '      {\n        regulationId: "cpra",\n        geoLocations: ["US_CA"],\n        negativeActionLinkFormat: "text",\n      },\n' +
        '      {\n        regulationId: "gdpr",\n        geoLocations: ["FR", "DE", "BE"],\n        consentDuration: 13,\n        consentDurationUnit: "months",\n      },\n' +
        "    ],",
    );
    // edited after publishing, a failed publication, never published: the program does not publish them
    for (const name of ["mobile-app", "blog", "amp", "careers"]) {
      expect(program).toMatch(new RegExp(`ConsentNotice\\("${name}", \\{[^;]*publish: false,\\n\\}\\);`));
    }
    const readme = readFileSync(join(project, "README.md"), "utf8");
    expect(readme).toContain("- **Mobile app**: its draft has changes that are not live");
    expect(readme).toContain("- **blog.example.com**: the deployment of its draft's content failed");
    const skippedDomains = ["broken.example.net (status failed)", "draft.example.com (status draft)", "leaving.example.com (status to_be_deleted)"];
    for (const skipped of [...skippedDomains.map((domain) => `domain ${domain}`), 'secret "shared"', 'notice "Landing"']) {
      expect(readme).toContain(`- ${skipped}`);
    }
    expect(readme).not.toContain("Retired campaign");
  });

  it("gives byte-identical files when the same organization is exported again", async () => {
    const again = join(workspace(), "project");
    expect((await exportTo(again)).code).toBe(0);
    expect(filesOf(again)).toEqual(filesOf(project));
  });

  it("compiles with tsc --noEmit", async () => {
    symlinkSync(join(REPO, "node_modules"), join(project, "node_modules"));
    await expect(run(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", join(project, "tsconfig.json")])).resolves.toBeDefined();
  });

  it("adopts everything on the first up without creating or publishing anything, then previews no changes", async () => {
    const stack = stackOf(project);
    await didomi.resetStats();
    const up = expectOk(await stack.up());
    expect(up.steps.filter((s) => s.op === "create").length).toBeGreaterThan(40);
    // adoption only: nothing created, changed, deleted or published
    expect(await didomi.writes()).toEqual([]);

    const preview = expectOk(await stack.preview());
    expect(changes(preview)).toEqual([]);
    expect(preview.changes).toBe(false);
  });

  it("an edit of the exported program then changes exactly that, and publishes once", async () => {
    const stack = stackOf(project);
    const program = join(project, "index.ts");
    writeFileSync(program, readFileSync(program, "utf8").replace("    consentDuration: 6,\n", "    consentDuration: 9,\n"));
    await didomi.resetStats();
    const up = expectOk(await stack.up());
    expect(changes(up).sort()).toEqual(["replace www-example-com", "update www-example-com"]);
    expect((await didomi.writes()).map((w) => w.route).sort()).toEqual(["PATCH /v1/widgets/notices/configs/:id", "POST /v1/widgets/notices/deployments"]);
  });
});

describe("bad input and faults", () => {
  /** The parent of --out holds nothing but what the test put there: no project, no temporary directory. */
  const leftBehind = (dir: string) => readdirSync(dir).filter((name) => name !== "node_modules");

  it("fails before any request on a non-empty --out without --force, and replaces it with --force", async () => {
    const dir = workspace();
    const out = join(dir, "project");
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    await didomi.resetStats();
    const refused = await exportTo(out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`--out ${out} is not empty (1 entries); choose an empty or new directory, or pass --force`);
    expect(await didomi.requests()).toEqual([]);
    expect(readdirSync(out)).toEqual(["notes.txt"]);

    expect((await exportTo(out, ["--force"])).code).toBe(0);
    expect(readdirSync(out)).toContain("index.ts");
    expect(readdirSync(out)).not.toContain("notes.txt");
    expect(leftBehind(dir)).toEqual(["project"]);
  });

  it("refuses an --out that is a file", async () => {
    const dir = workspace();
    writeFileSync(join(dir, "project"), "");
    const result = await exportTo(join(dir, "project"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`--out ${join(dir, "project")} is a file; choose a directory (new or empty)`);
    expect(leftBehind(dir)).toEqual(["project"]);
  });

  it("names the missing credentials the way the provider does, and the flags that stand in for them", async () => {
    const dir = workspace();
    const result = await exportTo(join(dir, "project"), [], { DIDOMI_API_KEY: "", DIDOMI_API_SECRET: "" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Didomi credentials are missing: didomi:apiKey (set it with `pulumi config set didomi:apiKey <value>` or the environment variable DIDOMI_API_KEY)");
    expect(result.stderr).toContain("the flags --api-key, --organization-id and --base-url take the place of the stack config");
    expect(leftBehind(dir)).toEqual([]);
  });

  it("reads the provider's DIDOMI_* settings, with the provider's rules and messages, before any request", async () => {
    await didomi.resetStats();
    const fractional = await exportTo(join(workspace(), "project"), [], { DIDOMI_MAX_REQUESTS_PER_15S: "1.5" });
    expect(fractional.code).toBe(1);
    expect(fractional.stderr).toContain(
      'didomi:maxRequestsPer15s (from the environment variable DIDOMI_MAX_REQUESTS_PER_15S) is "1.5"; use a whole number ≥ 1 such as 100',
    );
    const retries = await exportTo(join(workspace(), "project"), [], { DIDOMI_MAX_RETRIES: "many" });
    expect(retries.stderr).toContain('DIDOMI_MAX_RETRIES) is "many"; use a whole number ≥ 0 such as 4');
    expect(await didomi.requests()).toEqual([]);
  });

  it("reports wrong credentials and an organization the key cannot see, and writes nothing", async () => {
    const dir = workspace();
    const wrongSecret = await exportTo(join(dir, "project"), [], { DIDOMI_API_SECRET: "not-the-secret" });
    expect(wrongSecret.code).toBe(1);
    expect(wrongSecret.stderr).toContain("Nothing was written: reading organization demo failed.");
    expect(wrongSecret.stderr).toContain("demo-key");
    expect(wrongSecret.stderr).not.toContain("not-the-secret");

    const otherOrganization = await exportTo(join(dir, "project"), ["--organization-id", "someone-else"]);
    expect(otherOrganization.code).toBe(1);
    expect(otherOrganization.stderr).toContain("API key demo-key cannot read organization someone-else: check --organization-id");
    expect(leftBehind(dir)).toEqual([]);
  });

  it("rejects an unknown option with the usage (exit 2), and documents that --api-secret is visible to others", async () => {
    const result = await exportTo(join(workspace(), "project"), ["--organisation", "demo"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option --organisation");
    // a mistyped secret flag names the flag only, never its value
    const secretTypo = await exportTo(join(workspace(), "project"), ["--api-secret=TopSecretValue123"]);
    expect(secretTypo.code).toBe(2);
    expect(secretTypo.stderr).toContain("unknown option --api-secret");
    expect(secretTypo.stderr).not.toContain("TopSecretValue123");
    const { stdout } = await run(process.execPath, [BIN, "--help"]);
    expect(stdout).toContain("Prefer the environment variable: command-line\n                        arguments are visible to other users of the machine");
  });

  it("rides out a 429 and a dropped connection mid-export: the same complete project", async () => {
    const reference = join(workspace(), "project");
    expect((await exportTo(reference)).code).toBe(0);
    const dir = workspace();
    await didomi.fault({ path: "/v1/widgets/notices/configs", status: 429 });
    await didomi.fault({ path: "/v1/widgets/notices/deployments", drop: "before-commit" });
    const result = await exportTo(join(dir, "project"));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/\(1 answered 429\), 1 waits for the rate limit/);
    expect(filesOf(join(dir, "project"))).toEqual(filesOf(reference));
  });

  it("under a tight rate limit, waits (and says so on stderr) and writes the same project", async () => {
    const reference = join(workspace(), "project");
    expect((await exportTo(reference)).code).toBe(0);
    await didomi.settings({ rateLimit: 2, rateWindowSeconds: 1 });
    try {
      const out = join(workspace(), "project");
      const result = await exportTo(out);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/waited \d+\.\d s for organization demo's rate limit/);
      expect(result.stderr).toMatch(/\d+ requests \(\d+ answered 429\), [1-9]\d* waits for the rate limit/);
      expect(filesOf(out)).toEqual(filesOf(reference));
    } finally {
      await didomi.settings({ rateLimit: 10_000, rateWindowSeconds: 15 });
    }
  });

  it("writes nothing when the connection keeps dropping mid-export", async () => {
    const dir = workspace();
    await didomi.fault({ path: "/v1/widgets/notices/configs", drop: "before-commit", count: 20 });
    const result = await exportTo(join(dir, "project"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Nothing was written");
    expect(leftBehind(dir)).toEqual([]);
    await api.control("DELETE", "/faults");
  });
});

/** Every secret value and key secret the emulator holds for the organization: none may reach the files. */
async function secretValues(): Promise<string[]> {
  const state = (await didomi.state()) as { organizations: Record<string, { secrets: { secret: string }[]; apiKeys: { secret: string }[] }> };
  const organization = state.organizations[ORGANIZATION]!;
  return [...organization.secrets.map((s) => s.secret), ...organization.apiKeys.map((k) => k.secret)].filter(Boolean);
}

