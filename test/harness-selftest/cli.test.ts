// The command line, run as users and CI run it: `npm run --silent harness -- ...`.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { OperationResult, PreviewDigest } from "../harness";
import { API_TOKEN, PROGRAM, resourceNamed, type Spec, tempDir, useItemService } from "./support";
import { runCommand, type CommandRun } from "../support/command";

const REPOSITORY = resolve(__dirname, "../..");

function harness(args: string[]): Promise<CommandRun> {
  return runCommand("npm", ["run", "--silent", "harness", "--", ...args], { cwd: REPOSITORY });
}

describe("the harness command line", () => {
  const context = useItemService();
  let stateFile: string;
  const stackArgs = (resources: Spec[]) => [
    "--cwd",
    PROGRAM,
    "--stack",
    "dev",
    "--state",
    stateFile,
    "--config",
    `serviceUrl=${context.service.url}`,
    "--config",
    `resources=${JSON.stringify(resources)}`,
    "--secret",
    `apiToken=${API_TOKEN}`,
    "--secret",
    "secretNote=unused",
  ];

  beforeAll(() => {
    stateFile = join(tempDir("cli"), "dev.json");
  });

  it("prints Pulumi's step summary and counts, and exits 0", async () => {
    const run = await harness(["up", "--yes", ...stackArgs([{ name: "a", size: 2 }])]);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Updating \(dev\):\n/);
    expect(run.stdout).toContain(" +   pulumi-nodejs:dynamic/harness:Item a created\n");
    expect(run.stdout).toMatch(/Resources:\n {4}\+ 2 created\n/);
  });

  it("with --expect-no-changes exits 7 on drift, as the CLI does, saying it is drift and not an error; --json prints the result without debug records", async () => {
    const id = resourceNamed(JSON.parse(readFileSync(stateFile, "utf8")), "a").id!;
    context.service.mutate(id, { size: 3 });

    const run = await harness(["preview", "--refresh", "--expect-no-changes", "--json", ...stackArgs([{ name: "a", size: 2 }])]);

    expect(run.code).toBe(7);
    expect(run.stderr).toContain("error: no changes were expected but changes were proposed");
    expect(run.stderr).toContain("this is drift (or a changed program), not an error");
    const result = JSON.parse(run.stdout) as OperationResult;
    expect(result).toMatchObject({ kind: "preview", ok: true, changes: true });
    expect(result.logs.filter((entry) => entry.severity === "debug")).toEqual([]);
    expect(result.steps.find((s) => s.op === "refresh" && s.name === "a")).toMatchObject({ refreshResult: "changed" });
  });

  it("--json-cli prints what `pulumi preview --json` prints: steps with both states, secrets as [secret]", async () => {
    // The item still differs from the state (size 3, see above); the note now comes from a secret config value.
    const run = await harness(["preview", "--refresh", "--json-cli", ...stackArgs([{ name: "a", size: 2, secretNote: true }])]);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(API_TOKEN);
    expect(run.stdout).not.toContain('"unused"');
    const digest = JSON.parse(run.stdout) as PreviewDigest;
    expect(digest.config).toMatchObject({ "harness:apiToken": "[secret]", "harness:secretNote": "[secret]" });
    const steps = digest.steps!.filter((step) => step.urn.endsWith("::a"));
    // The refresh step shows the state before the read on both sides; the program's step shows the drift.
    expect(steps.map((step) => step.op)).toEqual(["refresh", "update"]);
    expect(steps[0]!.newState).toEqual(steps[0]!.oldState);
    expect(steps[1]).toMatchObject({
      oldState: { inputs: { size: 3 } },
      newState: { inputs: { size: 2, note: "[secret]" } },
      detailedDiff: null,
    });
    expect(digest.changeSummary).toMatchObject({ update: 1 });
    expect(digest.changeSummary).not.toHaveProperty("refresh");
  });

  it("exits 1 with the user's error when the operation fails", async () => {
    const run = await harness(["preview", ...stackArgs([{ name: "a", size: -4 }])]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: preview failed\n");
    expect(run.stderr).toContain("property size value {-4} has a problem: size must be 0 or more, got -4");
  });
});
