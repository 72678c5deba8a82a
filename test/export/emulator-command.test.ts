// `pulumi-didomi emulator` is the didomi-emulator command under the package's one bin: same options, same first
// line, same clean stop.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { expect, it } from "vitest";

const BIN = join(resolve(__dirname, "../.."), "bin/pulumi-didomi.js");

it("pulumi-didomi emulator serves the API on the URL it prints first, and stops cleanly on SIGTERM", async () => {
  const emulator = spawn(process.execPath, [BIN, "emulator", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = once(emulator, "exit");
  try {
    const [firstLine] = (await once(createInterface({ input: emulator.stdout! }), "line")) as [string];
    const url = /^listening on (http:\/\/127\.0\.0\.1:\d+\/v1)$/.exec(firstLine)![1]!;
    const session = await fetch(`${url}/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "api-key", key: "demo-key", secret: "demo-secret" }),
    });
    expect(session.status).toBe(201);
  } finally {
    emulator.kill("SIGTERM");
  }
  expect(await exited).toEqual([0, null]);
});
