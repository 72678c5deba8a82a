// Every optional stack config key absent: check must never hand `undefined` to the plugin's serializer (the real
// plugin then crashes with "Unexpected struct type"), and every resource must work with credentials taken from the
// DIDOMI_* environment alone.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { Stack } from "../harness";
import { API_KEY, API_SECRET, expectOk, messages, ORGANIZATION, PROGRAMS, single, TestDidomi } from "../provider/support";

const didomi = TestDidomi.forThisFile();
const QUICKSTART = resolve(__dirname, "../../examples/quickstart");

/** A stack whose config holds only the program's own keys: no `didomi:*` key at all. */
function bareStack(program: string, config: Record<string, string>, env: Record<string, string>): Stack {
  return new Stack({
    cwd: join(PROGRAMS, program),
    stack: "test",
    stateFile: join(mkdtempSync(join(tmpdir(), `didomi-bare-${program}-`)), "state.json"),
    config,
    env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true", ...env },
  });
}

const KINDS = [
  { kind: "Domain", args: { domain: "bare.example.com", usage: "cmp" } },
  { kind: "ApiKey", args: { name: "bare-key" } },
  { kind: "Secret", args: { name: "bare-secret" } },
  { kind: "Notice", args: { name: "bare-notice" } },
] as const;

describe("no didomi:organizationId anywhere", () => {
  it.each(KINDS)("$kind: check fails with the documented message, before any request", async ({ kind, args }) => {
    const env = { DIDOMI_BASE_URL: didomi.url, DIDOMI_API_KEY: API_KEY, DIDOMI_API_SECRET: API_SECRET };
    await didomi.resetStats();
    const result = await bareStack("single", single(kind, args), env).preview();
    expect(result.ok).toBe(false);
    expect(result.error).toContain("organizationId: not set; set the resource's organizationId input, or set it with `pulumi config set didomi:organizationId <value>`");
    expect(messages(result)).not.toContain("Unexpected struct type");
    expect(await didomi.requests()).toEqual([]);
  });

  it("NoticeConfig and Deployment: the same message, no crash", async () => {
    const env = { DIDOMI_BASE_URL: didomi.url, DIDOMI_API_KEY: API_KEY, DIDOMI_API_SECRET: API_SECRET };
    const result = await bareStack("notice", { content: JSON.stringify({ consentDuration: 6 }) }, env).up();
    expect(result.ok).toBe(false);
    expect(result.error).toContain("organizationId: not set");
    expect(messages(result)).not.toContain("Unexpected struct type");
  });
});

describe("credentials and organization from the environment only", () => {
  it("the quickstart (every resource kind): up, refresh, up with no change, destroy", async () => {
    const env = { DIDOMI_BASE_URL: didomi.url, DIDOMI_API_KEY: API_KEY, DIDOMI_API_SECRET: API_SECRET, DIDOMI_ORGANIZATION_ID: ORGANIZATION };
    const stack = new Stack({ ...bareStack("single", {}, env).options, cwd: QUICKSTART });
    const created = expectOk(await stack.up());
    expect(created.counts.create).toBe(8); // the stack, the domain, key and secret, the component and its 3 children
    expectOk(await stack.refresh());
    await didomi.resetStats();
    expect(expectOk(await stack.up()).changes).toBe(false);
    expect(await didomi.writes()).toEqual([]);
    expectOk(await stack.destroy());
  });
});
