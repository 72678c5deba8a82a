// The per-organization limiter against the emulator's rate limit, shrunk to a few requests per second so that the
// waits stay short: 429 storms are absorbed, the limiter learns the server's policy and shares it across API keys,
// and a 429 only surfaces after maxRateLimitWaitSeconds.
import { afterEach, describe, expect, it } from "vitest";
import { TooManyRequestsError, createdApiKeySchema, getClient, secretSchema } from "../../provider/client";
import { DEMO, clientFor, control, countOf, createSecret, inDemo, injectFault, start, stats, storedIn, type Emulator } from "./emulator";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("rate limit", () => {
  it("learns the policy from its first response: 20 concurrent creates against 5 requests per second, no 429", async () => {
    emulator = await start({ rateLimit: 5, rateWindowSeconds: 1 });
    const names = Array.from({ length: 20 }, (_, index) => `storm-${index}`);

    // Assuming Didomi's 100 per 15 s, a first burst of 20 would run into the emulator's 5 per second: the first
    // request goes alone, and its RateLimit-Policy holds the others back.
    await Promise.all(names.map((name) => createSecret(clientFor(emulator!), name)));

    const stored = await storedIn(emulator, "secrets");
    expect(stored.map((secret) => secret.name).sort()).toEqual([...names].sort());
    const summary = await stats(emulator);
    expect(summary.rateLimited).toBe(0);
    expect(countOf(summary, "POST /v1/secrets", 201)).toBe(20);
  });

  it("starts a command without a 429 in a window that the previous command (another process) nearly spent", async () => {
    emulator = await start({ rateLimit: 10, rateWindowSeconds: 3 });
    await spendWithAnotherSession(emulator, 9); // what the previous `pulumi up` left of the window: 1 request
    await control(emulator, "DELETE", "/stats");

    // a new process: its limiter has seen nothing of that window
    await Promise.all(Array.from({ length: 12 }, (_, index) => createSecret(clientFor(emulator!), `next-${index}`)));

    const summary = await stats(emulator);
    expect(countOf(summary, "POST /v1/secrets", 201)).toBe(12);
    expect(summary.rateLimited).toBe(0);
  });

  it("sends nothing into a 429 once it knows the policy, even from two API keys of one organization", async () => {
    emulator = await start({ rateLimit: 5, rateWindowSeconds: 1 });
    const first = clientFor(emulator);
    const key = await first.create("/keys", { name: "second key", organization_id: DEMO.organizationId }, createdApiKeySchema, {
      ...inDemo,
      findExisting: async () => undefined,
    });
    const second = getClient({ baseUrl: emulator.url, apiKey: key.id, apiSecret: key.secret });
    await second.list("/secrets", secretSchema, inDemo); // logs the second key in
    await control(emulator, "DELETE", "/stats");

    const lists = [first, second].flatMap((client) => Array.from({ length: 12 }, () => client.list("/secrets", secretSchema, inDemo)));
    await Promise.all(lists);

    const summary = await stats(emulator);
    expect(countOf(summary, "GET /v1/secrets", 200)).toBe(24);
    expect(summary.rateLimited).toBe(0);
  });

  it("waits for the reset when RateLimit shows another consumer spent the budget", async () => {
    emulator = await start({ rateLimit: 5, rateWindowSeconds: 3 });
    const client = clientFor(emulator);
    await client.list("/secrets", secretSchema, inDemo); // learns the policy; 4 requests left in this window
    await spendWithAnotherSession(emulator, 3);

    await client.list("/secrets", secretSchema, inDemo); // RateLimit: remaining=0
    await Promise.all(Array.from({ length: 4 }, () => client.list("/secrets", secretSchema, inDemo)));

    expect((await stats(emulator)).rateLimited).toBe(0);
  });

  it("absorbs a few 429s, and surfaces one as TooManyRequestsError only after maxRateLimitWaitSeconds", async () => {
    emulator = await start();
    await injectFault(emulator, { method: "GET", path: "/v1/secrets", status: 429, count: 2, headers: { "Retry-After": "1" } });
    await expect(clientFor(emulator, { maxRateLimitWaitSeconds: 5 }).list("/secrets", secretSchema, inDemo)).resolves.toEqual([]);
    expect(countOf(await stats(emulator), "GET /v1/secrets")).toBe(3);

    await control(emulator, "DELETE", "/stats");
    await injectFault(emulator, { method: "GET", path: "/v1/secrets", status: 429, count: 100, headers: { "Retry-After": "1" } });
    const error = await clientFor(emulator, { maxRateLimitWaitSeconds: 2 })
      .list("/secrets", secretSchema, inDemo)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as Error).message).toMatch(
      /^GET \/v1\/secrets → 429 TooManyRequests: .*Organization demo stayed over Didomi's rate limit .* for longer than didomi:maxRateLimitWaitSeconds allows \(2 s\): .*or raise didomi:maxRateLimitWaitSeconds \(or DIDOMI_MAX_RATE_LIMIT_WAIT_SECONDS\)$/,
    );
    expect(countOf(await stats(emulator), "GET /v1/secrets")).toBeGreaterThanOrEqual(2); // retried before giving up
  });
});

/** Another process using the same organization: its own session, plain HTTP. */
async function spendWithAnotherSession(emulator: Emulator, requestCount: number): Promise<void> {
  const session = await fetch(`${emulator.url}/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "api-key", key: DEMO.apiKey, secret: DEMO.apiSecret }),
  });
  const { access_token: token } = (await session.json()) as { access_token: string };
  for (let sent = 0; sent < requestCount; sent++) {
    const response = await fetch(`${emulator.url}/secrets?organization_id=${DEMO.organizationId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
  }
}
