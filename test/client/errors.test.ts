// The error factory on its own: what a user reads when Didomi answers with an error. (The same errors raised by
// real requests against the emulator are covered in client.test.ts.)
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  BadRequestError,
  ConflictError,
  DidomiError,
  ForbiddenError,
  NotAuthenticatedError,
  NotFoundError,
  ServerError,
  TooManyRequestsError,
  domainSchema,
  errorFromResponse,
  unexpectedResponseError,
} from "../../provider/client";

const noScrub = { scrub: (text: string) => text };

describe("errorFromResponse", () => {
  it("formats method, path, status, Didomi's message and field errors", () => {
    const error = errorFromResponse(
      {
        method: "POST",
        path: "/v1/domains",
        status: 409,
        body: { code: 409, name: "Conflict", message: "Domain privacy.example.com already exists", errors: { id: "already taken" } },
      },
      noScrub,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe("POST /v1/domains → 409 Conflict: Domain privacy.example.com already exists (id: already taken)");
    expect(error).toMatchObject({ method: "POST", path: "/v1/domains", status: 409, fieldErrors: { id: "already taken" } });
  });

  it.each([
    [400, BadRequestError],
    [401, NotAuthenticatedError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [409, ConflictError],
    [429, TooManyRequestsError],
    [500, ServerError],
    [503, ServerError],
  ])("maps status %i to its class", (status, ErrorClass) => {
    const error = errorFromResponse({ method: "GET", path: "/v1/keys", status, body: {} }, noScrub);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(DidomiError);
    expect(error.name).toBe(ErrorClass.name);
  });

  it("reads Feathers' other field-error shapes and non-JSON bodies", () => {
    const nested = errorFromResponse(
      { method: "PATCH", path: "/v1/keys/k", status: 400, body: { message: "Invalid", errors: [{ path: "name", message: "is required" }] } },
      noScrub,
    );
    expect(nested.message).toBe("PATCH /v1/keys/k → 400 Bad Request: Invalid (name: is required)");
    const proxy = errorFromResponse({ method: "GET", path: "/v1/keys", status: 502, body: "Bad gateway" }, noScrub);
    expect(proxy.message).toBe("GET /v1/keys → 502 Bad Gateway: Bad gateway");
  });

  it("scrubs Didomi's message and field errors, and appends the hint", () => {
    const error = errorFromResponse(
      { method: "PATCH", path: "/v1/secrets/s", status: 400, body: { message: "value s3cr3t-value is wrong", errors: { secret: "s3cr3t-value" } } },
      { scrub: (text) => text.replaceAll("s3cr3t-value", "[redacted]"), hint: "Do something else" },
    );
    expect(error.message).toBe("PATCH /v1/secrets/s → 400 Bad Request: value [redacted] is wrong (secret: [redacted]). Do something else");
    expect(JSON.stringify(error)).not.toContain("s3cr3t-value");
    expect(inspect(error)).not.toContain("s3cr3t-value");
  });
});

describe("unexpectedResponseError", () => {
  it("names each offending field and what was expected, never the values received", () => {
    const parsed = z.array(domainSchema).safeParse([
      { id: "a.example.com", organization_id: "o", usage: "cmp", status: "ready", type: "custom", enabled: true, created_at: "t" },
      { id: "b.example.com", organization_id: "o", usage: "cmp", status: "exploded", type: "custom", enabled: "yes-secret", created_at: "t" },
    ]);
    expect(parsed.success).toBe(false);
    const error = unexpectedResponseError({ method: "GET", path: "/v1/domains", status: 200 }, parsed.error!);
    expect(error.message).toContain("GET /v1/domains → 200");
    expect(error.message).toContain("[1].status: Invalid option: expected one of");
    expect(error.message).toContain("[1].enabled: Invalid input: expected boolean");
    expect(error.message).not.toContain("yes-secret");
    expect(error.message).not.toContain("exploded");
  });
});
