// A base URL that does not lead to Didomi's API: nothing listening (connection refused), or a URL without `/v1`.
// The user gets one warning per operation while the outage lasts, not one per retry, and a final error that names the
// URL tried and the setting to check.
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionError, NotFoundError, getClient, secretSchema } from "../../provider/client";
import { DEMO, NO_RATE_LIMIT, inDemo, logRecorder, start, stats, type Emulator } from "./emulator";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** A loopback port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("connection refused", () => {
  it("warns once per operation, not once per retry, and ends with the URL tried and the setting to check", async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const recorder = logRecorder();
    const client = getClient({ ...DEMO, baseUrl, maxRetries: 2, log: recorder.log });

    // Three operations, one after the other, as Pulumi would run them: each tries to log in 3 times.
    const errors: unknown[] = [];
    for (const _ of [1, 2, 3]) errors.push(await client.list("/secrets", secretSchema, inDemo).catch((caught: unknown) => caught));

    for (const error of errors) {
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as ConnectionError).code).toBe("ECONNREFUSED");
      expect((error as Error).message).toMatch(
        new RegExp(
          `^POST /v1/sessions → no response \\(ECONNREFUSED: .*\\) from ${baseUrl}/sessions\\. ` +
            `Check the base URL \\(a resource's baseUrl input, else didomi:baseUrl \\(or DIDOMI_BASE_URL\\)\\) and that the Didomi API is reachable from here$`,
        ),
      );
    }
    const warnings = recorder.lines.filter((line) => line.startsWith("warn: "));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warn: POST \/v1\/sessions → no response .*retrying in .* \(retry 1 of 2\) \(until it answers, further connection failures like this one are logged at debug\)$/);
    expect(recorder.lines.filter((line) => line.startsWith("debug: POST /v1/sessions → no response"))).toHaveLength(5); // the other retries
  });

  it("warns again when the operation fails after it answered in between", async () => {
    emulator = await start(NO_RATE_LIMIT);
    const port = Number(new URL(emulator.url).port);
    const recorder = logRecorder();
    const client = getClient({ ...DEMO, baseUrl: emulator.url, maxRetries: 1, log: recorder.log });
    const listSecrets = () => client.list("/secrets", secretSchema, inDemo).catch((caught: unknown) => caught);
    const stopEmulator = async () => {
      await emulator!.close();
      emulator = undefined;
    };
    expect(await listSecrets()).toEqual([]); // logged in: the outages below hit GET /secrets

    await stopEmulator();
    expect(await listSecrets()).toBeInstanceOf(ConnectionError); // outage 1: one warning
    expect(await listSecrets()).toBeInstanceOf(ConnectionError); // still outage 1: none
    emulator = await start(NO_RATE_LIMIT, { port });
    expect(await listSecrets()).toEqual([]); // answered: outage 1 is over
    await stopEmulator();
    expect(await listSecrets()).toBeInstanceOf(ConnectionError); // outage 2: one warning

    const warnings = recorder.lines.filter((line) => line.startsWith("warn: ")).map((line) => line.slice(0, line.indexOf(" → ")));
    expect(warnings).toEqual(["warn: GET /v1/secrets", "warn: GET /v1/secrets"]);
  });
});

describe("a base URL without /v1", () => {
  it("says so when POST /sessions answers 404", async () => {
    emulator = await start(NO_RATE_LIMIT);
    const withoutVersion = emulator.url.replace(/\/v1$/, "");

    const error = await getClient({ ...DEMO, baseUrl: withoutVersion })
      .list("/secrets", secretSchema, inDemo)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe(
      `POST /sessions → 404 NotFound: Page not found: /sessions. Is the base URL (a resource's baseUrl input, else didomi:baseUrl (or DIDOMI_BASE_URL)) missing /v1? e.g. ${withoutVersion}/v1`,
    );
    expect((await stats(emulator)).total).toBe(1); // a 404 is not retried
  });
});
