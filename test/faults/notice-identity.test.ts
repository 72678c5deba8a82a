// A notice's id is embedded in every site that shows it, so the provider must never silently trade it for a new
// one, nor create a second live notice beside one a person made in the console.
import { describe, expect, it } from "vitest";
import { expectOk, messages, reconfigure, single, stepsOf, testStack, TestDidomi } from "../provider/support";

const didomi = TestDidomi.forThisFile();

interface StoredNotice {
  id: string;
  name: string;
  external_id: string | null;
  archived_at: string | null;
}
const live = async (name: string) => (await didomi.stored<StoredNotice>("notices")).filter((n) => n.name === name && n.archived_at === null);
const writesTo = async () => (await didomi.writes()).map((r) => r.route);

describe("a notice archived in the console", () => {
  it("shows as drift and is restored by up with the same id, not replaced by a new notice, in one PATCH", async () => {
    let stack = testStack(didomi, "single", single("Notice", { name: "archived.example.com", externalId: "archived-example-com" }));
    expectOk(await stack.up());
    const [notice] = await live("archived.example.com");
    await didomi.console("PATCH", `/widgets/notices/${notice!.id}`, { archived_at: new Date().toISOString() });

    const refreshed = expectOk(await stack.refresh());
    expect(stepsOf(refreshed, "subject")).toMatchObject([{ op: "refresh", refreshResult: "changed" }]);
    const preview = expectOk(await stack.preview());
    expect(stepsOf(preview, "subject")).toMatchObject([{ op: "update" }]);
    expect(messages(preview)).toContain(`notice ${notice!.id} was archived outside Pulumi`);

    // the program changes a field too: restoring and updating are one PATCH
    stack = reconfigure(stack, single("Notice", { name: "archived.example.com", externalId: "archived-example-com", environment: "production" }));
    await didomi.resetStats();
    const restored = expectOk(await stack.up());
    expect(messages(restored)).toContain("restores it, keeping its id");
    expect(await writesTo()).toEqual(["PATCH /v1/widgets/notices/:id"]);
    expect(await live("archived.example.com")).toMatchObject([{ id: notice!.id, environment: "production" }]);

    await didomi.resetStats();
    expect(expectOk(await stack.up()).changes).toBe(false);
    expect(await writesTo()).toEqual([]);
    expectOk(await stack.destroy());
  });

  it("a notice deleted in the console: refresh says plainly that the next up makes a new notice with a new id", async () => {
    const stack = testStack(didomi, "single", single("Notice", { name: "deleted.example.com", externalId: "deleted-example-com" }));
    expectOk(await stack.up());
    const [notice] = await live("deleted.example.com");
    await didomi.console("DELETE", `/widgets/notices/${notice!.id}`);
    const refreshed = expectOk(await stack.refresh());
    expect(stepsOf(refreshed, "subject")).toMatchObject([{ op: "refresh", refreshResult: "deleted" }]);
    expect(messages(refreshed)).toContain(`notice ${notice!.id} no longer exists in Didomi; the next \`pulumi up\` creates a new notice with a new id`);
  });
});

describe("a notice made in the console, without an external id", () => {
  it("is never duplicated: up refuses and explains adopt; with adopt it is taken over, given its external id, and said so", async () => {
    const made = await didomi.console<{ id: string }>("POST", "/widgets/notices", { name: "console.example.com", organization_id: "demo" });
    const declared = { name: "console.example.com", externalId: "console-example-com" };
    const stack = testStack(didomi, "single", single("Notice", declared));

    await didomi.resetStats();
    const refused = await stack.up();
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain('an object with the name "console.example.com" (and no external id; none has the external id "console-example-com") already exists');
    expect(refused.error).toContain("set `adopt: true`");
    expect(await writesTo()).toEqual([]);

    await didomi.resetStats();
    const adopted = expectOk(await reconfigure(stack, single("Notice", { ...declared, adopt: true })).up());
    expect(messages(adopted)).toContain(`adopting ${made.id}, the existing object with the name "console.example.com"`);
    expect(await writesTo()).toEqual(["PATCH /v1/widgets/notices/:id"]);
    expect(await live("console.example.com")).toMatchObject([{ id: made.id, external_id: "console-example-com" }]);
    expectOk(await stack.destroy());
  });

  it("one with another external id is someone else's: refused, with the way to manage it", async () => {
    const other = await didomi.console<{ id: string }>("POST", "/widgets/notices", { name: "taken.example.com", organization_id: "demo", external_id: "theirs" });
    const stack = testStack(didomi, "single", single("Notice", { name: "taken.example.com", externalId: "ours", adopt: true }));
    await didomi.resetStats();
    const refused = await stack.up();
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain(`notice ${other.id} has the same name with the external id "theirs"`);
    expect(refused.error).toContain('Set externalId: "theirs" (and adopt: true) to manage that notice, or give this one another name');
    expect(await writesTo()).toEqual([]);
    expect(await live("taken.example.com")).toHaveLength(1);
  });
});
