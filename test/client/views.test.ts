// Per-collection reads (provider/client/views.ts) against the emulator: a collection is read once per client
// (one operation), however its reads are spread out; this client's own writes show at once; what a write may
// have changed elsewhere is read again; the history behind a notice's latest deployment is not downloaded.
import { afterEach, describe, expect, it } from "vitest";
import {
  byId,
  deploymentSchema,
  itemPath,
  noticeConfigSchema,
  noticeSchema,
  secretSchema,
  type CollectionView,
  type DidomiClient,
  type Notice,
} from "../../provider/client";
import { MAX_VIEW_OBJECTS } from "../../provider/client/views";
import { NO_RATE_LIMIT, UNTHROTTLED, clientFor, control, createSecret, inDemo, injectFault, requests, start, type Emulator } from "./emulator";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

// the views the provider reads notices' configurations and deployments through (provider/notice-configurations.ts)
const DRAFTS: CollectionView = { path: "/widgets/notices/configs", key: "notice_id", filter: { deployed_at: null } };
const LATEST_DEPLOYMENTS: CollectionView = { path: "/widgets/notices/deployments", key: "notice_id", newestBy: "created_at" };
const SECRETS = byId("/secrets");

async function reads(route: string) {
  return (await requests(emulator!)).filter((request) => request.route === route);
}

function createNotice(client: DidomiClient, name: string): Promise<Notice> {
  return client.create("/widgets/notices", { name, organization_id: "demo" }, noticeSchema, { ...inDemo, findExisting: async () => undefined });
}

/** Publishes the notice's current draft, as the console would: the draft becomes published and a new one appears. */
async function publish(client: DidomiClient, noticeId: string) {
  const [draft] = await client.list("/widgets/notices/configs", noticeConfigSchema, { ...inDemo, query: { notice_id: noticeId, deployed_at: null } });
  const body = { notice_id: noticeId, organization_id: "demo", production_config_id: draft!.id };
  return client.create("/widgets/notices/deployments", body, deploymentSchema, { ...inDemo, findExisting: async () => undefined });
}

async function startWithClient(settings: Record<string, unknown> = {}) {
  emulator = await start({ ...NO_RATE_LIMIT, ...settings });
  return clientFor(emulator, UNTHROTTLED);
}

