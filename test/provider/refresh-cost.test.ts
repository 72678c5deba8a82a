// What reading many notices costs in requests, the organization's shared budget (100 per 15 s): each collection is
// read once per operation, whole (provider/client/views.ts), so a refresh costs about N/100 requests per
// collection at any --parallel, and a notice's publication history costs nothing. A request count is behaviour;
// nothing here is timed.
import { describe, expect, it } from "vitest";
import { Stack } from "../harness";
import { expectOk, reconfigure, testStack, TestDidomi, type Requests } from "./support";

const didomi = TestDidomi.forThisFile();
const NOTICES = 40;
const DOMAINS = NOTICES / 10;
/** Issue 15's target for a refresh or a drift check of N notices: N/50 + 5 requests. */
const TARGET = Math.floor(NOTICES / 50 + 5);

const SESSIONS = "POST /v1/sessions";
const apiReads = (requests: Requests[]) => requests.filter((request) => request.route !== SESSIONS);
const routesOf = (requests: Requests[]) => apiReads(requests).map((request) => request.route).sort();
const bytesOf = (requests: Requests[], route: string) =>
  requests.filter((request) => request.route === route).reduce((sum, request) => sum + request.responseBytes, 0);

describe(`reading ${NOTICES} ConsentNotices and ${DOMAINS} Domains`, () => {
  let base: Stack;
  const program = () => testStack(didomi, "notices", { count: String(NOTICES), domains: String(DOMAINS) });
  const atParallel = (parallel: number) => new Stack({ ...(base ??= program()).options, parallel });
  const ONE_READ_PER_COLLECTION = ["GET /v1/domains", "GET /v1/widgets/notices", "GET /v1/widgets/notices/configs", "GET /v1/widgets/notices/deployments"];

  it.each([64, 8, 1])(`refreshes in at most ${TARGET} requests at --parallel %i: one read per collection`, async (parallel) => {
    if (parallel === 64) expectOk(await atParallel(64).up());
    await didomi.resetStats();
    expectOk(await atParallel(parallel).refresh());
    const requests = await didomi.requests();
    expect(routesOf(requests)).toEqual(ONE_READ_PER_COLLECTION);
    expect(apiReads(requests).length).toBeLessThanOrEqual(TARGET);
  });

  it(`checks for drift (preview --refresh) in at most ${TARGET} requests`, async () => {
    await didomi.resetStats();
    expectOk(await atParallel(8).preview({ refresh: true }));
    expect(routesOf(await didomi.requests())).toEqual(ONE_READ_PER_COLLECTION);
  });
});

describe("a notice's publication history", () => {
  it("costs nothing: a notice published 51 times refreshes in the requests of one published once", async () => {
    const stack = testStack(didomi, "notices", { count: "1", prefix: "history" });
    const noticeId = (expectOk(await stack.up()).outputs.noticeIds as string[])[0]!;
    await didomi.resetStats();
    expectOk(await stack.refresh());
    const once = await didomi.requests();

    // 50 more publications from the console, of the same content; the stack then takes the latest as its own
    for (let index = 0; index < 50; index++) {
      const drafts = await didomi.console<{ data: Array<{ id: string }> }>("GET", `/widgets/notices/configs?notice_id=${noticeId}&deployed_at=null`);
      await didomi.console("POST", "/widgets/notices/deployments", { notice_id: noticeId, organization_id: "demo", production_config_id: drafts.data[0]!.id });
    }
    expectOk(await stack.refresh());
    expectOk(await stack.up());
    await didomi.resetStats();
    expectOk(await stack.refresh());
    const after = await didomi.requests();

    expect(routesOf(after)).toEqual(routesOf(once));
    // the configurations read are the draft only, whatever the history (a published one is about 4.7 KiB)
    const configs = "GET /v1/widgets/notices/configs";
    expect(Math.abs(bytesOf(after, configs) - bytesOf(once, configs))).toBeLessThan(100);
    expect(after.find((request) => request.route === configs)!.query).toMatchObject({ deployed_at: "null" });
  });
});

describe("a write earlier in the same operation", () => {
  const content = (consentDuration: number) => JSON.stringify({ platform: "web", targets: ["www.example.com"], consentDuration, consentDurationUnit: "months" });

  it("is never hidden by the per-collection read: `up --refresh` publishes the draft it just wrote", async () => {
    let stack = testStack(didomi, "notice", { content: content(6), name: "visible.example.com", externalId: "visible" });
    const noticeId = expectOk(await stack.up()).outputs.noticeId as string;

    stack = reconfigure(stack, { content: content(9) });
    await didomi.resetStats();
    // the refresh reads the drafts and deployments whole, before the NoticeConfig writes the draft and the
    // Deployment, in the same plugin process, reads it to publish it
    expectOk(await stack.up({ refresh: true }));
    const requests = apiReads(await didomi.requests());
    const patch = requests.findIndex((request) => request.route === "PATCH /v1/widgets/notices/configs/:id");
    const publish = requests.findIndex((request) => request.route === "POST /v1/widgets/notices/deployments");
    expect(requests.findIndex((request) => request.route === "GET /v1/widgets/notices/configs")).toBeLessThan(patch);
    expect(patch).toBeLessThan(publish);

    // what went live is the content written a moment before, in the draft that was written
    const configs = await didomi.stored<{ id: string; notice_id: string; deployed_at: string | null; consent_duration: number }>("configs");
    const deployments = await didomi.stored<{ notice_id: string; production_config_id: string }>("deployments");
    const latest = deployments.filter((deployment) => deployment.notice_id === noticeId).at(-1)!;
    expect(requests[patch]!.path).toBe(`/v1/widgets/notices/configs/${latest.production_config_id}`);
    expect(configs.find((config) => config.id === latest.production_config_id)).toMatchObject({ consent_duration: 9 });
    expect(configs.filter((config) => config.notice_id === noticeId && config.deployed_at !== null)).toHaveLength(2);
  });
});
