// Proof that credentials and secret values never leak: run requests that fail in every way the client knows, capture
// everything they produce (stdout, stderr, the log hook, and each error's message, stack, inspect, JSON and cause),
// and search the capture for the API secret, the created key's secret, a secret's value and any token.
import { inspect } from "node:util";
import { afterEach, expect, it } from "vitest";
import { z } from "zod";
import { createdApiKeySchema, getClient, itemPath, secretSchema, type DidomiClient } from "../../provider/client";
import { DEMO, NO_RATE_LIMIT, clientFor, createSecret, inDemo, injectFault, logRecorder, start, type Emulator } from "./emulator";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** A JSON Web Token, whoever minted it. */
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

it("never lets a credential or a secret value reach a message, a stack, a log line, stdout or stderr", async () => {
  emulator = await start({ ...NO_RATE_LIMIT, tokenTtlSeconds: 60 });
  const recorder = logRecorder();
  const options = { log: recorder.log, maxRetries: 1, maxRateLimitWaitSeconds: 1 };
  const client = clientFor(emulator, options);

  // Secret values the client sees in responses.
  const key = await client.create("/keys", { name: "leak-test", organization_id: DEMO.organizationId }, createdApiKeySchema, {
    ...inDemo,
    findExisting: async () => undefined,
  });
  const secret = await createSecret(client, "leak-test");
  const keyClient = getClient({ baseUrl: emulator.url, apiKey: key.id, apiSecret: key.secret, ...options });
  const forbidden = [DEMO.apiSecret, key.secret, secret.secret];
  expect(forbidden.every((value) => value.length >= 8)).toBe(true);

  const captured: string[] = [];
  const errors: unknown[] = [];
  const failing = async (run: () => Promise<unknown>) => {
    try {
      await run();
      errors.push(new Error("expected a failure"));
    } catch (error) {
      errors.push(error);
    }
  };
  const restore = captureOutput(captured);
  try {
    // Didomi echoing a secret value and a bearer token in its error.
    await injectFault(emulator, {
      method: "PATCH",
      path: "/v1/secrets/*",
      status: 400,
      body: { code: 400, name: "BadRequest", message: `secret ${secret.secret} is read-only; Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln`, errors: { secret: secret.secret } },
    });
    await failing(() => client.patch(itemPath("/secrets", secret.id), { secret: secret.secret }, secretSchema, inDemo));
    // A refused token, twice.
    await injectFault(emulator, { method: "GET", path: "/v1/secrets/*", status: 401, count: 2 });
    await failing(() => keyClient.get(itemPath("/secrets", secret.id), secretSchema, inDemo));
    // A body the provider does not understand, holding a secret value.
    await failing(() => client.get(itemPath("/secrets", secret.id), secretSchema.extend({ rotated_at: z.string() }), inDemo));
    await failing(() => client.get(itemPath("/secrets", secret.id), z.object({ secret: z.number() }), inDemo));
    // No response at all, on a read and on a create.
    await injectFault(emulator, { method: "GET", path: "/v1/secrets", drop: "before-commit", count: 10 });
    await failing(() => client.list("/secrets", secretSchema, inDemo));
    await injectFault(emulator, { method: "POST", path: "/v1/keys", drop: "after-commit", count: 1 });
    await failing(() => createKeyAndFail(client));
    // Rate limited for too long.
    await injectFault(emulator, { method: "GET", path: "/v1/keys", status: 429, count: 10, headers: { "Retry-After": "1" } });
    await failing(() => keyClient.list("/keys", createdApiKeySchema, inDemo));
    // Refused credentials (last: this replaces keyClient's secret): a wrong secret that *contains* the real one.
    await failing(() => getClient({ baseUrl: emulator!.url, apiKey: key.id, apiSecret: `${key.secret}-old`, ...options }).list("/secrets", secretSchema, inDemo));
    // The client object itself.
    captured.push(inspect(client, { showHidden: true, depth: 10 }), inspect(keyClient, { showHidden: true, depth: 10 }));
  } finally {
    restore();
  }

  expect(errors.filter((error) => !(error instanceof Error) || error.message === "expected a failure")).toEqual([]);
  for (const error of errors as Error[]) {
    captured.push(error.message, String(error.stack), inspect(error, { showHidden: true, depth: 10 }), JSON.stringify(error), inspect(error.cause));
  }
  captured.push(...recorder.lines);
  const everything = captured.join("\n");
  expect(recorder.lines.length).toBeGreaterThan(0);
  expect(everything).toContain("[redacted]"); // the echoed values were there, and were scrubbed
  for (const value of forbidden) expect(everything).not.toContain(value);
  expect(everything).not.toMatch(JWT);
  expect(everything).not.toMatch(/Bearer (?!\[redacted\])/);
});

/** A create whose response is lost, and whose natural-key lookup then finds a key without its secret. */
async function createKeyAndFail(client: DidomiClient): Promise<void> {
  await client.create("/keys", { name: "lost-key", organization_id: DEMO.organizationId }, createdApiKeySchema, {
    ...inDemo,
    findExisting: async () => {
      const [found] = await client.list("/keys", z.looseObject({ id: z.string(), name: z.string() }), { ...inDemo, query: { name: "lost-key" } });
      if (found) throw new Error(`key ${found.id} exists but its secret was only in the lost response`);
      return undefined;
    },
  });
}

function captureOutput(into: string[]): () => void {
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write.bind(stream));
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      into.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return (originals[streams.indexOf(stream)] as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  }
  return () => streams.forEach((stream, index) => (stream.write = originals[index] as typeof stream.write));
}
