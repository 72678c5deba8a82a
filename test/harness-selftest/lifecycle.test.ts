// One stack through its life: preview, create, same, update, both kinds of replace, drift found by
// `preview --refresh` and `refresh`, deletes and destroy, checked on the service, the state file and the result.
import { beforeAll, describe, expect, it } from "vitest";
import type { OperationResult } from "../harness";
import { API_TOKEN, FixtureStack, namesInState, resourceNamed, SECRET_NOTE, SECRET_SIGNATURE, UNKNOWN, useItemService } from "./support";

const stepsOf = (result: OperationResult) => result.steps.map((s) => `${s.op} ${s.name}`).sort();
const providerLogs = (result: OperationResult) =>
  result.logs.filter((l) => l.source === "provider").map((l) => l.message);

describe("a stack's lifecycle", () => {
  const context = useItemService();
  let fixture: FixtureStack;

  beforeAll(() => {
    fixture = new FixtureStack(context.service);
  });

  const initial = [
    { name: "a", size: 2 },
    { name: "b", labelFrom: "a", secretNote: true },
    { name: "c", dbr: true },
  ];

  it("previews a new stack with the unknown sentinel reaching check, and writes nothing", async () => {
    const result = await fixture.with(initial).preview();

    expect(result.ok).toBe(true);
    expect(stepsOf(result)).toEqual(["create a", "create b", "create c", "create harness-dev"]);
    expect(result.counts).toEqual({ create: 4 });
    expect(result.changes).toBe(true);
    // b's label is a's token, an output that does not exist yet: check sees the sentinel, the program an unknown.
    expect(providerLogs(result)).toContain(`check b size=1 label=${UNKNOWN}`);
    expect(result.outputs["labels"]).toMatchObject({ b: "[unknown]" });
    expect(result.outputs["ids"]).toEqual({ a: "[unknown]", b: "[unknown]", c: "[unknown]" });
    expect(result.summary).toContain("+ 4 to create");
    expect(context.service.requests).toEqual([]);
    expect(() => fixture.state()).toThrow(/ENOENT/);
  });

  it("creates, keeping secrets encrypted in the state and provider-computed outputs in plain text", async () => {
    const result = await fixture.with(initial).up();

    expect(result.ok).toBe(true);
    expect(stepsOf(result)).toEqual(["create a", "create b", "create c", "create harness-dev"]);
    expect(context.service.writes().map((w) => `${w.method} ${w.body?.["name"]}`).sort()).toEqual(["POST a", "POST b", "POST c"]);
    // Configure got the secret config value unwrapped: the provider authenticates with it.
    expect(context.service.requests.every((r) => r.authorization === `Bearer ${API_TOKEN}`)).toBe(true);
    expect(result.outputs["notes"]).toEqual({ b: "[secret]" });
    const state = fixture.state();
    const a = resourceNamed(state, "a");
    expect(result.outputs["labels"]).toEqual({ b: a.outputs?.["token"] });

    const text = fixture.stateText();
    expect(text).not.toContain(API_TOKEN);
    expect(text).not.toContain(SECRET_NOTE);
    const names = namesInState(state);
    expect([...names].sort()).toEqual(["a", "b", "c", "default", "harness-dev"]);
    // Snapshot order is completion order: the stack, then the default provider before the first resource using it.
    expect(names[0]).toBe("harness-dev");
    expect(names.indexOf("default")).toBeLessThan(names.indexOf("a"));
    const b = resourceNamed(state, "b");
    expect(b.inputs?.["note"]).toMatchObject(SECRET_SIGNATURE);
    // The output with the same key as a secret input is re-annotated secret; the token the service made is not.
    expect(b.outputs?.["note"]).toMatchObject(SECRET_SIGNATURE);
    expect(b.outputs?.["token"]).toBe(context.service.items.get(b.id!)?.token);
    const plain = await fixture.with(initial).readPlainState();
    expect(resourceNamed(plain, "b").inputs?.["note"]).toMatchObject({ plaintext: SECRET_NOTE });
    expect(resourceNamed(plain, "default").inputs?.["harness:apiToken"]).toMatchObject({ plaintext: API_TOKEN });
  });

  it("leaves unchanged resources alone, diffing against their old outputs", async () => {
    context.service.requests.length = 0;
    const result = await fixture.with(initial).up();

    expect(result.ok).toBe(true);
    expect(result.counts).toEqual({ same: 4 });
    expect(result.changes).toBe(false);
    expect(context.service.writes()).toEqual([]);
    // `token` is an output only: diff receives the old outputs, not the old inputs.
    const a = resourceNamed(fixture.state(), "a");
    expect(providerLogs(result)).toContain(`diff ${a.id} old token=${a.outputs?.["token"]}`);
  });

  it("updates in place, replaces create-before-delete, and delete-before-replace when the diff asks", async () => {
    const old = fixture.state();
    const [aId, bId, cId] = ["a", "b", "c"].map((name) => resourceNamed(old, name).id!);
    context.service.requests.length = 0;
    const result = await fixture
      .with([
        { name: "a", size: 5 },
        { name: "b", itemName: "b2", labelFrom: "a", secretNote: true },
        { name: "c", itemName: "c2", dbr: true },
      ])
      .up();

    expect(result.ok).toBe(true);
    const byName = Object.fromEntries(result.steps.map((s) => [s.name, s]));
    expect(byName["a"]).toMatchObject({ op: "update", diffs: ["size"] });
    expect(byName["b"]).toMatchObject({ op: "replace", replaces: ["name"], deleteBeforeReplace: false });
    expect(byName["c"]).toMatchObject({ op: "replace", replaces: ["name"], deleteBeforeReplace: true });
    const writes = context.service.writes().map((w) => `${w.method} ${w.path}${w.body ? ` ${w.body["name"]}` : ""}`);
    // Delete-before-replace: the old c goes first. Create-before-delete: the old b goes last, after the program.
    expect(writes.indexOf(`DELETE /items/${cId}`)).toBeLessThan(writes.indexOf("POST /items c2"));
    expect(writes.at(-1)).toBe(`DELETE /items/${bId}`);
    expect(writes).toContain(`PATCH /items/${aId} a`);
    expect(result.summary).toMatch(/\+-2 replaced/);
    const state = fixture.state();
    expect(resourceNamed(state, "b").id).not.toBe(bId);
    expect(state.deployment.resources!.some((r) => r.delete)).toBe(false);
  });

  it("shows drift with preview --refresh without writing the state, and refresh stores what read returns", async () => {
    const declared = [
      { name: "a", size: 5 },
      { name: "b", itemName: "b2", labelFrom: "a", secretNote: true },
      { name: "c", itemName: "c2", dbr: true },
    ];
    const aId = resourceNamed(fixture.state(), "a").id!;
    context.service.mutate(aId, { size: 9 });
    const before = fixture.stateText();

    const preview = await fixture.with(declared).preview({ refresh: true });
    expect(preview.ok).toBe(true);
    expect(preview.steps.find((s) => s.op === "refresh" && s.name === "a")).toMatchObject({
      refreshResult: "changed",
      diffs: ["size"],
    });
    expect(preview.steps.find((s) => s.op !== "refresh" && s.name === "a")).toMatchObject({ op: "update" });
    expect(preview.changes).toBe(true);
    expect(fixture.stateText()).toBe(before);

    const refresh = await fixture.with(declared).refresh();
    expect(refresh.ok).toBe(true);
    expect(refresh.steps.filter((s) => s.refreshResult !== "unchanged").map((s) => s.name)).toEqual(["a"]);
    expect(refresh.summary).toContain("~ 1 updated");
    const a = resourceNamed(fixture.state(), "a");
    expect(a.inputs?.["size"]).toBe(9);
    expect(a.outputs?.["size"]).toBe(9);
  });

  it("drops resources a refresh finds gone, deletes the ones the program drops, then destroys", async () => {
    const c = resourceNamed(fixture.state(), "c");
    context.service.items.delete(c.id!);
    const refresh = await fixture.with([]).refresh();
    expect(refresh.steps.find((s) => s.name === "c")).toMatchObject({ op: "refresh", refreshResult: "deleted" });
    expect(namesInState(fixture.state())).not.toContain("c");

    context.service.requests.length = 0;
    const bId = resourceNamed(fixture.state(), "b").id!;
    const up = await fixture.with([{ name: "a", size: 9 }]).up();
    expect(up.ok).toBe(true);
    expect(stepsOf(up)).toEqual(["delete b", "same a", "same harness-dev"]);
    expect(context.service.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`DELETE /items/${bId}`]);

    const destroy = await fixture.with([]).destroy();
    expect(destroy.ok).toBe(true);
    expect(stepsOf(destroy)).toEqual(["delete a", "delete harness-dev"]);
    expect(context.service.items.size).toBe(0);
    expect(fixture.state().deployment.resources).toEqual([]);
    expect(destroy.outputs).toEqual({});
  });
});
