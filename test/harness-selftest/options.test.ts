// Resource options as the engine honours them: protect, retainOnDelete, ignoreChanges (before Check),
// replaceOnChanges (only for keys a diff names), deleteBeforeReplace, additionalSecretOutputs, dependsOn, parent
// and components, plus a provider without update.
import { beforeAll, describe, expect, it } from "vitest";
import type { OperationResult } from "../harness";
import { FixtureStack, resourceNamed, SECRET_SIGNATURE, type Spec, useItemService } from "./support";

const stepNamed = (result: OperationResult, name: string) => result.steps.find((s) => s.name === name);

describe("resource options", () => {
  const context = useItemService();
  let fixture: FixtureStack;

  beforeAll(() => {
    fixture = new FixtureStack(context.service);
  });

  const declare = (sizes: Record<string, number>, without: string[] = [], extra: Spec[] = []): Spec[] =>
    (
      [
        { name: "p", protect: true },
        { name: "r", retainOnDelete: true },
        { name: "i", size: sizes["i"] ?? 1, ignoreChanges: ["size"] },
        { name: "rb", kind: "bare", size: sizes["rb"] ?? 1, replaceOnChanges: ["size"], deleteBeforeReplace: true },
        { name: "ri", size: sizes["ri"] ?? 1, replaceOnChanges: ["size"] },
        { name: "nu", kind: "bare", size: sizes["nu"] ?? 1 },
        { name: "s", additionalSecretOutputs: ["token"] },
        { name: "d", dependsOn: ["p"] },
        { name: "g", kind: "group", members: ["m1", "m2"] },
        ...extra,
      ] satisfies Spec[]
    ).filter((spec) => !without.includes(spec.name));

  it("records options, dependencies, parents and component outputs in the state", async () => {
    const result = await fixture.with(declare({})).up();
    expect(result.ok).toBe(true);

    const state = fixture.state();
    const [p, r, s, d, g, m1, m2] = ["p", "r", "s", "d", "g", "m1", "m2"].map((n) => resourceNamed(state, n));
    expect(p!.protect).toBe(true);
    expect(r!.retainOnDelete).toBe(true);
    expect(d!.dependencies).toContain(p!.urn);
    // additionalSecretOutputs makes a provider-computed output secret; other tokens stay plain text.
    expect(s!.outputs?.["token"]).toMatchObject(SECRET_SIGNATURE);
    expect(typeof d!.outputs?.["token"]).toBe("string");
    expect(result.outputs["tokens"]).toMatchObject({ s: "[secret]" });
    // A component: custom false, children parented to it, its outputs from registerOutputs.
    expect(g).toMatchObject({ custom: false, type: "harness:index:Group" });
    expect(m1!.parent).toBe(g!.urn);
    expect(m1!.urn).toContain("::harness:index:Group$pulumi-nodejs:dynamic/harness:Item::m1");
    expect(g!.outputs?.["memberIds"]).toEqual([m1!.id, m2!.id]);
  });

  it("applies ignoreChanges before Check, replaceOnChanges only where the diff names keys, and wipes outputs without update", async () => {
    const before = fixture.state();
    const [rId, rbId, nuId] = ["r", "rb", "nu"].map((n) => resourceNamed(before, n).id!);
    context.service.requests.length = 0;

    // r leaves the program (retained in the service) and comes back read-only through the `id` option.
    const result = await fixture.with(declare({ i: 7, rb: 2, ri: 2, nu: 2 }, ["r"], [{ name: "rd", readId: rId }])).up();
    expect(result.ok).toBe(true);

    // ignoreChanges: Check already sees the old size, so nothing changes.
    expect(stepNamed(result, "i")).toMatchObject({ op: "same" });
    expect(result.logs.map((l) => l.message)).toContain("check i size=1 label=undefined");
    // replaceOnChanges works on an engine-computed diff (no diff() in the provider) ...
    expect(stepNamed(result, "rb")).toMatchObject({ op: "replace", replaces: ["size"], deleteBeforeReplace: true });
    // ... but not when diff() answers "changed" without naming keys, as the nodejs dynamic provider always does.
    expect(stepNamed(result, "ri")).toMatchObject({ op: "update", diffs: ["size"] });
    expect(stepNamed(result, "ri")?.replaces).toBeUndefined();
    // retainOnDelete: dropped from the state, never deleted in the service.
    expect(stepNamed(result, "r")).toMatchObject({ op: "delete" });
    expect(context.service.items.has(rId)).toBe(true);
    expect(stepNamed(result, "rd")).toMatchObject({ op: "read", id: rId });
    expect(resourceNamed(fixture.state(), "rd")).toMatchObject({ external: true, id: rId });
    expect(resourceNamed(fixture.state(), "rd").outputs?.["token"]).toBe(context.service.items.get(rId)?.token);

    const writes = context.service.writes().map((w) => `${w.method} ${w.path}`);
    expect(writes).not.toContain(`DELETE /items/${rId}`);
    expect(writes.indexOf(`DELETE /items/${rbId}`)).toBeLessThan(writes.indexOf("POST /items"));
    // A provider without update: the update step runs, nothing reaches the service, the outputs are wiped.
    expect(stepNamed(result, "nu")).toMatchObject({ op: "update", diffs: ["size"] });
    expect(writes).not.toContain(`PATCH /items/${nuId}`);
    expect(Object.keys(resourceNamed(fixture.state(), "nu").outputs ?? {})).toEqual(["__provider"]);
    expect(result.outputs["tokens"]).not.toHaveProperty("nu");
  });

  it("deletes dependents first, refuses to delete a protected resource and only forgets a read one", async () => {
    const d = resourceNamed(fixture.state(), "d");
    context.service.requests.length = 0;

    const result = await fixture.with(declare({ i: 7, rb: 2, ri: 2, nu: 2 }, ["r", "p", "d"])).up();

    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/resource "urn:pulumi:dev::harness::pulumi-nodejs:dynamic\/harness:Item::p" cannot be deleted\nbecause it is protected/);
    expect(stepNamed(result, "d")).toMatchObject({ op: "delete" });
    // rd (read, not managed) is dropped from the state without a delete.
    expect(context.service.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`DELETE /items/${d.id}`]);
    expect(fixture.state().deployment.resources?.some((r) => r.urn.endsWith("::rd"))).toBe(false);
    expect(resourceNamed(fixture.state(), "p").protect).toBe(true);
  });
});
