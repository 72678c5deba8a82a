// `pulumi-didomi drift-report`, as CI runs it: the JSON of `pulumi preview --refresh --json` (made here by the
// test engine in the CLI's format, against the emulator) piped into the built command (`npm run build` first),
// and the Markdown it writes.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PreviewDigest, PreviewStep, Stack } from "../harness";
import { API_SECRET, expectOk, testStack, TestDidomi } from "../provider/support";
import { runCommand, type CommandRun } from "../support/command";

const REPOSITORY = resolve(__dirname, "../..");
const BIN = join(REPOSITORY, "bin/pulumi-didomi.js");
const golden = (name: string) => readFileSync(join(__dirname, "golden", name), "utf8");

const didomi = TestDidomi.forThisFile();

/** The built command, with `input` on stdin. */
function driftReport(args: string[], input = ""): Promise<CommandRun> {
  return runCommand(process.execPath, [BIN, "drift-report", ...args], { cwd: REPOSITORY, input });
}

/** The preview's JSON document, as `pulumi preview --json` prints it. */
function previewJson(digest: PreviewDigest | undefined): string {
  if (!digest) throw new Error("a preview always has a digest");
  return JSON.stringify(digest, null, 4);
}

describe("drift-report on the drift-detection example", () => {
  let stack: Stack;
  let outputs: Record<string, string>;

  beforeAll(async () => {
    stack = testStack(didomi, "drift-detection", {}, { cwd: join(REPOSITORY, "examples/drift-detection") });
    outputs = expectOk(await stack.up()).outputs as Record<string, string>;
  });

  it("a clean preview: exit 0 and a short 'matches' note", async () => {
    const preview = expectOk(await stack.preview({ refresh: true }));

    const run = await driftReport([], previewJson(preview.digest));

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(golden("clean.md"));
  });

  it("a preview without --refresh: a warning that Didomi was not read", async () => {
    const preview = expectOk(await stack.preview());

    const run = await driftReport([], previewJson(preview.digest));

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("> This preview did not read Didomi (no refresh steps)");
  });

  it("drift made in the console: exit 7, one row per field with Git's value and Didomi's, from a file", async () => {
    const drafts = await didomi.console<{ data: { id: string }[] }>(
      "GET",
      `/widgets/notices/configs?notice_id=${outputs["noticeId"]}&deployed_at=null`,
    );
    const draftId = drafts.data[0]!.id;
    await didomi.console("PATCH", `/widgets/notices/configs/${draftId}`, { consent_duration: 12 });
    const publication = await didomi.console<{ id: string }>("POST", "/widgets/notices/deployments", {
      notice_id: outputs["noticeId"],
      organization_id: "demo",
      production_config_id: draftId,
      message: "published in the console",
    });
    await didomi.console("PATCH", `/keys/${outputs["deployKeyId"]}`, { enabled: false });
    const preview = expectOk(await stack.preview({ refresh: true }));
    const file = join(mkdtempSync(join(tmpdir(), "drift-report-")), "preview.json");
    writeFileSync(file, previewJson(preview.digest));

    const run = await driftReport([file]);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(7);
    // The console's deployment id is the only value that changes between runs.
    expect(run.stdout.replaceAll(publication.id, "<console deployment id>")).toBe(golden("drift.md"));
    expect(readFileSync(file, "utf8")).not.toContain(API_SECRET);
  });

  it("a failed preview (Didomi refuses a read): exit 1 and the preview's error in the report", async () => {
    await didomi.fault({
      method: "GET",
      path: "/v1/keys",
      status: 403,
      body: { code: 403, name: "Forbidden", message: "this key may not read keys", errors: {} },
    });
    const preview = await stack.preview({ refresh: true });
    expect(preview.ok).toBe(false);

    const run = await driftReport([], previewJson(preview.digest));

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^### Didomi drift check failed in stack `test` of `didomi-drift-detection`\n/);
    expect(run.stdout).toContain("this key may not read keys");
    expect(run.stdout).not.toContain("| Resource |");
    expect(run.stderr).toBe("pulumi-didomi drift-report: the preview failed; its errors are in the report\n");
  });
});

