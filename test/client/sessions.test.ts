// Sessions against the emulator: one POST /sessions per key per process, single-flight refresh, one retry on 401,
// clear errors for refused credentials.
import { afterEach, describe, expect, it } from "vitest";
import { InvalidCredentialsError, NotAuthenticatedError, getClient, secretSchema } from "../../provider/client";
import { DEMO, NO_RATE_LIMIT, UNTHROTTLED, clientFor, countOf, inDemo, injectFault, sleep, start, stats, type Emulator } from "./emulator";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("sessions", () => {
  it("serves many concurrent requests, from every getClient call for the key, with one POST /sessions", async () => {
    emulator = await start(NO_RATE_LIMIT);
    const lists = await Promise.all(Array.from({ length: 50 }, () => clientFor(emulator!, UNTHROTTLED).list("/secrets", secretSchema, inDemo)));
    await clientFor(emulator, UNTHROTTLED).list("/secrets", secretSchema, inDemo);

    expect(lists).toHaveLength(50);
    expect(clientFor(emulator)).toBe(clientFor(emulator));
    const summary = await stats(emulator);
    expect(countOf(summary, "POST /v1/sessions")).toBe(1);
    expect(countOf(summary, "GET /v1/secrets", 200)).toBe(51);
  });

  it("refreshes a token before it expires, once for all the requests that need it", async () => {
    // 4 s tokens: long enough that the 100 requests (slow on a loaded machine) finish before the second expires.
    emulator = await start({ ...NO_RATE_LIMIT, tokenTtlSeconds: 4 });
    const client = clientFor(emulator, UNTHROTTLED);
    await client.list("/secrets", secretSchema, inDemo);
    await sleep(4_000); // the first token is now expired
    await Promise.all(Array.from({ length: 100 }, () => client.list("/secrets", secretSchema, inDemo)));

    const summary = await stats(emulator);
    expect(countOf(summary, "POST /v1/sessions")).toBe(2);
    expect(countOf(summary, "GET /v1/secrets", 401)).toBe(0); // refreshed before use: no request was refused
    expect(countOf(summary, "GET /v1/secrets", 200)).toBe(101);
  });

  it("on a 401, takes one new token for all the requests that were refused, and sends each again", async () => {
    emulator = await start(NO_RATE_LIMIT);
    const client = clientFor(emulator, UNTHROTTLED);
    await client.list("/secrets", secretSchema, inDemo);
    // A restart without a data file signs tokens with a new key: the client's token is now refused everywhere.
    const port = Number(new URL(emulator.url).port);
    await emulator.close();
    emulator = await start(NO_RATE_LIMIT, { port });

    await Promise.all(Array.from({ length: 100 }, () => client.list("/secrets", secretSchema, inDemo)));

    const summary = await stats(emulator);
    expect(countOf(summary, "POST /v1/sessions")).toBe(1);
    expect(countOf(summary, "GET /v1/secrets", 401)).toBeGreaterThan(0);
    expect(countOf(summary, "GET /v1/secrets", 200)).toBe(100);
  });

  it("fails with NotAuthenticatedError when the new token is refused too", async () => {
    emulator = await start(NO_RATE_LIMIT);
    await injectFault(emulator, { method: "GET", path: "/v1/secrets", status: 401, count: 2 });

    const error = await clientFor(emulator).list("/secrets", secretSchema, inDemo).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NotAuthenticatedError);
    expect((error as Error).message).toMatch(/^GET \/v1\/secrets → 401 NotAuthenticated: .*Didomi refused API key demo-key even with a new session token/);
    const summary = await stats(emulator);
    expect(countOf(summary, "POST /v1/sessions")).toBe(2);
    expect(countOf(summary, "GET /v1/secrets")).toBe(2);
  });

  it("reports refused credentials once, naming the key and never the secret", async () => {
    emulator = await start(NO_RATE_LIMIT);
    const client = getClient({ baseUrl: emulator.url, apiKey: "no-such-key", apiSecret: "wrong-secret-value" });

    const error = await client.get("/secrets/x", secretSchema, inDemo).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidCredentialsError);
    expect((error as InvalidCredentialsError).keyId).toBe("no-such-key");
    expect((error as Error).message).toMatch(/^Invalid Didomi credentials: POST \/v1\/sessions → 400 BadRequest: .*API key "no-such-key".*didomi:apiKey and didomi:apiSecret/);
    expect((error as Error).message).not.toContain("wrong-secret-value");
    const summary = await stats(emulator);
    expect(countOf(summary, "POST /v1/sessions")).toBe(1); // a 400 is never retried
    expect(summary.total).toBe(1); // and nothing else was sent
  });

  it("retries POST /sessions through a 503", async () => {
    emulator = await start(NO_RATE_LIMIT);
    await injectFault(emulator, { method: "POST", path: "/v1/sessions", status: 503, count: 1 });

    await expect(clientFor(emulator).list("/secrets", secretSchema, inDemo)).resolves.toEqual([]);
    expect((await stats(emulator)).byRoute["POST /v1/sessions"]?.byStatus).toEqual({ "503": 1, "201": 1 });
  });

  it("does not reuse the token of the old secret when the secret changes", async () => {
    emulator = await start(NO_RATE_LIMIT);
    await clientFor(emulator).list("/secrets", secretSchema, inDemo);

    const withWrongSecret = clientFor(emulator, { apiSecret: "a-changed-secret" });
    await expect(withWrongSecret.list("/secrets", secretSchema, inDemo)).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(clientFor(emulator, { apiSecret: DEMO.apiSecret }).list("/secrets", secretSchema, inDemo)).resolves.toEqual([]);

    const summary = await stats(emulator);
    expect(countOf(summary, "POST /v1/sessions", 201) + countOf(summary, "POST /v1/sessions", 200)).toBe(2);
    expect(countOf(summary, "POST /v1/sessions", 400)).toBe(1);
  });
});
