// ApiKey and Secret through the real Pulumi runtime: the lifecycle they share, and the rules that keep
// their server-generated credentials out of logs and plain-text state.
import { describe, expect, it } from "vitest";
import {
  canLogIn,
  changes,
  expectOk,
  messages,
  reconfigure,
  single,
  stateText,
  stepsOf,
  storedOutputs,
  testStack,
  TestDidomi,
} from "./support";

const didomi = TestDidomi.forThisFile();

interface Credential {
  kind: "ApiKey" | "Secret";
  collection: "apiKeys" | "secrets";
  route: string;
  /** The secret-bearing output and the field Didomi stores it in. */
  output: "secret" | "value";
}
const KINDS: Credential[] = [
  { kind: "ApiKey", collection: "apiKeys", route: "/v1/keys", output: "secret" },
  { kind: "Secret", collection: "secrets", route: "/v1/secrets", output: "value" },
];

describe.each(KINDS)("$kind lifecycle", ({ kind, collection, route, output }) => {
  const stored = async (name: string) => (await didomi.stored<{ id: string; name: string; description: string | null; secret: string }>(collection)).filter((o) => o.name === name);
  const path = kind === "ApiKey" ? "/keys" : "/secrets";

  it("previews, creates, stays put, updates, rotates, reports drift, recovers and destroys, never leaking the secret", async () => {
    const name = `${kind.toLowerCase()}-lifecycle`;
    let stack = testStack(didomi, "single", single(kind, { name, description: "first" }));

    await didomi.resetStats();
    expect(changes(expectOk(await stack.preview()))).toEqual(["create subject"]);
    expect(await didomi.requests()).toEqual([]);

    const created = expectOk(await stack.up());
    const [object] = await stored(name);
    expect(created.outputs.subject).toMatchObject({ id: object!.id, name, organizationId: "demo", [output]: "[secret]" });
    // the generated secret is in the state as a Pulumi secret, and nowhere in plain text
    expect(await storedOutputs(stack, "subject")).toMatchObject({ [output]: { secret: object!.secret } });
    expect(stateText(stack)).not.toContain(object!.secret);
    expect(messages(created)).not.toContain(object!.secret);
    expect(created.summary).not.toContain(object!.secret);

    await didomi.resetStats();
    expect(changes(expectOk(await stack.up()))).toEqual([]);
    expect(await didomi.writes()).toEqual([]);

    stack = reconfigure(stack, single(kind, { name, description: "second" }));
    await didomi.resetStats();
    expect(stepsOf(expectOk(await stack.up()), "subject")).toMatchObject([{ op: "update", diffs: ["description"] }]);
    expect((await didomi.writes()).map((r) => r.route)).toEqual([`PATCH ${route}/:id`]);

    // rotation under the same name: the old object goes first (names are unique), then the new one is made
    stack = reconfigure(stack, single(kind, { name, description: "second", rotationTriggers: { rotatedOn: "2026-11-26" } }));
    await didomi.resetStats();
    const rotated = expectOk(await stack.up());
    expect(stepsOf(rotated, "subject")).toMatchObject([{ op: "replace", replaces: ["rotationTriggers"], deleteBeforeReplace: true }]);
    expect((await didomi.writes()).map((r) => r.route)).toEqual([`DELETE ${route}/:id`, `POST ${route}`]);
    const [rotatedObject] = await stored(name);
    expect(rotatedObject!.id).not.toBe(object!.id);
    expect(rotatedObject!.secret).not.toBe(object!.secret);
    expect(await storedOutputs(stack, "subject")).toMatchObject({ [output]: { secret: rotatedObject!.secret } });

    // drift: the description is edited in the console; refresh keeps the secret, which Didomi may not return
    await didomi.console("PATCH", `${path}/${rotatedObject!.id}`, { description: "edited in the console" });
    expect(stepsOf(expectOk(await stack.refresh()), "subject")).toMatchObject([{ op: "refresh", refreshResult: "changed", diffs: ["description"] }]);
    expect(await storedOutputs(stack, "subject")).toMatchObject({ description: "edited in the console", [output]: { secret: rotatedObject!.secret } });
    expect(stepsOf(expectOk(await stack.up()), "subject")).toMatchObject([{ op: "update", diffs: ["description"] }]);
    expect((await stored(name))[0]).toMatchObject({ description: "second" });

    // deleted in the console: dropped by refresh, recreated by up
    await didomi.console("DELETE", `${path}/${rotatedObject!.id}`);
    expect(stepsOf(expectOk(await stack.refresh()), "subject")).toMatchObject([{ op: "refresh", refreshResult: "deleted" }]);
    expect(changes(expectOk(await stack.up()))).toEqual(["create subject"]);
    expect(await stored(name)).toHaveLength(1);

    expectOk(await stack.destroy());
    expect(await stored(name)).toEqual([]);
  });

  it("rejects bad input in check before any request", async () => {
    const stack = testStack(didomi, "single", single(kind, { name: "", rotationTriggers: { rotatedOn: 2026 } }));
    await didomi.resetStats();
    const result = await stack.preview();
    expect(result.ok).toBe(false);
    expect(result.error).toContain('name: "" is too short; use at least 1 character(s)');
    expect(result.error).toContain("rotationTriggers.rotatedOn: 2026 is a number; expected a string");
    expect(await didomi.requests()).toEqual([]);
  });

  it("adopts an existing object only when asked, and never duplicates one whose creation response was lost", async () => {
    const name = `${kind.toLowerCase()}-existing`;
    await didomi.console("POST", path, { name, organization_id: "demo", description: "made by hand" });
    const stack = testStack(didomi, "single", single(kind, { name }));
    const clash = await stack.up();
    expect(clash.ok).toBe(false);
    expect(clash.error).toContain(`an object with the name "${name}" already exists in Didomi`);
    expectOk(await reconfigure(stack, single(kind, { name, adopt: true })).up());
    expect(await stored(name)).toHaveLength(1);
    expectOk(await stack.destroy());

    const lost = `${kind.toLowerCase()}-lost`;
    await didomi.fault({ method: "POST", path: route, drop: "after-commit" });
    const lostStack = testStack(didomi, "single", single(kind, { name: lost }));
    expectOk(await lostStack.up());
    const objects = await stored(lost);
    expect(objects).toHaveLength(1);
    expect(await storedOutputs(lostStack, "subject")).toMatchObject({ [output]: { secret: objects[0]!.secret } });
    expectOk(await lostStack.destroy());
  });
});

