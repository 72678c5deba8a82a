// The client's tunables as a stack sets them (provider/config.ts): stack config keys, DIDOMI_* fallbacks, and a clear
// error for a bad value before any request. Each setting is shown to reach the client by what the emulator then sees.
import { afterEach, describe, expect, it } from "vitest";
import { TimeoutError, TooManyRequestsError, secretSchema } from "../../provider/client";
import { checkInputs } from "../../provider/check";
import { configure, connect } from "../../provider/config";
import { secretFields } from "../../fields/secret";
import { DEMO, NO_RATE_LIMIT, countOf, injectFault, start, stats, type Emulator } from "./emulator";

let emulator: Emulator | undefined;
const savedEnvironment = { ...process.env };
afterEach(async () => {
  process.env = { ...savedEnvironment };
  configure(() => undefined);
  await emulator?.close();
  emulator = undefined;
});

/** What `pulumi config set` would hold: credentials for the emulator plus `extra`. */
function useStackConfig(extra: Record<string, string>): void {
  const config: Record<string, string> = {
    "didomi:apiKey": DEMO.apiKey,
    "didomi:apiSecret": DEMO.apiSecret,
    "didomi:baseUrl": emulator!.url,
    "didomi:organizationId": DEMO.organizationId,
    ...extra,
  };
  configure((key) => config[key]);
}

const listSecrets = () => {
  const { client, organizationId } = connect({});
  return client.list("/secrets", secretSchema, { organizationId }).catch((caught: unknown) => caught);
};

describe("stack config", () => {
  it("didomi:maxRetries caps the retries", async () => {
    emulator = await start(NO_RATE_LIMIT);
    useStackConfig({ "didomi:maxRetries": "1" });
    await injectFault(emulator, { method: "GET", path: "/v1/secrets", status: 503, count: 10 });

    expect(await listSecrets()).toMatchObject({ status: 503 });
    expect(countOf(await stats(emulator), "GET /v1/secrets")).toBe(2);
  });

  it("didomi:requestTimeoutSeconds bounds each exchange, and the timeout names it", async () => {
    emulator = await start(NO_RATE_LIMIT);
    useStackConfig({ "didomi:requestTimeoutSeconds": "0.3", "didomi:maxRetries": "0" });
    await listSecrets(); // logged in
    await injectFault(emulator, { method: "GET", path: "/v1/secrets", delayMs: 3_000, count: 1 });

    const error = await listSecrets();

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(
      "GET /v1/secrets → no response within 0.3 s, the limit set by didomi:requestTimeoutSeconds (or DIDOMI_REQUEST_TIMEOUT_SECONDS)",
    );
  });

  it("didomi:maxRateLimitWaitSeconds decides which Retry-After is too long to wait", { timeout: 15_000 }, async () => {
    emulator = await start(NO_RATE_LIMIT);
    useStackConfig({ "didomi:maxRateLimitWaitSeconds": "2" });
    await injectFault(emulator, { method: "GET", path: "/v1/secrets", status: 429, count: 1, headers: { "Retry-After": "3" } });

    const error = await listSecrets();

    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as Error).message).toMatch(/wait 3 s before its next request, longer than didomi:maxRateLimitWaitSeconds allows \(2 s\)/);
    expect(countOf(await stats(emulator), "GET /v1/secrets")).toBe(1);
  });
});

describe("a resource's base URL", () => {
  it("names one API whether or not it ends with a slash, so both share the organization's deployment quota", async () => {
    emulator = await start(NO_RATE_LIMIT);
    useStackConfig({});
    const plain = connect({ baseUrl: emulator.url });
    const slashed = connect({ baseUrl: `${emulator.url}/` });
    expect(slashed.baseUrl).toBe(plain.baseUrl);
    expect(slashed.client).toBe(plain.client);
  });
});

describe("environment variables", () => {
  it("are the fallback when the stack config does not set a key", async () => {
    emulator = await start(NO_RATE_LIMIT);
    useStackConfig({});
    process.env.DIDOMI_MAX_RETRIES = "0";
    await injectFault(emulator, { method: "GET", path: "/v1/secrets", status: 503, count: 10 });

    expect(await listSecrets()).toMatchObject({ status: 503 });
    expect(countOf(await stats(emulator), "GET /v1/secrets")).toBe(1);
  });

  it("lose to the stack config", async () => {
    emulator = await start(NO_RATE_LIMIT);
    useStackConfig({ "didomi:maxRetries": "2" });
    process.env.DIDOMI_MAX_RETRIES = "0";
    await injectFault(emulator, { method: "GET", path: "/v1/secrets", status: 503, count: 10 });

    expect(await listSecrets()).toMatchObject({ status: 503 });
    expect(countOf(await stats(emulator), "GET /v1/secrets")).toBe(3);
  });
});

describe("a bad value", () => {
  it.each([
    ["didomi:maxRateLimitWaitSeconds", "0", 'didomi:maxRateLimitWaitSeconds is "0"; use a whole number ≥ 1 such as 300'],
    ["didomi:maxRetries", "-1", 'didomi:maxRetries is "-1"; use a whole number ≥ 0 such as 4'],
    ["didomi:requestTimeoutSeconds", "soon", 'didomi:requestTimeoutSeconds is "soon"; use a number of seconds > 0 such as 30'],
    ["didomi:maxRequestsPer15s", "1.5", 'didomi:maxRequestsPer15s is "1.5"; use a whole number ≥ 1 such as 100'],
  ])("%s = %j fails before any request, naming the key and a valid value", async (key, value, message) => {
    emulator = await start(NO_RATE_LIMIT);
    useStackConfig({ [key]: value });

    expect(() => connect({})).toThrow(message);
    // check reports it too, so that `pulumi preview` shows it without a request
    expect(checkInputs(secretFields, { name: "any" } as { organizationId?: string }).failures).toEqual([{ property: "", reason: message }]);
    expect((await stats(emulator)).total).toBe(0);
  });

  it("from the environment says which variable it came from", async () => {
    emulator = await start(NO_RATE_LIMIT);
    useStackConfig({});
    process.env.DIDOMI_REQUEST_TIMEOUT_SECONDS = ""; // empty counts as unset
    process.env.DIDOMI_MAX_RATE_LIMIT_WAIT_SECONDS = "5m";

    expect(() => connect({})).toThrow(
      'didomi:maxRateLimitWaitSeconds (from the environment variable DIDOMI_MAX_RATE_LIMIT_WAIT_SECONDS) is "5m"; use a whole number ≥ 1 such as 300',
    );
  });
});
