// `npm run demo`: the quickstart against a throwaway emulator, through the test engine that stands in
// for the `pulumi` CLI: preview, up, a second up that must show no changes, and a refresh.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { realisticTiming } from "../emulator/settings";

const root = resolve(__dirname, "..");
const work = mkdtempSync(join(tmpdir(), "didomi-demo-"));

async function startEmulator(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(root, "dist/emulator/cli.js"), "--port", "0", "--data", join(work, "emulator.json")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const firstLine = await new Promise<string>((resolveLine, reject) => {
    child.once("exit", (code) => reject(new Error(`the emulator exited (code ${code}) before listening`)));
    createInterface({ input: child.stdout! }).once("line", resolveLine);
  });
  const url = /^listening on (http:\/\/\S+)$/.exec(firstLine)?.[1];
  if (!url) throw new Error(`unexpected first line from the emulator: ${firstLine}`);
  return { url, stop: () => child.kill("SIGTERM") };
}

function pulumi(step: string, command: string, extra: string[], url: string): void {
  console.log(`\n$ pulumi ${step}`);
  const args = [
    "run", "--silent", "harness", "--", command, "--cwd", root, "--stack", "demo", "--state", join(work, "state.json"),
    "--config", `didomi:baseUrl=${url}`, "--config", "didomi:apiKey=demo-key", "--config", "didomi:organizationId=demo",
    "--secret", "didomi:apiSecret=demo-secret", ...extra,
  ];
  const result = spawnSync("npm", args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`pulumi ${step} failed (exit code ${result.status})`);
}

async function main(): Promise<void> {
  const emulator = await startEmulator();
  const seconds = (ms = 0) => `${ms / 1000} s`;
  console.log(`Didomi emulator: ${emulator.url} (organization "demo", key "demo-key")`);
  console.log(
    `Realistic timing, as the didomi-emulator CLI starts: a deployment takes ${seconds(realisticTiming.deploymentDelayMs)}, ` +
      `a domain ${seconds(realisticTiming.domainProvisionDelayMs)} to become ready.`,
  );
  try {
    pulumi("preview", "preview", [], emulator.url);
    pulumi("up", "up", [], emulator.url);
    pulumi("up   # again: nothing to do", "up", ["--expect-no-changes"], emulator.url);
    pulumi("refresh", "refresh", ["--expect-no-changes"], emulator.url);
  } finally {
    emulator.stop();
    rmSync(work, { recursive: true, force: true });
  }
  console.log("\nDemo complete: the consent setup was created once, then left untouched by the second up and the refresh.");
}

main().catch((error: Error) => {
  console.error(`\ndemo failed: ${error.message}`);
  process.exit(1);
});
