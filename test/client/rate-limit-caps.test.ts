// No wait for the rate limit is unbounded: a 429 on POST /sessions is waited out like any other, a Retry-After longer
// than maxRateLimitWaitSeconds fails its request at once and pauses the organization's other requests only that long,
// and a request that gets no slot in time leaves the queue with a clear error. Short settings (1 s) keep this quick;
// vitest's per-test timeout shows a request fails rather than hangs.
import { afterEach, describe, expect, it } from "vitest";
import { TooManyRequestsError, apiKeySchema, secretSchema } from "../../provider/client";
import { clientFor, countOf, inDemo, injectFault, logRecorder, requests, start, stats, type Emulator } from "./emulator";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Didomi asking for more than a day: what a misbehaving proxy or an exhausted quota can send. */
const HUGE_RETRY_AFTER = { "Retry-After": "100000" };
/** Fails the test instead of letting a hanging request wait for the suite's 120 s timeout. */
const FAILS_RATHER_THAN_HANGS = { timeout: 15_000 };

describe("a 429 on POST /sessions", () => {
  it("is waited out for Retry-After and sent again, like any other request", async () => {
    emulator = await start();
    await injectFault(emulator, { method: "POST", path: "/v1/sessions", status: 429, count: 2, headers: { "Retry-After": "1" } });
    const recorder = logRecorder();

    await expect(clientFor(emulator, { log: recorder.log, maxRateLimitWaitSeconds: 5 }).list("/secrets", secretSchema, inDemo)).resolves.toEqual([]);

    expect((await stats(emulator)).byRoute["POST /v1/sessions"]?.byStatus).toEqual({ "429": 2, "201": 1 });
    const notices = recorder.lines.filter((line) => line.startsWith("info: POST /v1/sessions → 429: organization demo is over Didomi's rate limit"));
    expect(notices).toHaveLength(2);
  });

  it("fails at once, naming the setting, when Retry-After is longer than maxRateLimitWaitSeconds", FAILS_RATHER_THAN_HANGS, async () => {
    emulator = await start();
    await injectFault(emulator, { method: "POST", path: "/v1/sessions", status: 429, count: 5, headers: HUGE_RETRY_AFTER });

    const error = await clientFor(emulator, { maxRateLimitWaitSeconds: 1 })
      .list("/secrets", secretSchema, inDemo)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as Error).message).toMatch(
      /^POST \/v1\/sessions → 429 TooManyRequests: .*Didomi asked organization demo to wait 100000 s before its next request, longer than didomi:maxRateLimitWaitSeconds allows \(1 s\): run again later, or raise didomi:maxRateLimitWaitSeconds \(or DIDOMI_MAX_RATE_LIMIT_WAIT_SECONDS\)$/,
    );
    const summary = await stats(emulator);
    expect(countOf(summary, "POST /v1/sessions")).toBe(1);
    expect(countOf(summary, "GET /v1/secrets")).toBe(0);
  });
});

describe("a Retry-After longer than maxRateLimitWaitSeconds", () => {
  it("fails its request at once, and holds the organization's other requests back only for maxRateLimitWaitSeconds", FAILS_RATHER_THAN_HANGS, async () => {
    emulator = await start();
    const client = clientFor(emulator, { maxRateLimitWaitSeconds: 1 });
    await client.list("/secrets", secretSchema, inDemo); // logged in: what follows counts only API requests
    await injectFault(emulator, { method: "GET", path: "/v1/secrets", status: 429, count: 1, headers: HUGE_RETRY_AFTER });

    const error = await client.list("/secrets", secretSchema, inDemo).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as Error).message).toMatch(
      /^GET \/v1\/secrets → 429 TooManyRequests: .*Didomi asked organization demo to wait 100000 s .*longer than didomi:maxRateLimitWaitSeconds allows \(1 s\)/,
    );

    // The organization is paused, but only for the cap: these are sent once it is over, and succeed.
    const [keys, secrets] = await Promise.all([client.list("/keys", apiKeySchema, inDemo), client.list("/secrets", secretSchema, inDemo)]);

    expect(keys.map((key) => key.id)).toContain("demo-key");
    expect(secrets).toEqual([]);
    const sent = (await requests(emulator)).map((request) => `${request.method} ${request.path} ${request.status}`);
    expect(sent.slice(0, 3)).toEqual(["POST /v1/sessions 201", "GET /v1/secrets 200", "GET /v1/secrets 429"]);
    expect(sent.slice(3).sort()).toEqual(["GET /v1/keys 200", "GET /v1/secrets 200"]); // sent once each: no 429 storm
  });
});

describe("the queue", () => {
  it("fails a request that gets no slot within maxRateLimitWaitSeconds, without sending it", FAILS_RATHER_THAN_HANGS, async () => {
    emulator = await start();
    // One request per 15 s: the second and third would wait 15 s for a slot, longer than the 1 s allowed.
    const client = clientFor(emulator, { maxRequestsPer15s: 1, maxRateLimitWaitSeconds: 1 });

    const outcomes = await Promise.allSettled([1, 2, 3].map(() => client.list("/secrets", secretSchema, inDemo)));

    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "rejected"]);
    for (const outcome of outcomes.slice(1)) {
      const error = (outcome as PromiseRejectedResult).reason as Error;
      expect(error).toBeInstanceOf(TooManyRequestsError);
      expect(error.message).toBe(
        "GET /v1/secrets → not sent: it got no slot in organization demo's rate limit (1 requests per 15 s) within 1 s, " +
          "the longest didomi:maxRateLimitWaitSeconds allows: run Pulumi with a lower --parallel, stop other tools using " +
          "the organization's keys, or raise didomi:maxRateLimitWaitSeconds (or DIDOMI_MAX_RATE_LIMIT_WAIT_SECONDS)",
      );
    }
    expect(countOf(await stats(emulator), "GET /v1/secrets")).toBe(1);
  });
});