describe("drift-report on documents written by hand", () => {
  const URN = "urn:pulumi:production::shop::pulumi-nodejs:dynamic/didomi:";
  const step = (op: string, name: string, didomiInputs?: object, gitInputs?: object, extra: Partial<PreviewStep> = {}) => ({
    op,
    urn: `${URN}${name}`,
    ...(didomiInputs && { oldState: { urn: `${URN}${name}`, custom: true, type: "x", inputs: didomiInputs } }),
    ...(gitInputs && { newState: { urn: `${URN}${name}`, custom: true, type: "x", inputs: gitInputs } }),
    detailedDiff: null,
    ...extra,
  });
  const report = (steps: object[]) => driftReport([], JSON.stringify({ steps }));

  it("secrets are [secret] on both sides, whichever form they take, and never printed", async () => {
    const run = await report([
      // Git's value is secret, Didomi's came back in plaintext: the plaintext is never shown.
      step("update", "Secret::token", { value: "plain-live-9f2", name: "a" }, { value: "[secret]", name: "b" }),
      // Only a secret differs: nothing visible, so the secret field is named.
      step("update", "Secret::other", { value: "[secret]", name: "c" }, { value: "[secret]", name: "c" }),
      // The secret signature object of older tools, named by the provider's diff.
      step(
        "update",
        "Secret::signed",
        { value: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: "\"sig-plain-41\"" } },
        { value: "[secret]" },
        { diffReasons: ["value"] },
      ),
    ]);
    const withState = await driftReport(
      [],
      JSON.stringify({
        steps: [
          {
            ...step("update", "ApiKey::deploy", { secret: "live-key-secret-3a" }, { secret: "git-key-secret-3a" }),
            newState: { urn: `${URN}ApiKey::deploy`, custom: true, type: "x", inputs: { secret: "git-key-secret-3a" }, additionalSecretOutputs: ["secret"] },
          },
        ],
      }),
    );

    expect(run.code).toBe(7);
    // A visible difference is reported; whether the secret beside it differs too cannot be told, so it is not.
    expect(run.stdout).toContain('| `Secret` token | `name` | `"b"` | `"a"` | update |');
    expect(run.stdout).not.toContain("| `Secret` token | `value`");
    expect(run.stdout).toContain("| `Secret` other | `value` | `[secret]` | `[secret]` | update |");
    expect(run.stdout).toContain("| `Secret` signed | `value` | `[secret]` | `[secret]` | update |");
    expect(withState.stdout).toContain("| `ApiKey` deploy | `secret` | `[secret]` | `[secret]` | update |");
    for (const plaintext of ["plain-live-9f2", "sig-plain-41", "live-key-secret-3a", "git-key-secret-3a"]) {
      expect(run.stdout + withState.stdout).not.toContain(plaintext);
    }
  });

  it("nested fields by path, absent values, and whole resources missing on one side", async () => {
    const run = await report([
      step("refresh", "ApiKey::deploy", { enabled: true }, { enabled: true }),
      step("update", "NoticeConfig::www", { config: { app: { vendors: [1, 2] }, theme: "dark" } }, { config: { app: { vendors: [1] } } }),
      step("create", "ApiKey::deploy", undefined, { enabled: true }),
      step("delete", "Domain::old", { name: "old.example.com" }),
    ]);

    expect(run.code).toBe(7);
    expect(run.stdout).toBe(
      [
        "### Didomi drift in stack `production` of `shop`: 3 resources differ from Git",
        "",
        "| Resource | Field | Git | Didomi | Next `pulumi up` |",
        "|---|---|---|---|---|",
        "| `NoticeConfig` www | `config.app.vendors` | `[1]` | `[1,2]` | update |",
        '| `NoticeConfig` www | `config.theme` | *(not set)* | `"dark"` | update |',
        "| `ApiKey` deploy | *(whole resource)* | *(exists)* | *(missing)* | create |",
        "| `Domain` old | *(whole resource)* | *(missing)* | *(exists)* | delete |",
        "",
        "Git is right: `pulumi up --refresh` puts Didomi back. Didomi is right: put its values in the program.",
        "",
      ].join("\n"),
    );
  });

  it("sets in another order are no drift, as for the provider: only the field that differs gets a row", async () => {
    const didomiSide = { targets: ["b.example.com", "a.example.com"], consentDuration: 6, regulationConfigurations: [{ regulationId: "cpra", geoLocations: ["US_CA"] }, { regulationId: "gdpr", geoLocations: ["FR", "DE"] }] };
    const gitSide = { targets: ["a.example.com", "b.example.com"], consentDuration: 12, regulationConfigurations: [{ regulationId: "gdpr", geoLocations: ["DE", "FR"] }, { regulationId: "cpra", geoLocations: ["US_CA"] }] };
    const run = await report([step("update", "NoticeConfig::www", didomiSide, gitSide)]);

    expect(run.code).toBe(7);
    expect(run.stdout.split("\n").filter((line) => line.startsWith("| `NoticeConfig`"))).toEqual([
      "| `NoticeConfig` www | `consentDuration` | `12` | `6` | update |",
    ]);
  });

  it("an update that shows no differing field still gets a row, so the drift is never silent", async () => {
    const run = await report([step("update", "Domain::www", { name: "www.example.com" }, { name: "www.example.com" })]);

    expect(run.code).toBe(7);
    expect(run.stdout).toContain("| `Domain` www | *(none shown)* | — | — | update |");
  });

  it("a replacement shows the field that forces it and the other fields that differ", async () => {
    const run = await report([
      step("replace", "Deployment::www", { message: "console" }, { message: "Git" }, {
        replaceReasons: ["supersededBy"],
        oldState: { urn: `${URN}Deployment::www`, custom: true, type: "x", inputs: { message: "console" }, outputs: { supersededBy: "dep-2" } },
      }),
    ]);
    const replaced = run.stdout.split("\n").filter((line) => line.startsWith("| `Deployment`"));

    expect(replaced).toEqual([
      '| `Deployment` www | `message` | `"Git"` | `"console"` | replace |',
      '| `Deployment` www | `supersededBy` | *(not set)* | `"dep-2"` | replace |',
    ]);
  });

  it("a value with | or backticks stays in its table cell", async () => {
    const run = await report([step("update", "Notice::www", { name: "a|b" }, { name: "`x`" })]);

    expect(run.stdout).toContain('| `Notice` www | `name` | ``"`x`"`` | `"a\\|b"` | update |');
  });

  it("an error quoting a code fence stays inside its own block", async () => {
    const run = await driftReport([], JSON.stringify({ diagnostics: [{ severity: "error", message: "bad ```x``` here" }] }));

    expect(run.code).toBe(1);
    expect(run.stdout).toContain("\n````\nbad ```x``` here\n````\n");
  });

  it("malformed input: exit 1 and a message that says what is wrong and what to pipe in", async () => {
    const cases: [string, string][] = [
      ["", "stdin is empty: pipe in the output of `pulumi preview --refresh --json`"],
      ["Previewing update (dev):", "stdin is not JSON ("],
      ["[1, 2]", "stdin holds a list, not a preview document"],
      [JSON.stringify({ steps: {} }), 'stdin: "steps" is an object, not a list'],
      [JSON.stringify({ steps: [{ op: "update" }] }), "stdin: steps[0].urn is missing, not a string"],
      [JSON.stringify({ steps: [{ op: "update", urn: "NoticeConfig::www" }] }), 'stdin: steps[0].urn "NoticeConfig::www" is not a Pulumi URN'],
    ];
    for (const [input, message] of cases) {
      const run = await driftReport([], input);
      expect(run.code, input).toBe(1);
      expect(run.stdout, input).toBe("");
      expect(run.stderr, input).toContain(`pulumi-didomi drift-report: ${message}`);
    }
  });

  it("bad command line: exit 2 with the usage; a missing file: exit 1 naming it", async () => {
    const twoFiles = await driftReport(["a.json", "b.json"]);
    const unknownFlag = await driftReport(["--format", "html"]);
    const missing = await driftReport(["/nonexistent/preview.json"]);

    expect(twoFiles.code).toBe(2);
    expect(twoFiles.stderr).toContain("one FILE at most, got 2\nusage: pulumi-didomi drift-report [FILE]");
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("unknown option --format");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read /nonexistent/preview.json: ENOENT");
  });
});