describe("per-collection reads", () => {
  it("read a collection once, however its reads are spread out", async () => {
    const client = await startWithClient();
    const secrets = await Promise.all(Array.from({ length: 30 }, (_, index) => createSecret(client, `secret-${index}`)));
    await control(emulator!, "DELETE", "/stats");

    for (const secret of secrets) {
      // one at a time, as `pulumi refresh --parallel 1` would ask: no batch could gather these
      expect(await client.readView(SECRETS, secret.id, secretSchema, inDemo)).toMatchObject([{ id: secret.id, name: secret.name }]);
    }
    expect(await client.readView(SECRETS, "no-such-secret", secretSchema, inDemo)).toEqual([]);
    expect(await client.findInView(SECRETS, { name: "secret-7" }, secretSchema, inDemo)).toMatchObject([{ id: secrets[7]!.id }]);

    const listed = await reads("GET /v1/secrets");
    expect(listed).toHaveLength(1);
    expect(listed[0]!.query).toMatchObject({ $limit: "100", $skip: "0" });
  });

  it("show this client's own writes at once, without reading again", async () => {
    const client = await startWithClient();
    const [first] = await Promise.all([createSecret(client, "first"), createSecret(client, "second")]);
    await client.readView(SECRETS, first.id, secretSchema, inDemo);
    await control(emulator!, "DELETE", "/stats");

    await client.patch(itemPath("/secrets", first.id), { name: "renamed" }, secretSchema, inDemo);
    const added = await createSecret(client, "added");

    expect(await client.readView(SECRETS, first.id, secretSchema, inDemo)).toMatchObject([{ name: "renamed" }]);
    expect(await client.findInView(SECRETS, { name: "first" }, secretSchema, inDemo)).toEqual([]);
    expect(await client.findInView(SECRETS, { name: "added" }, secretSchema, inDemo)).toMatchObject([{ id: added.id }]);
    expect(await reads("GET /v1/secrets")).toEqual([]);
  });

  it("read again, over the network, the keys a write to another collection names", async () => {
    const client = await startWithClient();
    const [notice, other] = await Promise.all([createNotice(client, "a.example.com"), createNotice(client, "b.example.com")]);
    const [draft] = await client.readView(DRAFTS, notice.id, noticeConfigSchema, inDemo);
    await client.readView(LATEST_DEPLOYMENTS, notice.id, deploymentSchema, inDemo);
    await control(emulator!, "DELETE", "/stats");

    // publishing turns the draft into a published configuration and makes a new draft
    const deployment = await publish(client, notice.id);

    const [newDraft] = await client.readView(DRAFTS, notice.id, noticeConfigSchema, inDemo);
    expect(newDraft!.id).not.toBe(draft!.id);
    expect(newDraft!.deployed_at).toBeNull();
    // the deployment is this client's own write: the view of deployments has it without a read
    expect(await client.readView(LATEST_DEPLOYMENTS, notice.id, deploymentSchema, inDemo)).toMatchObject([{ id: deployment.id }]);
    // what was read over the network is kept, and untouched keys never left the view
    await client.readView(DRAFTS, notice.id, noticeConfigSchema, inDemo);
    await client.readView(DRAFTS, other.id, noticeConfigSchema, inDemo);

    const configReads = await reads("GET /v1/widgets/notices/configs");
    // one read for the test's own publish (a plain list), then one for the stale key, `notice_id[$in]`
    expect(configReads.map((request) => request.query.notice_id ?? request.query["notice_id[$in]"])).toEqual([notice.id, notice.id]);
    expect(await reads("GET /v1/widgets/notices/deployments")).toEqual([]);
  });

  it("read a notice's latest deployment without the history behind it", async () => {
    const client = await startWithClient();
    const [busy, quiet] = await Promise.all([createNotice(client, "busy.example.com"), createNotice(client, "quiet.example.com")]);
    for (let index = 0; index < 150; index++) await publish(client, busy.id);
    const latestOfBusy = await publish(client, busy.id);
    const onlyOfQuiet = await publish(client, quiet.id);
    // no view was read before: these writes left nothing behind, and the reads below start from the API
    await control(emulator!, "DELETE", "/stats");

    expect(await client.readView(LATEST_DEPLOYMENTS, quiet.id, deploymentSchema, inDemo)).toMatchObject([{ id: onlyOfQuiet.id }]);
    expect(await client.readView(LATEST_DEPLOYMENTS, busy.id, deploymentSchema, inDemo)).toMatchObject([{ id: latestOfBusy.id }]);

    // 152 deployments: one newest-first page had both notices' latest; the second page was never asked for
    const listed = await reads("GET /v1/widgets/notices/deployments");
    expect(listed.map((request) => request.query)).toEqual([expect.objectContaining({ "$sort[created_at]": "-1", $skip: "0" })]);
  });

  it("start again after a write whose outcome is unknown, and after a DELETE", async () => {
    const client = await startWithClient();
    const [kept, deleted] = await Promise.all([createSecret(client, "kept"), createSecret(client, "deleted")]);
    await client.readView(SECRETS, kept.id, secretSchema, inDemo);
    await control(emulator!, "DELETE", "/stats");

    await injectFault(emulator!, { method: "PATCH", path: `/v1/secrets/${kept.id}`, status: 400 });
    await expect(client.patch(itemPath("/secrets", kept.id), { name: "x" }, secretSchema, inDemo)).rejects.toThrow();
    await client.readView(SECRETS, kept.id, secretSchema, inDemo);
    expect(await reads("GET /v1/secrets")).toHaveLength(1); // the whole view, read again

    await client.delete(itemPath("/secrets", deleted.id), inDemo);
    expect(await client.readView(SECRETS, deleted.id, secretSchema, inDemo)).toEqual([]);
    expect((await reads("GET /v1/secrets")).at(-1)!.query).toMatchObject({ "id[$in]": deleted.id });
  });

  it("try a failed read of the whole view again on the next read, rather than failing every later one", async () => {
    emulator = await start(NO_RATE_LIMIT);
    const client = clientFor(emulator, { ...UNTHROTTLED, maxRetries: 0 });
    const secret = await createSecret(client, "after-a-failure");
    await injectFault(emulator, { method: "GET", path: "/v1/secrets", status: 503, count: 1 });

    await expect(client.readView(SECRETS, secret.id, secretSchema, inDemo)).rejects.toThrow(/503/);
    expect(await client.readView(SECRETS, secret.id, secretSchema, inDemo)).toMatchObject([{ id: secret.id }]);
  });

  it(`fall back to batched reads past ${MAX_VIEW_OBJECTS} objects, after one page`, async () => {
    const client = await startWithClient();
    const notices: Notice[] = [];
    for (let start = 0; start <= MAX_VIEW_OBJECTS; start += 100) {
      const batch = Array.from({ length: Math.min(100, MAX_VIEW_OBJECTS + 1 - start) }, (_, index) => createNotice(client, `n${start + index}.example.com`));
      notices.push(...(await Promise.all(batch)));
    }
    await control(emulator!, "DELETE", "/stats");

    const wanted = [notices[0]!, notices[500]!, notices[MAX_VIEW_OBJECTS]!];
    const found = await Promise.all(wanted.map((notice) => client.readView(byId("/widgets/notices"), notice.id, noticeSchema, inDemo)));

    expect(found.map(([notice]) => notice!.id)).toEqual(wanted.map((notice) => notice.id));
    const listed = await reads("GET /v1/widgets/notices");
    expect(listed.map((request) => request.query["id[$in]"] ?? "whole")).toEqual(["whole", wanted.map((notice) => notice.id)]);
  });
});
