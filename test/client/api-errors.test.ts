// What a user reads when Didomi refuses a request: real error responses from the emulator, through the client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnexpectedResponseError,
  domainSchema,
  itemPath,
  secretSchema,
} from "../../provider/client";
import { NO_RATE_LIMIT, clientFor, createSecret, inDemo, start, type Emulator } from "./emulator";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start(NO_RATE_LIMIT);
});
afterAll(() => emulator.close());

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error);

describe("errors from Didomi", () => {
  it("409: a domain that already exists", async () => {
    const client = clientFor(emulator);
    const body = { id: "privacy.example.com", usage: "cmp", organization_id: "demo" };
    const create = () => client.create("/domains", body, domainSchema, { ...inDemo, findExisting: async () => undefined });
    await create();

    const error = await failure(create());

    expect(error).toBeInstanceOf(ConflictError);
    expect(error?.message).toMatch(/^POST \/v1\/domains → 409 Conflict: .*privacy\.example\.com/);
  });

  it("404: an id that does not exist", async () => {
    const error = await failure(clientFor(emulator).get(itemPath("/secrets", "no-such-id"), secretSchema, inDemo));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error?.message).toMatch(/^GET \/v1\/secrets\/no-such-id → 404 NotFound: .*no-such-id/);
    expect(error).toMatchObject({ method: "GET", path: "/v1/secrets/no-such-id", status: 404 });
  });

  it("400: a body without a required field, with Didomi's field errors", async () => {
    const error = await failure(
      clientFor(emulator).create("/secrets", { organization_id: "demo" }, secretSchema, { ...inDemo, findExisting: async () => undefined }),
    );

    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).fieldErrors).toHaveProperty("name");
    expect(error?.message).toMatch(/^POST \/v1\/secrets → 400 BadRequest: .*\(name: [^)]+\)/);
  });

  it("403: an organization the key cannot access", async () => {
    const error = await failure(clientFor(emulator).list("/secrets", secretSchema, { organizationId: "someone-else" }));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error?.message).toMatch(/^GET \/v1\/secrets → 403 Forbidden: .*someone-else/);
  });

  it("a body the provider does not understand names the fields", async () => {
    const secret = await createSecret(clientFor(emulator), "not-a-domain");

    const error = await failure(clientFor(emulator).get(itemPath("/secrets", secret.id), domainSchema, inDemo));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error?.message).toMatch(new RegExp(`^GET /v1/secrets/${secret.id} → 200 with a body the provider does not understand: usage: .*; status: .*; type: .*`));
  });

  it("a programming mistake fails before any request, saying what to change", async () => {
    const client = clientFor(emulator);
    await expect(client.get("secrets?x=1", secretSchema, inDemo)).rejects.toThrow(/path "secrets\?x=1" must start with "\/" and have no query string/);
    await expect(client.list("/secrets", secretSchema, { ...inDemo, query: { id: [] } })).rejects.toThrow(/query.id is an empty list/);
    expect(() => clientFor(emulator, { maxRetries: -1, apiSecret: "" })).toThrow(
      /Invalid Didomi client options:\n- apiSecret is empty: .*\n- maxRetries -1 is not allowed: use a whole number ≥ 0 \(default 4\)/,
    );
  });
});
