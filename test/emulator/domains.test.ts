// The domain lifecycle of BEHAVIOR.md §6: type from the managed zones, the status machine, asynchronous provisioning
// and deletion (lazy transitions: due right after the response with a 0 ms delay), failures and retries.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TestEmulator, expectEnvelope, type ApiResponse } from "./support";

let emu: TestEmulator;

beforeAll(async () => {
  emu = await TestEmulator.start();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const create = (id: string, extra: object = {}) =>
  emu.call("POST", "/domains", { body: { id, organization_id: "demo", usage: "cmp", ...extra } });
const status = async (id: string) => (await emu.call("GET", `/domains/${id}`)).body.status;

/** Polls a domain until `until`, returning every distinct status seen (a real client does the same). */
async function watch(id: string, until: string): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 500; i++) {
    const current: ApiResponse = await emu.call("GET", `/domains/${id}`);
    const value = current.status === 404 ? "gone" : current.body.status;
    if (seen.at(-1) !== value) seen.push(value);
    if (value === until) return seen;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${id} never reached ${until}; saw ${seen.join(" → ")}`);
}

describe("creation", () => {
  it("defaults: draft, enabled, allow_all, entity_id null, custom type outside managed zones", async () => {
    const created = await create("privacy.example.com");
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: "privacy.example.com",
      organization_id: "demo",
      description: null,
      enabled: true,
      entity_id: null,
      type: "custom",
      status: "draft",
      usage: "cmp",
      bots_crawl: "allow_all",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updated_at: created.body.created_at,
      version: 0,
    });
    expect(await status("privacy.example.com")).toBe("draft");
  });

  it("type is managed under the managed zones, which are a setting", async () => {
    expect((await create("acme.privacy-center.org")).body.type).toBe("managed");
    expect((await create("acme.preference-center.org")).body.type).toBe("managed");
    await emu.settings({ managedZones: ["example.net"] });
    expect((await create("acme.example.net")).body.type).toBe("managed");
    expect((await create("acme2.privacy-center.org")).body.type).toBe("custom");
  });
});

describe("provisioning", () => {
  it("POST with status scheduled answers scheduled; the next read sees ready (0 ms delay)", async () => {
    const created = await create("privacy.example.com", { status: "scheduled" });
    expect(created.body.status).toBe("scheduled");
    const read = await emu.call("GET", "/domains/privacy.example.com");
    expect(read.body).toMatchObject({ status: "ready", version: 1 });
  });

  it("a draft is scheduled by PATCH, then becomes ready", async () => {
    await create("privacy.example.com");
    const patched = await emu.call("PATCH", "/domains/privacy.example.com", { body: { status: "scheduled" } });
    expect(patched.body).toMatchObject({ status: "scheduled", version: 1 });
    expect(await status("privacy.example.com")).toBe("ready");
  });

  it("with a delay, goes scheduled → deploying (from half the delay) → ready", async () => {
    await emu.settings({ domainProvisionDelayMs: 400 });
    await create("privacy.example.com", { status: "scheduled" });
    expect(await watch("privacy.example.com", "ready")).toEqual(["scheduled", "deploying", "ready"]);
  });

  it("while provisioning, deletion and re-scheduling are refused; advance completes it", async () => {
    await emu.settings({ domainProvisionDelayMs: 3_600_000 });
    await create("privacy.example.com", { status: "scheduled" });
    expectEnvelope(await emu.call("PATCH", "/domains/privacy.example.com", { body: { status: "to_be_deleted" } }), 400, "BadRequest");
    expect(await status("privacy.example.com")).toBe("scheduled");
    const advanced = await emu.control("POST", "/advance");
    expect(advanced.changed).toEqual([{ kind: "domain-provision", id: "privacy.example.com", from: "scheduled", to: "ready" }]);
    expect(await status("privacy.example.com")).toBe("ready");
    expectEnvelope(await emu.call("PATCH", "/domains/privacy.example.com", { body: { status: "scheduled" } }), 400, "BadRequest");
  });

  it("FQDNs matching failDomainsRegex end in failed; a retry with status scheduled succeeds once fixed", async () => {
    await emu.settings({ failDomainsRegex: "^broken\\." });
    await create("broken.example.com", { status: "scheduled" });
    await create("fine.example.com", { status: "scheduled" });
    expect(await status("broken.example.com")).toBe("failed");
    expect(await status("fine.example.com")).toBe("ready");
    await emu.settings({ failDomainsRegex: null });
    expect((await emu.call("PATCH", "/domains/broken.example.com", { body: { status: "scheduled" } })).status).toBe(200);
    expect(await status("broken.example.com")).toBe("ready");
  });

  it("server-only statuses cannot be requested", async () => {
    await create("privacy.example.com");
    for (const requested of ["deploying", "ready", "deleting", "failed", "unknown"]) {
      const refused = await emu.call("PATCH", "/domains/privacy.example.com", { body: { status: requested } });
      expectEnvelope(refused, 400, "BadRequest");
      expect(refused.body.errors).toHaveProperty("status");
    }
  });
});

describe("deletion", () => {
  it("ready → to_be_deleted → gone: the next read is 404 and the list no longer has it", async () => {
    await create("privacy.example.com", { status: "scheduled" });
    expect(await status("privacy.example.com")).toBe("ready");
    const marked = await emu.call("PATCH", "/domains/privacy.example.com", { body: { status: "to_be_deleted" } });
    expect(marked.body.status).toBe("to_be_deleted");
    expectEnvelope(await emu.call("GET", "/domains/privacy.example.com"), 404, "NotFound");
    expect((await emu.call("GET", "/domains")).body.total).toBe(0);
  });

  it("with a delay, goes to_be_deleted → deleting → gone", async () => {
    await emu.settings({ domainDeleteDelayMs: 400 });
    await create("privacy.example.com");
    await emu.call("PATCH", "/domains/privacy.example.com", { body: { status: "to_be_deleted" } });
    expect(await watch("privacy.example.com", "gone")).toEqual(["to_be_deleted", "deleting", "gone"]);
  });

  it("FQDNs matching failDomainDeletionsRegex end their deletion in failed and stay; deleting again succeeds once fixed", async () => {
    await emu.settings({ failDomainDeletionsRegex: "^stuck\\.", domainDeleteDelayMs: 400 });
    await create("stuck.example.com", { status: "scheduled" });
    await create("fine.example.com", { status: "scheduled" });
    for (const id of ["stuck.example.com", "fine.example.com"]) {
      await emu.call("PATCH", `/domains/${id}`, { body: { status: "to_be_deleted" } });
    }
    expect(await watch("stuck.example.com", "failed")).toEqual(["to_be_deleted", "deleting", "failed"]);
    expect((await watch("fine.example.com", "gone")).at(-1)).toBe("gone");
    expect((await emu.call("GET", "/domains")).body.data).toEqual([expect.objectContaining({ id: "stuck.example.com", status: "failed" })]);
    await emu.settings({ failDomainDeletionsRegex: null, domainDeleteDelayMs: 0 });
    expect((await emu.call("PATCH", "/domains/stuck.example.com", { body: { status: "to_be_deleted" } })).status).toBe(200);
    expectEnvelope(await emu.call("GET", "/domains/stuck.example.com"), 404, "NotFound");
  });

  it("an entity must be unassigned first, or in the same PATCH", async () => {
    await create("privacy.example.com", { entity_id: "pc-1" });
    expectEnvelope(await emu.call("PATCH", "/domains/privacy.example.com", { body: { status: "to_be_deleted" } }), 400, "BadRequest");
    const both = await emu.call("PATCH", "/domains/privacy.example.com", { body: { entity_id: null, status: "to_be_deleted" } });
    expect(both.body).toMatchObject({ entity_id: null, status: "to_be_deleted" });
  });

  it("a failed domain can be deleted; the FQDN can then be registered again", async () => {
    await emu.settings({ failDomainsRegex: "example" });
    await create("privacy.example.com", { status: "scheduled" });
    expect(await status("privacy.example.com")).toBe("failed");
    await emu.call("PATCH", "/domains/privacy.example.com", { body: { status: "to_be_deleted" } });
    expectEnvelope(await emu.call("GET", "/domains/privacy.example.com"), 404, "NotFound");
    expect((await create("privacy.example.com")).status).toBe(201);
  });

  it("a managed domain deleted by DELETE forgets its pending provisioning", async () => {
    await emu.settings({ domainProvisionDelayMs: 3_600_000 });
    await create("acme.privacy-center.org", { status: "scheduled" });
    expect((await emu.call("DELETE", "/domains/acme.privacy-center.org")).status).toBe(200);
    expect((await emu.control("POST", "/advance")).changed).toEqual([]);
    expect((await create("acme.privacy-center.org")).body.status).toBe("draft");
    expect(await status("acme.privacy-center.org")).toBe("draft");
  });
});

describe("updates", () => {
  it("a PATCH of the whole object read back is accepted (read-only fields equal), version increments", async () => {
    await create("privacy.example.com", { status: "scheduled" });
    const read = (await emu.call("GET", "/domains/privacy.example.com")).body;
    const patched = await emu.call("PATCH", "/domains/privacy.example.com", { body: { ...read, description: "cmp" } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ description: "cmp", status: "ready", version: read.version + 1 });
    expect(Date.parse(patched.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(read.updated_at));
  });

  it("type, usage, organization_id and id cannot change", async () => {
    await create("privacy.example.com");
    for (const body of [{ type: "managed" }, { usage: "preference-center" }, { organization_id: "x" }, { id: "other.example.com" }]) {
      const refused = await emu.call("PATCH", "/domains/privacy.example.com", { body });
      expectEnvelope(refused, 400, "BadRequest");
      expect(refused.body.errors[Object.keys(body)[0]]).toMatch(/^cannot be changed \(current value /);
    }
  });

  it("enabled is a plain flag", async () => {
    await create("privacy.example.com", { status: "scheduled" });
    const disabled = await emu.call("PATCH", "/domains/privacy.example.com", { body: { enabled: false } });
    expect(disabled.body).toMatchObject({ enabled: false, status: "ready" });
  });
});
