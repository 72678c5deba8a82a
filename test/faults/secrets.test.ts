// Secrets held only in the state (a key's secret, a Secret's value) are read back by a new provider process on the
// next operation. If Didomi then echoes one in an error, the user must see "[redacted]", never the value.
import { describe, expect, it } from "vitest";
import { expectOk, messages, reconfigure, single, testStack, TestDidomi } from "../provider/support";

const didomi = TestDidomi.forThisFile();

const KINDS = [
  { kind: "ApiKey", collection: "apiKeys", route: "/v1/keys/*" },
  { kind: "Secret", collection: "secrets", route: "/v1/secrets/*" },
] as const;

describe.each(KINDS)("$kind", ({ kind, collection, route }) => {
  it("a secret read back from the state is scrubbed from an error that echoes it", async () => {
    const name = `echoed-${kind.toLowerCase()}`;
    const stack = testStack(didomi, "single", single(kind, { name, description: "first" }));
    expectOk(await stack.up());
    const [stored] = (await didomi.stored<{ name: string; secret: string }>(collection)).filter((o) => o.name === name);
    const secret = stored!.secret;

    // the next update runs in a new provider process, which knows the secret only from the state
    await didomi.fault({
      method: "PATCH",
      path: route,
      status: 400,
      body: { code: 400, name: "BadRequest", message: `description refused for the object whose secret is ${secret}`, errors: {} },
    });
    const failed = await reconfigure(stack, single(kind, { name, description: "second" })).up();
    expect(failed.ok).toBe(false);
    expect(failed.error).toContain("description refused for the object whose secret is [redacted]");
    expect(messages(failed)).not.toContain(secret);
    expect(failed.summary).not.toContain(secret);
    expectOk(await stack.destroy());
  });
});
