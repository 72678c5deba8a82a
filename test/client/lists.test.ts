// Lists and coalesced reads against the emulator: every page in both list shapes, N concurrent getMany calls for
// about N/100 requests, and the `v: 2` header on notice calls.
import { afterEach, describe, expect, it } from "vitest";
import { noticeConfigSchema, noticeSchema, secretSchema, type DidomiClient, type Secret } from "../../provider/client";
import { NO_RATE_LIMIT, UNTHROTTLED, clientFor, control, countOf, createSecret, inDemo, start, stats, type Emulator } from "./emulator";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function createSecrets(client: DidomiClient, count: number): Promise<Secret[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => createSecret(client, `secret-${index}`)));
}

describe("list", () => {
  it.each([
    ["envelope", 4], // pages of 7, 7, 7 and 4: the total says when to stop
    ["array", 4], // no total: the short fourth page is the last
  ] as const)("reads every page of a %s list clamped to 7 items per page", async (listShape, expectedRequests) => {
    emulator = await start({ ...NO_RATE_LIMIT, maxPageSize: 7, listShape });
    const client = clientFor(emulator, UNTHROTTLED);
    const created = await createSecrets(client, 25);
    await control(emulator, "DELETE", "/stats");

    const listed = await client.list("/secrets", secretSchema, inDemo);

    expect(listed.map((secret) => secret.id).sort()).toEqual(created.map((secret) => secret.id).sort());
    expect(countOf(await stats(emulator), "GET /v1/secrets")).toBe(expectedRequests);
  });

  it("asks for one more page of a bare array whose last page is full", async () => {
    emulator = await start({ ...NO_RATE_LIMIT, maxPageSize: 7, listShape: "array" });
    const client = clientFor(emulator, UNTHROTTLED);
    await createSecrets(client, 14);
    await control(emulator, "DELETE", "/stats");

    await expect(client.list("/secrets", secretSchema, inDemo)).resolves.toHaveLength(14);
    expect(countOf(await stats(emulator), "GET /v1/secrets")).toBe(3); // 7, 7, then an empty page
  });

  it("passes filters, including [$in] lists and the literal null", async () => {
    emulator = await start(NO_RATE_LIMIT);
    const client = clientFor(emulator, UNTHROTTLED);
    const [first, , third] = await createSecrets(client, 3);

    const listed = await client.list("/secrets", secretSchema, { ...inDemo, query: { name: [first!.name, third!.name], description: null } });

    expect(listed.map((secret) => secret.id).sort()).toEqual([first!.id, third!.id].sort());
  });
});

describe("getMany", () => {
  it("coalesces 253 concurrent reads into 3 list calls, and resolves unknown ids to undefined", async () => {
    emulator = await start(NO_RATE_LIMIT);
    const client = clientFor(emulator, UNTHROTTLED);
    const created = await createSecrets(client, 250);
    await control(emulator, "DELETE", "/stats");
    const ids = [...created.map((secret) => secret.id), "missing-1", "missing-2", "missing-3"];

    const read = await Promise.all(ids.map((id) => client.getMany("/secrets", id, secretSchema, inDemo)));

    expect(read.slice(0, 250)).toEqual(created);
    expect(read.slice(250)).toEqual([undefined, undefined, undefined]);
    const summary = await stats(emulator);
    expect(countOf(summary, "GET /v1/secrets")).toBe(3);
    expect(countOf(summary, "GET /v1/secrets/:id")).toBe(0);
  });

  it("finds every object when the server answers bare arrays clamped to 40 per page", async () => {
    emulator = await start({ ...NO_RATE_LIMIT, listShape: "array", maxPageSize: 40 });
    const client = clientFor(emulator, UNTHROTTLED);
    const created = await createSecrets(client, 120);
    await control(emulator, "DELETE", "/stats");

    const read = await Promise.all([...created.map((secret) => secret.id), "missing"].map((id) => client.getMany("/secrets", id, secretSchema, inDemo)));

    expect(read).toEqual([...created, undefined]);
    // 100 ids: pages of 40, 40, 20 (all found); 21 ids: one page of 20, then an empty page for the missing id.
    expect(countOf(await stats(emulator), "GET /v1/secrets")).toBe(5);
  });

  it("reads a lone id with one list call", async () => {
    emulator = await start(NO_RATE_LIMIT);
    const client = clientFor(emulator, UNTHROTTLED);
    const secret = await createSecret(client, "alone");
    await control(emulator, "DELETE", "/stats");

    await expect(client.getMany("/secrets", secret.id, secretSchema, inDemo)).resolves.toEqual(secret);
    expect(countOf(await stats(emulator), "GET /v1/secrets")).toBe(1);
  });
});

describe("notice calls", () => {
  it("send v: 2 (the multi-regulation view) unless the request sets its own v header", async () => {
    emulator = await start(NO_RATE_LIMIT);
    const client = clientFor(emulator, UNTHROTTLED);
    const notice = await client.create("/widgets/notices", { name: "Main notice", organization_id: "demo" }, noticeSchema, {
      ...inDemo,
      findExisting: async () => undefined,
    });
    const byNotice = { ...inDemo, query: { notice_id: notice.id } };

    const [draft] = await client.list("/widgets/notices/configs", noticeConfigSchema, byNotice);
    const [legacyDraft] = await client.list("/widgets/notices/configs", noticeConfigSchema, { ...byNotice, headers: { V: "1" } });

    expect(draft?.regulation_configurations).toEqual([expect.objectContaining({ regulation_id: "gdpr", is_default_regulation_config: true })]);
    expect(legacyDraft?.id).toBe(draft?.id);
    expect(legacyDraft?.regulation_configurations).toBeUndefined();
  });
});
