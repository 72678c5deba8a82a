// Retries against injected faults: 5xx, dropped connections before and after the commit, timeouts, and an emulator
// restart in the middle of a run. The emulator's state and stats are the evidence: no object is ever duplicated.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NotFoundError, ServerError, itemPath, secretSchema } from "../../provider/client";
import {
  NO_RATE_LIMIT,
  UNTHROTTLED,
  clientFor,
  control,
  countOf,
  createSecret,
  inDemo,
  injectFault,
  logRecorder,
  start,
  stats,
  storedIn,
  type Emulator,
} from "./emulator";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("idempotent requests", () => {
  it("retry a GET through 500s and a dropped connection", async () => {
    emulator = await start(NO_RATE_LIMIT);
    await injectFault(emulator, { method: "GET", path: "/v1/secrets", status: 500, count: 2 });
    await injectFault(emulator, { method: "GET", path: "/v1/secrets", drop: "before-commit", count: 1 });
    const recorder = logRecorder();

    await expect(clientFor(emulator, { log: recorder.log }).list("/secrets", secretSchema, inDemo)).resolves.toEqual([]);

    const summary = await stats(emulator);
    expect(summary.byRoute["GET /v1/secrets"]?.byStatus).toEqual({ "500": 2, dropped: 1, "200": 1 });
    expect(recorder.lines.filter((line) => line.startsWith("warn: GET /v1/secrets → "))).toHaveLength(3);
  });

  it("retry a GET that timed out", async () => {
    emulator = await start(NO_RATE_LIMIT);
    await injectFault(emulator, { method: "GET", path: "/v1/secrets", delayMs: 2_000, count: 1 });

    await expect(clientFor(emulator, { requestTimeoutSeconds: 0.3 }).list("/secrets", secretSchema, inDemo)).resolves.toEqual([]);
    expect(countOf(await stats(emulator), "GET /v1/secrets", 200)).toBeGreaterThanOrEqual(1);
  });

  it("give up after maxRetries with a ServerError that reads clearly", async () => {
    emulator = await start(NO_RATE_LIMIT);
    await injectFault(emulator, {
      method: "GET",
      path: "/v1/secrets",
      status: 503,
      count: 10,
      body: { code: 503, name: "Unavailable", message: "Maintenance in progress", errors: {} },
    });

    const error = await clientFor(emulator, { maxRetries: 2 }).list("/secrets", secretSchema, inDemo).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ServerError);
    expect((error as Error).message).toBe("GET /v1/secrets → 503 Unavailable: Maintenance in progress");
    expect(countOf(await stats(emulator), "GET /v1/secrets")).toBe(3);
  });

  it("report a DELETE whose response was lost as NotFound on the retry: the object is gone", async () => {
    emulator = await start(NO_RATE_LIMIT);
    const client = clientFor(emulator);
    const secret = await createSecret(client, "to-delete");
    await injectFault(emulator, { method: "DELETE", path: "/v1/secrets/*", drop: "after-commit", count: 1 });

    await expect(client.delete(itemPath("/secrets", secret.id), inDemo)).rejects.toBeInstanceOf(NotFoundError);
    expect(await storedIn(emulator, "secrets")).toEqual([]);
  });
});

describe("create (POST without idempotency keys)", () => {
  it("adopts the object when the response was lost after the commit, instead of creating it twice", async () => {
    emulator = await start(NO_RATE_LIMIT);
    await injectFault(emulator, { method: "POST", path: "/v1/secrets", drop: "after-commit", count: 1 });
    const recorder = logRecorder();

    const secret = await createSecret(clientFor(emulator, { log: recorder.log }), "lost-response");

    expect(secret.name).toBe("lost-response");
    expect((await storedIn(emulator, "secrets")).map((stored) => stored.id)).toEqual([secret.id]);
    expect(countOf(await stats(emulator), "POST /v1/secrets")).toBe(1);
    expect(recorder.lines).toContain("info: POST /v1/secrets: the object was created after all; using it instead of creating a duplicate");
  });

  it("sends the POST again when the lookup finds nothing (dropped before the commit, or a 500)", async () => {
    emulator = await start(NO_RATE_LIMIT);
    await injectFault(emulator, { method: "POST", path: "/v1/secrets", drop: "before-commit", count: 1 });
    await injectFault(emulator, { method: "POST", path: "/v1/secrets", status: 500, count: 1 });

    const secret = await createSecret(clientFor(emulator), "dropped-request");

    expect((await storedIn(emulator, "secrets")).map((stored) => stored.id)).toEqual([secret.id]);
    const summary = await stats(emulator);
    expect(summary.byRoute["POST /v1/secrets"]?.byStatus).toEqual({ dropped: 1, "500": 1, "201": 1 });
    expect(countOf(summary, "GET /v1/secrets")).toBe(2); // one natural-key lookup per unknown outcome
  });

  it("creates each of 60 concurrent objects exactly once while a third of the responses are lost", async () => {
    emulator = await start(NO_RATE_LIMIT);
    await injectFault(emulator, { method: "POST", path: "/v1/secrets", drop: "after-commit", count: 20 });
    const names = Array.from({ length: 60 }, (_, index) => `concurrent-${index}`);

    const created = await Promise.all(names.map((name) => createSecret(clientFor(emulator!, UNTHROTTLED), name)));

    const stored = await storedIn(emulator, "secrets");
    expect(stored.map((secret) => secret.name).sort()).toEqual([...names].sort());
    expect(new Set(created.map((secret) => secret.id))).toEqual(new Set(stored.map((secret) => secret.id)));
    expect(countOf(await stats(emulator), "POST /v1/secrets")).toBe(60);
  });
});

describe("an emulator restart in the middle of a run", () => {
  it("finishes every create exactly once and keeps the session, with the same data file and port", async () => {
    const directory = await mkdtemp(join(tmpdir(), "didomi-client-restart-"));
    try {
      const dataFile = join(directory, "state.json");
      const settings = { ...NO_RATE_LIMIT, latencyMs: 100 };
      emulator = await start(settings, { dataFile });
      const port = Number(new URL(emulator.url).port);
      const client = clientFor(emulator, UNTHROTTLED);
      await createSecret(client, "before-restart");

      const names = Array.from({ length: 30 }, (_, index) => `during-restart-${index}`);
      const creates = Promise.all(names.map((name) => createSecret(client, name)));
      await control(emulator, "DELETE", "/stats");
      await emulator.close(); // the 30 POSTs are in flight (100 ms latency)
      emulator = await start(settings, { dataFile, port });
      await creates;

      const stored = await storedIn(emulator, "secrets");
      expect(stored.map((secret) => secret.name).sort()).toEqual(["before-restart", ...names].sort());
      expect(countOf(await stats(emulator), "POST /v1/sessions")).toBe(0); // the token survived the restart
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
