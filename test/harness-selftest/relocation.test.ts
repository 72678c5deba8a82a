// State written by a program in one directory must refresh and destroy from another (a CI runner checks the
// project out elsewhere): the serialized providers in the state may not depend on where the program was.
import { renameSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyProgram, FixtureStack, tempDir, useItemService } from "./support";

describe("moving the program's directory", () => {
  const context = useItemService();


  it("refreshes and destroys from the new place what was created from the old one", async () => {
    const workspace = tempDir("move");
    const first = copyProgram(join(workspace, "checkout-1"));
    const fixture = new FixtureStack(context.service, { stateFile: join(workspace, "dev.json") });
    const declared = [{ name: "a" }, { name: "b", kind: "bare" as const }];

    const up = await fixture.with(declared, { cwd: first }).up();
    expect(up.ok).toBe(true);
    expect(fixture.stateText()).not.toContain(first);

    const second = join(workspace, "checkout-2");
    renameSync(first, second);

    const refresh = await fixture.with(declared, { cwd: second }).refresh();
    expect(refresh.ok).toBe(true);
    expect(refresh.changes).toBe(false);
    expect(context.service.requests.filter((r) => r.method === "GET")).toHaveLength(1);

    // Like `pulumi destroy`, the provider is configured from the state, not from the current stack config.
    const destroy = await fixture.with(declared, { cwd: second, config: { serviceUrl: "http://127.0.0.1:9" } }).destroy();
    expect(destroy.ok).toBe(true);
    expect(destroy.steps.map((s) => `${s.op} ${s.name}`).sort()).toEqual(["delete a", "delete b", "delete harness-dev"]);
    expect(context.service.items.size).toBe(0);
  });
});
