// The rate-limit headers as Didomi documents them; the emulator only ever sends Retry-After in seconds.
import { describe, expect, it } from "vitest";
import { parseRateLimit, parseRateLimitPolicy, parseRetryAfterMs } from "../../provider/client/rate-limiter";

describe("rate-limit headers", () => {
  it("reads RateLimit and RateLimit-Policy as Didomi sends them", () => {
    expect(parseRateLimit("limit=100, remaining=60, reset=7")).toEqual({ limit: 100, remaining: 60, resetMs: 7_000 });
    expect(parseRateLimitPolicy("100;w=15")).toEqual({ limit: 100, windowMs: 15_000 });
  });

  it("ignores headers it cannot read rather than guessing", () => {
    expect(parseRateLimit("limit=100")).toBeUndefined();
    expect(parseRateLimit(undefined)).toBeUndefined();
    expect(parseRateLimitPolicy("unlimited")).toBeUndefined();
    expect(parseRetryAfterMs("soon")).toBeUndefined();
  });

  it("reads Retry-After in seconds or as an HTTP date", () => {
    expect(parseRetryAfterMs("3")).toBe(3_000);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfterMs(inTenSeconds)).toBeGreaterThan(8_000);
    expect(parseRetryAfterMs(inTenSeconds)).toBeLessThanOrEqual(10_000);
    expect(parseRetryAfterMs(new Date(Date.now() - 5_000).toUTCString())).toBe(0);
  });
});
