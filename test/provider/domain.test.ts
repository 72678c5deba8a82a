// Domain through the real Pulumi runtime and plugin, against the emulator: the lifecycle a user runs,
// with the emulator's request log as evidence of what reached Didomi.
import { describe, expect, it } from "vitest";
import { Stack } from "../harness";
import { API_KEY, API_SECRET, changes, expectOk, messages, reconfigure, single, stepsOf, storedOutputs, testStack, TestDidomi } from "./support";

const didomi = TestDidomi.forThisFile();

const domains = () => didomi.stored("domains");

describe("Domain lifecycle", () => {
  it("previews, creates, stays put, updates, replaces, reports drift, recovers and destroys", async () => {
    const args = { domain: "privacy.lifecycle.example", usage: "cmp", description: "first" };
    let stack = testStack(didomi, "single", single("Domain", args));

    await didomi.resetStats();
    const preview = expectOk(await stack.preview());
    expect(changes(preview)).toEqual(["create subject"]);
    expect(await didomi.requests()).toEqual([]); // a first preview sends nothing, not even a session request

    const created = expectOk(await stack.up());
    expect(changes(created)).toEqual(["create subject"]);
    expect(created.outputs.subject).toMatchObject({ id: "privacy.lifecycle.example", status: "ready", type: "custom", organizationId: "demo" });
    const posts = (await didomi.requests()).filter((r) => r.route === "POST /v1/domains");
    expect(posts).toHaveLength(1);

    await didomi.resetStats();
    const again = expectOk(await stack.up());
    expect(changes(again)).toEqual([]);
    expect(await didomi.writes()).toEqual([]);

    // update in place
    stack = reconfigure(stack, single("Domain", { ...args, description: "second", botsCrawl: "disallow_all" }));
    await didomi.resetStats();
    const updated = expectOk(await stack.up());
    expect(stepsOf(updated, "subject")).toMatchObject([{ op: "update", diffs: ["botsCrawl", "description"] }]);
    expect((await didomi.writes()).map((r) => r.route)).toEqual(["PATCH /v1/domains/:id"]);

    // replace: the same name must be deleted before it is created again
    stack = reconfigure(stack, single("Domain", { ...args, description: "second", usage: "preference-center" }));
    await didomi.resetStats();
    const replaced = expectOk(await stack.up());
    expect(stepsOf(replaced, "subject")).toMatchObject([{ op: "replace", replaces: ["usage"], deleteBeforeReplace: true }]);
    expect((await didomi.writes()).map((r) => r.route)).toEqual(["PATCH /v1/domains/:id", "POST /v1/domains"]);
    expect(await domains()).toMatchObject([{ id: "privacy.lifecycle.example", usage: "preference-center", status: "ready" }]);

    // drift: someone edits the description in the console; the CI drift check sees exactly that
    expect(changes(expectOk(await stack.preview({ refresh: true })))).toEqual([]);
    await didomi.console("PATCH", "/domains/privacy.lifecycle.example", { description: "edited in the console" });
    expect(stepsOf(expectOk(await stack.preview({ refresh: true })), "subject")).toMatchObject([
      { op: "refresh", refreshResult: "changed", diffs: ["description"] },
      { op: "update", diffs: ["description"] },
    ]);
    const refreshed = expectOk(await stack.refresh());
    expect(stepsOf(refreshed, "subject")).toMatchObject([{ op: "refresh", refreshResult: "changed", diffs: ["description"] }]);
    const restore = expectOk(await stack.preview());
    expect(stepsOf(restore, "subject")).toMatchObject([{ op: "update", diffs: ["description"] }]);
    expectOk(await stack.up());
    expect(await domains()).toMatchObject([{ description: "second" }]);

    // someone deletes it in the console: a refresh drops it, the next up recreates it
    await didomi.console("PATCH", "/domains/privacy.lifecycle.example", { status: "to_be_deleted" });
    await didomi.advance();
    const gone = expectOk(await stack.refresh());
    expect(stepsOf(gone, "subject")).toMatchObject([{ op: "refresh", refreshResult: "deleted" }]);
    expect(changes(expectOk(await stack.up()))).toEqual(["create subject"]);
    expect(await domains()).toHaveLength(1);

    const destroyed = expectOk(await stack.destroy());
    expect(changes(destroyed)).toContain("delete subject");
    expect(await domains()).toEqual([]);
  });
});

