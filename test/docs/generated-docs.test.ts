// The argument and output tables of docs/resources/*.md are generated from the field tables (fields/): the
// committed pages must be what the generator makes, and a page edited by hand (or a field changed without
// regenerating) fails npm test, as the emulator contract does.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "../support/command";

const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const SCRIPT = path.join(ROOT, "scripts/generate-docs.ts");
const copy = mkdtempSync(path.join(tmpdir(), "generated-docs-"));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe("generated reference docs", () => {
  it("are up to date in docs/resources", async () => {
    const result = await runCommand(TSX, [SCRIPT, "--check"], { cwd: ROOT });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("fail the check when a generated table differs from the fields, and are rewritten by the generator", async () => {
    cpSync(path.join(ROOT, "docs/resources"), copy, { recursive: true });
    const page = path.join(copy, "secret.md");
    const committed = readFileSync(page, "utf8");
    writeFileSync(page, committed.replace("| `description` | string |", "| `description` | number |"));

    const check = await runCommand(TSX, [SCRIPT, "--check", "--docs", copy], { cwd: ROOT });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("secret.md");
    expect(check.stderr).toContain("run `npx tsx scripts/generate-docs.ts`");

    await runCommand(TSX, [SCRIPT, "--docs", copy], { cwd: ROOT });
    expect(readFileSync(page, "utf8")).toBe(committed);
  });
});
