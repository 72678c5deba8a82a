// The package as users get it before and after its first publication: `npm pack`, installed from the tarball
// into a fresh project outside the repository beside its own @pulumi/pulumi, then the quickstart through the
// engine. One copy of @pulumi/pulumi must be loaded (a `file:` install of the repository loads a second one, and a
// second google-protobuf, beside the program's), and the tarball must hold what users need and nothing else.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Stack } from "../harness";
import { API_KEY, API_SECRET, expectOk, ORGANIZATION, TestDidomi } from "../provider/support";

const run = promisify(execFile);
const ROOT = resolve(__dirname, "../..");
const LOCK = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
const locked = (name: string) => LOCK.packages[`node_modules/${name}`]!.version;

const didomi = TestDidomi.forThisFile();
const work = mkdtempSync(join(tmpdir(), "pulumi-didomi-package-"));
const project = join(work, "project");
let tarball: string;
let files: string[];

beforeAll(async () => {
  // dist/ is built by `npm test` before the suites run: pack it as is
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: ROOT });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, packed!.filename);
  files = packed!.files.map((file) => file.path);

  cpSync(join(ROOT, "examples/quickstart"), project, { recursive: true });
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({
      name: "didomi-quickstart",
      private: true,
      main: "index.ts",
      dependencies: { "@pulumi/pulumi": locked("@pulumi/pulumi"), "pulumi-didomi": `file:${tarball}` },
      devDependencies: { "@types/node": locked("@types/node"), typescript: locked("typescript"), "ts-node": locked("ts-node") },
    }),
  );
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: project });
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed package", () => {
  it("ships the built code, docs and commands, and no sources, tests or examples", () => {
    expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "bin/pulumi-didomi.js", "dist/sdk/index.js", "dist/sdk/index.d.ts", "dist/provider/index.js", "dist/fields/index.js", "dist/emulator/index.js"]));
    expect(files.filter((file) => file.startsWith("test/") || file.startsWith("examples/") || file.startsWith("node_modules/"))).toEqual([]);
    expect(files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([]);
  });

  it("installed beside the program's @pulumi/pulumi, loads that one copy", async () => {
    const { stdout } = await run("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], { cwd: project });
    expect(stdout.trim().split("\n")).toEqual([join(project, "node_modules/@pulumi/pulumi")]);
    const script = 'console.log(require.resolve("@pulumi/pulumi", { paths: [require.resolve("pulumi-didomi")] }))';
    const fromPackage = (await run(process.execPath, ["-e", script], { cwd: project })).stdout.trim();
    expect(fromPackage).toBe(join(project, "node_modules/@pulumi/pulumi/index.js"));
  });

  it("runs its commands from the installed package", async () => {
    const help = await run("npx", ["--no-install", "pulumi-didomi", "--help"], { cwd: project });
    expect(help.stdout).toContain("export");
  });

  it("runs the quickstart through the engine: up, up with no change, destroy", async () => {
    const stack = new Stack({
      cwd: project,
      stack: "test",
      stateFile: join(work, "state.json"),
      config: { "didomi:baseUrl": didomi.url, "didomi:apiKey": API_KEY, "didomi:organizationId": ORGANIZATION },
      secrets: { "didomi:apiSecret": API_SECRET },
      env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
    });
    expect(expectOk(await stack.up()).counts.create).toBe(8);
    await didomi.resetStats();
    expect(expectOk(await stack.up()).changes).toBe(false);
    expect(await didomi.writes()).toEqual([]);
    expectOk(await stack.destroy());
  });
});
