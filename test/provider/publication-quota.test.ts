// Publishing many consent notices at once within Didomi's quota of parallel deployments per organization
// ("parallel_notices_deployments", 3 by default): deployments that take 2 s, as Didomi's do, and an engine
// that creates 16 resources at a time. The emulator's request log and store are the evidence.
import { beforeAll, describe, expect, it } from "vitest";
import { Stack } from "../harness";
import { changes, expectOk, messages, testStack, TestDidomi, type Requests } from "./support";

const didomi = TestDidomi.forThisFile();
const DEPLOYMENT_MS = 2_000;
/** The emulator's default for parallel_notices_deployments, as Didomi's. */
const QUOTA = 3;
const DEPLOY = "POST /v1/widgets/notices/deployments";

interface StoredNotice {
  id: string;
  external_id: string | null;
}
interface StoredDeployment {
  id: string;
  notice_id: string;
  status: string;
  message: string;
  created_at: string;
  updated_at: string;
}

beforeAll(() => didomi.settings({ deploymentDelayMs: DEPLOYMENT_MS }));

/** `count` ConsentNotices named `<prefix>-1…`, created 16 at a time (more than the quota, as `pulumi up` on 4+ cores). */
const noticesStack = (prefix: string, count: number) =>
  new Stack({ ...testStack(didomi, "notices", { prefix, count: String(count) }).options, parallel: 16 });

const deployPosts = (requests: Requests[]) => requests.filter((r) => r.route === DEPLOY);
const succeeded = (request: Requests) => typeof request.status === "number" && request.status < 300;

/** Every notice of the stack has exactly one deployment, and it succeeded. */
async function expectPublishedOnce(prefix: string, count: number): Promise<void> {
  const byNotice = await deploymentsByNotice(prefix);
  expect(byNotice.size).toBe(count);
  for (const [notice, deployments] of byNotice) {
    expect({ notice, statuses: deployments.map((d) => d.status) }).toEqual({ notice, statuses: ["success"] });
  }
}

/** The deployments of the stack's notices (those whose external id starts with the prefix), by notice. */
async function deploymentsByNotice(prefix: string): Promise<Map<string, StoredDeployment[]>> {
  const notices = (await didomi.stored<StoredNotice>("notices")).filter((n) => n.external_id?.startsWith(`${prefix}-`));
  const deployments = await didomi.stored<StoredDeployment>("deployments");
  return new Map(notices.map((n) => [n.external_id!, deployments.filter((d) => d.notice_id === n.id)]));
}

/** The most deployments that were in progress at the same moment, from their start and end times. */
function mostAtOnce(deployments: StoredDeployment[]): number {
  const events = deployments.flatMap((d) => [
    { at: Date.parse(d.created_at), change: 1 },
    { at: Date.parse(d.updated_at), change: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.change - b.change); // an end before a start at the same instant
  let running = 0;
  let most = 0;
  for (const event of events) most = Math.max(most, (running += event.change));
  return most;
}

describe("a first up of 30 ConsentNotices with 2 s deployments", () => {
  it("publishes every notice exactly once, never over the quota, and a second up writes nothing", async () => {
    const stack = noticesStack("site", 30);
    await didomi.resetStats();
    const result = expectOk(await stack.up());

    const requests = await didomi.requests();
    expect(requests.filter((r) => r.route === "GET /v1/quotas")).toHaveLength(1); // once for the whole update
    const posts = deployPosts(requests);
    expect(posts).toHaveLength(30);
    expect(posts.filter((r) => !succeeded(r))).toEqual([]);
    await expectPublishedOnce("site", 30);
    // the engine asked for more at once than Didomi allows, and the provider used the whole quota
    expect(mostAtOnce([...(await deploymentsByNotice("site")).values()].flat())).toBe(QUOTA);
    expect(messages(result)).not.toContain("waiting for");

    await didomi.resetStats();
    expect(changes(expectOk(await stack.up()))).toEqual([]);
    expect(await didomi.writes()).toEqual([]);
  }, 300_000);
});

describe("deployments started outside the stack", () => {
  /** Deployments made in the console that stay running until `didomi.advance()`. */
  async function occupyEverySlot(): Promise<void> {
    await didomi.settings({ deploymentDelayMs: 3_600_000 });
    for (let index = 1; index <= QUOTA; index++) {
      const notice = await didomi.console<{ id: string }>("POST", "/widgets/notices", { organization_id: "demo", name: `console-${index}` });
      const { data } = await didomi.console<{ data: { id: string; deployed_at: string | null }[] }>("GET", `/widgets/notices/configs?notice_id=${notice.id}`);
      const draft = data.find((config) => config.deployed_at === null)!;
      await didomi.console("POST", "/widgets/notices/deployments", { notice_id: notice.id, organization_id: "demo", production_config_id: draft.id, message: "console" });
    }
    await didomi.settings({ deploymentDelayMs: DEPLOYMENT_MS });
  }

  /** The first deployment POST the emulator refused, once there is one (within 90 s). */
  async function refusedDeployment(): Promise<Requests | undefined> {
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
      const refused = deployPosts(await didomi.requests()).find((r) => !succeeded(r));
      if (refused) return refused;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return undefined;
  }

  it.each([403, 400])("are waited for when Didomi refuses with %i, and every notice is still published once", async (status) => {
    const prefix = `busy-${status}`;
    await didomi.settings({ quotaExceededStatus: status as 403 | 400 });
    await occupyEverySlot();
    await didomi.resetStats();

    const up = noticesStack(prefix, 5).up();
    const refused = await refusedDeployment();
    expect(refused?.status).toBe(status);
    await didomi.advance(); // the console's deployments end
    const result = expectOk(await up);

    expect(messages(result)).toContain(`waiting for ${QUOTA} running deployments of organization demo`);
    expect(deployPosts(await didomi.requests()).filter(succeeded)).toHaveLength(5);
    await expectPublishedOnce(prefix, 5);
  }, 180_000);
});

describe("an unreadable quota and lost POST responses", () => {
  it("publishes within Didomi's default of 3 and never twice", async () => {
    await didomi.settings({ quotaExceededStatus: 403 });
    await didomi.fault({ method: "GET", path: "/v1/quotas", status: 404 });
    await didomi.fault({ method: "POST", path: "/v1/widgets/notices/deployments", count: 2, drop: "after-commit" });
    await didomi.resetStats();
    expectOk(await noticesStack("lost", 5).up());

    const requests = await didomi.requests();
    expect(requests.filter((r) => r.route === "GET /v1/quotas").map((r) => r.status)).toEqual([404]);
    const posts = deployPosts(requests);
    // the two lost responses were found by looking the deployments up, not by sending them again
    expect(posts.map((r) => r.status).sort()).toEqual([201, 201, 201, "dropped", "dropped"]);
    await expectPublishedOnce("lost", 5);
  });
});
