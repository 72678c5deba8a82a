// A same step keeps the OLD outputs, including the old serialized provider: until an update happens, read and
// delete keep running the code that created the resource, even after the program ships new provider code.
import { describe, expect, it } from "vitest";
import { FixtureStack, resourceNamed, useItemService } from "./support";

describe("provider code kept in the state", () => {
  const context = useItemService();


  it("reads and deletes with the provider that created the resource", async () => {
    const fixture = new FixtureStack(context.service);
    const declared = [{ name: "a" }];
    const version = (v: string) => ({ config: { providerVersion: v } });

    expect((await fixture.with(declared, version("1")).up()).ok).toBe(true);
    const { id } = resourceNamed(fixture.state(), "a");

    const upgrade = await fixture.with(declared, version("2")).up({ refresh: true });
    expect(upgrade.ok).toBe(true);
    expect(upgrade.steps.find((s) => s.op !== "refresh" && s.name === "a")).toMatchObject({ op: "same" });
    const logs = upgrade.logs.map((l) => l.message);
    expect(logs).toContain(`read ${id} by provider version 1`);
    const a = resourceNamed(fixture.state(), "a");
    expect(a.inputs?.["__provider"]).toContain('__provider.version = "2";');
    expect(a.outputs?.["__provider"]).toContain('__provider.version = "1";');

    const destroy = await fixture.with(declared, version("2")).destroy();
    expect(destroy.ok).toBe(true);
    expect(destroy.logs.map((l) => l.message)).toContain(`delete ${id} by provider version 1`);
  });
});