describe("Domain inputs", () => {
  it("rejects bad input in check, naming field, value and fix, before any request", async () => {
    const stack = testStack(didomi, "single", single("Domain", { domain: "not a domain", usage: "cdn", enabled: "yes", description: 42 }));
    await didomi.resetStats();
    const result = await stack.preview();
    expect(result.ok).toBe(false);
    expect(result.error).toContain(`property domain value {not a domain} has a problem: domain: "not a domain" is not a lowercase fully-qualified domain name; use one such as "privacy.example.com"\n`);
    expect(result.error).toContain('usage: "cdn" is not allowed; use one of "cmp", "privacy-center", "preference-center"');
    expect(result.error).toContain('enabled: "yes" is a string; expected a boolean');
    expect(result.error).toContain("description: 42 is a number; expected a string");
    expect(await didomi.requests()).toEqual([]);
  });

  it("falls back to the DIDOMI_* environment variables when the stack config has no credentials", async () => {
    const configured = testStack(didomi, "single", single("Domain", { domain: "from-env.example.com", usage: "cmp" }));
    const { "didomi:apiKey": _key, "didomi:organizationId": _org, "didomi:baseUrl": _url, ...rest } = configured.options.config!;
    const fromEnvironment = new Stack({
      ...configured.options,
      config: rest,
      secrets: {},
      env: { ...configured.options.env, DIDOMI_API_KEY: API_KEY, DIDOMI_API_SECRET: API_SECRET, DIDOMI_ORGANIZATION_ID: "demo", DIDOMI_BASE_URL: didomi.url },
    });
    expect(expectOk(await fromEnvironment.up()).outputs.subject).toMatchObject({ organizationId: "demo", status: "ready" });
    expectOk(await fromEnvironment.destroy());
  });

  it("names the config key to set when credentials are missing", async () => {
    const stack = testStack(didomi, "single", single("Domain", { domain: "creds.example.com", usage: "cmp" }));
    const noCredentials = new Stack({ ...stack.options, secrets: {}, config: { ...stack.options.config, "didomi:apiKey": "" } });
    const result = await noCredentials.preview();
    expect(result.ok).toBe(false);
    expect(result.error).toContain("didomi:apiKey (set it with `pulumi config set didomi:apiKey <value>` or the environment variable DIDOMI_API_KEY)");
    expect(result.error).toContain("didomi:apiSecret (set it with `pulumi config set --secret didomi:apiSecret <value>` or the environment variable DIDOMI_API_SECRET)");
  });
});

describe("Domain provisioning", () => {
  it("explains a failed provisioning with the NS records to set, and retries it on the next up", async () => {
    await didomi.settings({ failDomainsRegex: "^undelegated\\." });
    const stack = testStack(didomi, "single", single("Domain", { domain: "undelegated.example.com", usage: "cmp" }));
    const failed = await stack.up();
    expect(failed.ok).toBe(false);
    expect(failed.error).toContain("didomi:Domain undelegated.example.com: provisioning failed");
    expect(failed.error).toContain("undelegated.example.com. 300 IN NS ns1.privacy-center.org.");
    expect(failed.error).toContain("ns4.privacy-center.org.");
    expect(failed.error).toContain("run `pulumi up` again");
    // the domain exists in Didomi, so it is kept in the state for the retry
    expect(JSON.stringify(stack.readState())).toContain('"id":"undelegated.example.com"');

    await didomi.settings({ failDomainsRegex: null }); // the DNS delegation is fixed
    await didomi.resetStats();
    expectOk(await stack.up());
    expect(await didomi.writes()).toMatchObject([{ route: "PATCH /v1/domains/:id" }]);
    expect(await domains()).toContainEqual(expect.objectContaining({ id: "undelegated.example.com", status: "ready" }));
    expectOk(await stack.destroy());
  });

  it("logs progress while Didomi provisions, and gives a readable error when deletion outlasts the timeout", async () => {
    await didomi.settings({ domainProvisionDelayMs: 1200, domainDeleteDelayMs: 60_000 });
    try {
      const stack = testStack(didomi, "single", single("Domain", { domain: "slow.example.com", usage: "cmp", deleteTimeoutSeconds: 1 }));
      const created = expectOk(await stack.up());
      expect(messages(created)).toMatch(/didomi:Domain slow\.example\.com: status (scheduled|deploying); waiting until ready/);
      const destroyed = await stack.destroy();
      expect(destroyed.ok).toBe(false);
      expect(destroyed.error).toContain("didomi:Domain slow.example.com: still status to_be_deleted after 1s, not deleted");
    } finally {
      await didomi.settings({ domainProvisionDelayMs: 0, domainDeleteDelayMs: 0 });
      await didomi.advance();
    }
  });
});

describe("Domain timeouts and retries", () => {
  it("keeps a domain whose provisioning outlasts the timeout in the state, and goes on waiting on the next up", async () => {
    await didomi.settings({ domainProvisionDelayMs: 600_000 });
    const stack = testStack(didomi, "single", single("Domain", { domain: "late.example.com", usage: "cmp", readyTimeoutSeconds: 1 }));
    const late = await stack.up();
    expect(late.ok).toBe(false);
    expect(late.error).toMatch(/didomi:Domain late\.example\.com: still status (scheduled|deploying) after 1s, not ready/);
    expect(JSON.stringify(stack.readState())).toContain('"id":"late.example.com"');

    await didomi.advance(); // Didomi finishes provisioning
    await didomi.settings({ domainProvisionDelayMs: 0 });
    await didomi.resetStats();
    const resumed = expectOk(await stack.up());
    expect(resumed.outputs.subject).toMatchObject({ status: "ready" });
    expect(await didomi.writes()).toEqual([]);
    expectOk(await stack.destroy());
  });

  it("re-schedules a domain found failed by a refresh, when it was created without waiting", async () => {
    await didomi.settings({ failDomainsRegex: "^nowait\\." });
    const stack = testStack(didomi, "single", single("Domain", { domain: "nowait.example.com", usage: "cmp", waitForReady: false }));
    expectOk(await stack.up());
    await didomi.settings({ failDomainsRegex: null });
    expectOk(await stack.refresh());
    expect(await storedOutputs(stack, "subject")).toMatchObject({ status: "failed" });
    await didomi.resetStats();
    expect(stepsOf(expectOk(await stack.up()), "subject")).toMatchObject([{ op: "update" }]);
    expect(await didomi.writes()).toMatchObject([{ route: "PATCH /v1/domains/:id" }]);
    expect(await domains()).toContainEqual(expect.objectContaining({ id: "nowait.example.com", status: "ready" }));
    expectOk(await stack.destroy());
  });
});

