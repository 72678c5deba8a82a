// What a refresh of many notices costs in requests, the organization's shared budget (100 per 15 s): each kind
// of read is shared between the notices the engine reads at once, so the count grows with N / (reads per call),
// not with N. A request count is behaviour; nothing here is timed.
import { describe, expect, it } from "vitest";
import { Stack } from "../harness";
import { expectOk, testStack, TestDidomi } from "./support";

const didomi = TestDidomi.forThisFile();
const NOTICES = 40;

describe(`a refresh of ${NOTICES} ConsentNotices`, () => {
  it("reads notices, configurations and deployments in a few shared calls, whatever their number", async () => {
    const base = testStack(didomi, "notices", { count: String(NOTICES) });
    // every read at once, as `pulumi refresh --parallel 64` would run them
    const stack = new Stack({ ...base.options, parallel: 64 });
    expectOk(await stack.up());

    await didomi.resetStats();
    expectOk(await stack.refresh());
    const reads = (await didomi.requests()).filter((request) => request.route !== "POST /v1/sessions");
    const byRoute = new Map<string, number>();
    for (const { route } of reads) byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
    // Before: one GET …/configs and one GET …/deployments?notice_id=… per notice, 80 of 83 requests. Now 3 of
    // each here (9 in all); the bounds leave room for a loaded machine, where the engine's reads arrive in more
    // bursts, and fail at once should reads go back to one per notice.
    expect(byRoute.get("GET /v1/widgets/notices/configs")).toBeLessThanOrEqual(NOTICES / 4);
    expect(byRoute.get("GET /v1/widgets/notices/deployments")).toBeLessThanOrEqual(NOTICES / 4);
    expect(byRoute.get("GET /v1/widgets/notices")).toBeLessThanOrEqual(NOTICES / 4);
    expect(reads.length).toBeLessThanOrEqual((3 * NOTICES) / 4);
    expect(reads.every((request) => request.method === "GET")).toBe(true);
  });
});
