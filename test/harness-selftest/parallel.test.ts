// Steps run in parallel up to --parallel, all in one plugin process. Proven by what the service saw: how many
// writes were in flight together (it holds writes until that many arrive), never by timing.
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { FixtureStack, ItemService, removeTempDirs } from "./support";

const independent = [{ name: "p1" }, { name: "p2" }, { name: "p3" }];

describe("parallel steps", () => {
  let service: ItemService;

  beforeEach(async () => {
    service = await ItemService.start();
  });
  afterEach(() => service.close());
  afterAll(removeTempDirs);

  it("creates and deletes independent resources concurrently when parallel > 1", async () => {
    const fixture = new FixtureStack(service, { parallel: 4 });

    service.holdWritesUntil(3);
    const up = await fixture.with(independent).up();
    expect(up.ok).toBe(true);
    expect(service.maxWritesInFlight()).toBe(3);
    // One plugin process served all three (configured once), so its module scope is shared by every resource.
    expect(up.logs.filter((l) => l.source === "provider" && l.message.startsWith("configured in process"))).toHaveLength(1);

    service.requests.length = 0;
    service.holdWritesUntil(3);
    const destroy = await fixture.with([]).destroy();
    expect(destroy.ok).toBe(true);
    expect(service.writes().map((w) => w.method)).toEqual(["DELETE", "DELETE", "DELETE"]);
    expect(service.maxWritesInFlight()).toBe(3);
  });

  it("never runs more steps at once than --parallel allows", async () => {
    const serial = await new FixtureStack(service, { parallel: 1 }).with(independent).up();
    expect(serial.ok).toBe(true);
    expect(service.maxWritesInFlight()).toBe(1);

    service.requests.length = 0;
    service.holdWritesUntil(2);
    const two = await new FixtureStack(service, { parallel: 2 }).with(independent).up();
    expect(two.ok).toBe(true);
    expect(service.maxWritesInFlight()).toBe(2);
  });
});
