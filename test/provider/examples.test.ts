// The example programs in examples/ run as documented, against the emulator: they are what users copy.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { Stack } from "../harness";
import { changes, expectOk, stepsOf, testStack, TestDidomi } from "./support";

const EXAMPLES = resolve(__dirname, "../../examples");

const didomi = TestDidomi.forThisFile();

describe("examples", () => {
  it("snippets: every resource once, then nothing to do, then gone", async () => {
    const stack = testStack(didomi, "snippets", {}, { cwd: join(EXAMPLES, "snippets") });
    expectOk(await stack.up());
    await didomi.resetStats();
    expect(changes(expectOk(await stack.up()))).toEqual([]);
    expect(await didomi.writes()).toEqual([]);
    expectOk(await stack.destroy());
  });

  it("promotion: the same consent configuration published once in each organization", async () => {
    const seed = JSON.parse(readFileSync(join(EXAMPLES, "promotion/seed.json"), "utf8")) as {
      organizations: { id: string; apiKeys: { id: string; secret: string }[] }[];
    };
    const [staging, production] = seed.organizations;
    for (const org of seed.organizations) await didomi.seed(org.id, org.apiKeys[0]!.id, org.apiKeys[0]!.secret);
    const stackIn = (org: typeof staging, name: string, site: string) =>
      new Stack({
        ...testStack(didomi, "promotion", {}, { cwd: join(EXAMPLES, "promotion") }).options,
        stack: name,
        config: {
          "didomi:baseUrl": didomi.url,
          "didomi:organizationId": org!.id,
          "didomi:apiKey": org!.apiKeys[0]!.id,
          site,
        },
        secrets: { "didomi:apiSecret": org!.apiKeys[0]!.secret },
      });
    const stagingStack = stackIn(staging, "staging", "staging.example.com");
    const productionStack = stackIn(production, "production", "www.example.com");
    const stagingHash = expectOk(await stagingStack.up()).outputs.contentHash;
    const productionHash = expectOk(await productionStack.up()).outputs.contentHash;
    expect(stagingHash).not.toEqual(productionHash); // the site (targets) differs, the rest is identical

    const state = (await didomi.state()) as { organizations: Record<string, { deployments: unknown[]; notices: { external_id: string }[] }> };
    for (const org of [staging!, production!]) {
      expect(state.organizations[org.id]!.notices.map((n) => n.external_id)).toEqual(["main-site"]);
      expect(state.organizations[org.id]!.deployments).toHaveLength(1);
    }
    expectOk(await stagingStack.destroy());
    expectOk(await productionStack.destroy());
  });

  it("drift-detection: the CI check passes, fails on a console change, passes again after up --refresh", async () => {
    const stack = testStack(didomi, "drift-detection", {}, { cwd: join(EXAMPLES, "drift-detection") });
    const up = expectOk(await stack.up());
    expect(changes(expectOk(await stack.preview({ refresh: true })))).toEqual([]);

    await didomi.console("PATCH", `/keys/${up.outputs.deployKeyId as string}`, { enabled: false });
    const drift = expectOk(await stack.preview({ refresh: true }));
    expect(stepsOf(drift, "deploy")).toMatchObject([{ op: "refresh", diffs: ["enabled"] }, { op: "update", diffs: ["enabled"] }]);

    expectOk(await stack.up({ refresh: true }));
    expect(changes(expectOk(await stack.preview({ refresh: true })))).toEqual([]);
    expectOk(await stack.destroy());
  });
});
