// Domains with Didomi-like timing: provisioning and deletion take a while, and Didomi refuses to delete a domain
// while provisioning it or to register a name it is still deleting. The provider waits, and says so.
//
// The emulator's transitions are held (an hour's delay) and completed with its `advance` control once the
// provider is seen waiting, so what the provider meets does not depend on how fast this machine runs.
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import type { OperationResult } from "../harness";
import { expectOk, messages, single, testStack, TestDidomi } from "../provider/support";

const didomi = TestDidomi.forThisFile();
beforeAll(() => didomi.settings({ domainProvisionDelayMs: 3_600_000, domainDeleteDelayMs: 3_600_000 }));

const domain = async (fqdn: string) => (await didomi.stored<{ id: string; status: string }>("domains")).find((d) => d.id === fqdn);

/** Runs the operation; once the request log shows `waitingRoute` `times` times, completes Didomi's pending work until it ends. */
async function completingDidomiWork(operation: Promise<OperationResult>, waitingRoute: string, times: number): Promise<OperationResult> {
  let done = false;
  const result = operation.finally(() => (done = true));
  while (!done && (await didomi.requests()).filter((r) => r.route === waitingRoute).length < times) await sleep(200);
  while (!done) {
    await didomi.advance();
    await sleep(300);
  }
  return result;
}

describe("a domain still provisioning", () => {
  it("is destroyed once provisioning ends, with no refused request", async () => {
    const stack = testStack(didomi, "single", single("Domain", { domain: "slow.example.com", usage: "cmp", waitForReady: false }));
    expectOk(await stack.up());
    expect(await domain("slow.example.com")).toMatchObject({ status: "scheduled" });

    await didomi.resetStats();
    // the read before the delete, then the first poll of the provisioning
    const destroyed = expectOk(await completingDidomiWork(stack.destroy(), "GET /v1/domains", 2));
    expect(messages(destroyed)).toContain("waiting until provisioning ends (Didomi cannot delete a domain while provisioning it)");
    expect((await didomi.requests()).filter((r) => Number(r.status) >= 400)).toEqual([]);
    expect((await didomi.writes()).map((r) => r.route)).toEqual(["PATCH /v1/domains/:id"]);
    expect(await domain("slow.example.com")).toBeUndefined();
  });
});

describe("a name Didomi is still deleting", () => {
  it.each([false, true])("is created again once the deletion ends (adopt: %s), instead of 'already exists' or waiting forever", async (adopt) => {
    const fqdn = `reused-${adopt}.example.com`;
    await didomi.console("POST", "/domains", { id: fqdn, usage: "cmp", organization_id: "demo", status: "draft" });
    await didomi.console("PATCH", `/domains/${fqdn}`, { status: "to_be_deleted" });

    const stack = testStack(didomi, "single", single("Domain", { domain: fqdn, usage: "cmp", adopt }));
    await didomi.resetStats();
    // the lookup, then the first poll of the deletion
    const created = expectOk(await completingDidomiWork(stack.up(), "GET /v1/domains", 2));
    expect(messages(created)).toContain("Didomi is still deleting this domain (status to_be_deleted); waiting until it is gone, then creating it again");
    expect((await didomi.writes()).map((r) => r.route)).toEqual(["POST /v1/domains"]);
    expect(await domain(fqdn)).toMatchObject({ status: "ready" });
  });
});