describe("Domain ownership", () => {
  it("deletes a Didomi-managed domain with DELETE", async () => {
    const stack = testStack(didomi, "single", single("Domain", { domain: "acme.privacy-center.org", usage: "privacy-center" }));
    expect(expectOk(await stack.up()).outputs.subject).toMatchObject({ type: "managed", status: "ready" });
    await didomi.resetStats();
    expectOk(await stack.destroy());
    expect((await didomi.writes()).map((r) => r.route)).toEqual(["DELETE /v1/domains/:id"]);
  });

  it("explains that a name registered by another organization cannot be adopted", async () => {
    const other = { organization: "other-org", key: "other-key", secret: "other-secret" };
    await didomi.seed(other.organization, other.key, other.secret);
    await didomi.console("POST", "/domains", { id: "taken.example.com", organization_id: other.organization, usage: "cmp" }, other);
    const result = await testStack(didomi, "single", single("Domain", { domain: "taken.example.com", usage: "cmp", adopt: true })).up();
    expect(result.ok).toBe(false);
    expect(result.error).toContain("Didomi refused to create it");
    expect(result.error).toContain("belongs to another organization (adopt cannot take it over)");
  });
});

describe("Domain entity assignment", () => {
  it("clears an assignment it made itself when deleting, and refuses to break one made outside Pulumi", async () => {
    const mine = testStack(didomi, "single", single("Domain", { domain: "assigned.example.com", usage: "privacy-center", entityId: "pc-1" }));
    expectOk(await mine.up());
    expectOk(await mine.destroy());
    expect(await domains()).not.toContainEqual(expect.objectContaining({ id: "assigned.example.com" }));

    const theirs = testStack(didomi, "single", single("Domain", { domain: "shared.example.com", usage: "privacy-center" }));
    expectOk(await theirs.up());
    await didomi.console("PATCH", "/domains/shared.example.com", { entity_id: "pc-console" });
    const refused = await theirs.destroy();
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain("still used by entity pc-console, which was assigned outside Pulumi");
    await didomi.console("PATCH", "/domains/shared.example.com", { entity_id: null });
    expectOk(await theirs.destroy());
  });

  it("warns that disabling de-provisions the domain", async () => {
    const stack = testStack(didomi, "single", single("Domain", { domain: "off.example.com", usage: "cmp", enabled: false }));
    const created = expectOk(await stack.up());
    expect(messages(created)).toContain("didomi:Domain off.example.com: enabled is false, which de-provisions the domain");
    expectOk(await stack.destroy());
  });
});

describe("Domain adoption", () => {
  it("refuses to take over an existing domain without adopt, and takes it over with adopt", async () => {
    await didomi.console("POST", "/domains", { id: "existing.example.com", organization_id: "demo", usage: "cmp", status: "scheduled", description: "made by hand" });
    const args = { domain: "existing.example.com", usage: "cmp", description: "managed" };
    const stack = testStack(didomi, "single", single("Domain", args));
    const clash = await stack.up();
    expect(clash.ok).toBe(false);
    expect(clash.error).toContain('an object with the domain name "existing.example.com" already exists in Didomi');
    expect(clash.error).toContain("set `adopt: true`");

    await didomi.resetStats();
    const adopted = expectOk(await reconfigure(stack, single("Domain", { ...args, adopt: true })).up());
    expect(changes(adopted)).toEqual(["create subject"]);
    expect((await didomi.writes()).map((r) => r.route)).toEqual(["PATCH /v1/domains/:id"]);
    expect(await domains()).toContainEqual(expect.objectContaining({ id: "existing.example.com", description: "managed" }));
    expectOk(await stack.destroy());
  });

  it("never duplicates a domain whose creation response was lost", async () => {
    await didomi.fault({ method: "POST", path: "/v1/domains", drop: "after-commit" });
    const stack = testStack(didomi, "single", single("Domain", { domain: "lost.example.com", usage: "cmp" }));
    const created = expectOk(await stack.up());
    expect(created.outputs.subject).toMatchObject({ id: "lost.example.com", status: "ready" });
    expect((await domains()).filter((d) => d.id === "lost.example.com")).toHaveLength(1);
    expectOk(await stack.destroy());
  });
});
