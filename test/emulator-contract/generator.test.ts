// The committed emulator/contract/schemas.json must be exactly what the generator makes from openapi.yml,
// carry no prose, and the generator must refuse what it does not understand.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const REPO_ROOT = path.resolve(__dirname, "../..");
const OPENAPI = path.resolve(REPO_ROOT, "../shared/didomi-api/openapi.yml");
const SCHEMAS_JSON = path.join(REPO_ROOT, "emulator/contract/schemas.json");
const TSX = path.join(REPO_ROOT, "node_modules/.bin/tsx");
const SCRIPT = path.join(REPO_ROOT, "scripts/generate-emulator-contract.ts");

const workDir = mkdtempSync(path.join(tmpdir(), "emulator-contract-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Runs the generator in --check mode (it never writes then) and reports its exit code and output. */
async function checkAgainst(openapiPath: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [SCRIPT, openapiPath, "--check"], { cwd: REPO_ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

/** Writes a copy of openapi.yml with one exact text, which must occur once, replaced. */
function mutatedOpenapi(name: string, search: string, replacement: string): string {
  const original = readFileSync(OPENAPI, "utf8");
  expect(original.split(search)).toHaveLength(2);
  const file = path.join(workDir, name);
  writeFileSync(file, original.replace(search, replacement));
  return file;
}

// openapi.yml is Didomi's document, deliberately not in the repository: it sits beside the checkout in
// ../shared/didomi-api. A clone without it can still check the committed contract, not regenerate it.
describe.skipIf(!existsSync(OPENAPI))("generate-emulator-contract from ../shared/didomi-api/openapi.yml", () => {
  it("reproduces the committed schemas.json exactly from openapi.yml", async () => {
    const result = await checkAgainst(OPENAPI);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("reports the committed file as stale when openapi.yml drops a required field", async () => {
    const changed = mutatedOpenapi(
      "required-changed.yml",
      "      - production_config_id\n    partners:\n",
      "    partners:\n",
    );
    const result = await checkAgainst(changed);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("schemas.json is stale");
  });

  it("refuses a keyword it does not handle instead of dropping the constraint", async () => {
    const changed = mutatedOpenapi(
      "unsupported.yml",
      "      title: SecretInput\n      type: object\n",
      "      title: SecretInput\n      type: object\n      additionalProperties: false\n",
    );
    const result = await checkAgainst(changed);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('secrets-input: unsupported keyword "additionalProperties"');
  });
});

describe("the committed emulator/contract/schemas.json", () => {
  it("keeps field contracts only: no descriptions, titles or examples", () => {
    const contract = JSON.parse(readFileSync(SCHEMAS_JSON, "utf8")) as Record<string, unknown>;
    const contractKeywords = new Set<string>();
    // Walks field contracts; the keys of a `properties` map are field names, not keywords.
    const collect = (field: Record<string, unknown>): void => {
      for (const [keyword, value] of Object.entries(field)) {
        contractKeywords.add(keyword);
        if (keyword === "items") collect(value as Record<string, unknown>);
        if (keyword === "properties") Object.values(value as object).forEach(collect);
      }
    };
    Object.values(contract).forEach((schema) => collect(schema as Record<string, unknown>));
    expect([...contractKeywords].sort()).toEqual(["enum", "format", "items", "nullable", "properties", "required", "type"]);
    expect(readFileSync(SCHEMAS_JSON, "utf8")).not.toMatch(/Google consent mode|organization that owns/i);
  });

  it("inlines the regulation configuration $ref with its own required list", () => {
    const contract = JSON.parse(readFileSync(SCHEMAS_JSON, "utf8"));
    const items = contract["notices-config-input"].properties.regulation_configurations.items;
    expect(items).toEqual(contract["notices-regulation-config-input"]);
    expect(items.required).toEqual(["organization_id", "notice_config_id", "regulation_id"]);
    expect(items.properties.geo_locations).toEqual({ items: { type: "string" }, nullable: true, type: "array" });
  });
});