describe("ApiKey secrets", () => {
  it("outputs a secret that really opens a session, and warns that an adopted key has none", async () => {
    const stack = testStack(didomi, "single", single("ApiKey", { name: "working-key" }));
    expectOk(await stack.up());
    const outputs = await storedOutputs(stack, "subject");
    expect(await canLogIn(didomi, outputs.keyId as string, (outputs.secret as { secret: string }).secret)).toBe(true);

    await didomi.console("POST", "/keys", { name: "hand-made-key", organization_id: "demo" });
    const adopted = expectOk(await testStack(didomi, "single", single("ApiKey", { name: "hand-made-key", adopt: true })).up());
    expect(messages(adopted)).toContain("its secret cannot be recovered (change rotationTriggers to get a new key and secret)");
    expect(adopted.outputs.subject).not.toHaveProperty("secret");
  });

  it("disables a key in place", async () => {
    const stack = testStack(didomi, "single", single("ApiKey", { name: "disabled-key" }));
    expectOk(await stack.up());
    await didomi.resetStats();
    const disabled = expectOk(await reconfigure(stack, single("ApiKey", { name: "disabled-key", enabled: false })).up());
    expect(stepsOf(disabled, "subject")).toMatchObject([{ op: "update", diffs: ["enabled"] }]);
    expect((await didomi.writes()).map((r) => r.route)).toEqual(["PATCH /v1/keys/:id"]);
    const outputs = await storedOutputs(stack, "subject");
    expect(await canLogIn(didomi, outputs.keyId as string, (outputs.secret as { secret: string }).secret)).toBe(false);
  });
});
