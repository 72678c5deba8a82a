// A field's TSDoc, written once in its field table, reaches users: through the built SDK's .d.ts (what an
// installed package ships) into an IDE hover, for arguments, shared arguments and outputs alike.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
// inside the repository, so that `pulumi-didomi` resolves to the built package as it does for a user
const dir = mkdtempSync(path.join(ROOT, "test/.hover-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROGRAM = `import * as didomi from "pulumi-didomi";
const secret = new didomi.Secret("s", { name: "n", organizationId: "o", adopt: true });
const domain = new didomi.Domain("d", { domain: "privacy.example.com", usage: "cmp" });
const config = new didomi.NoticeConfig("c", { noticeId: "n", gcmEnabled: true, regulationConfigurations: [{ regulationId: "gdpr", geoLocations: ["FR"] }] });
export const outputs = [secret.value, domain.status, config.contentHash];
`;

/** What an IDE shows when hovering the first occurrence of `word` in the program. */
function hover(word: string): { type: string; doc: string } {
  const file = path.join(dir, "index.ts");
  writeFileSync(file, PROGRAM);
  const options: ts.CompilerOptions = { strict: true, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, skipLibCheck: true, types: ["node"] };
  const service = ts.createLanguageService({
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => (ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name)!) : undefined),
    getCurrentDirectory: () => dir,
    getCompilationSettings: () => options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  });
  const info = service.getQuickInfoAtPosition(file, PROGRAM.indexOf(word));
  return { type: ts.displayPartsToString(info?.displayParts), doc: ts.displayPartsToString(info?.documentation) };
}

describe("the SDK's .d.ts carries each field's TSDoc to an IDE hover", () => {
  it.each([
    ["name:", /^\(property\) name: /, "The secret's name; also how an existing secret is found for adoption"],
    ["organizationId:", /^\(property\) organizationId\?: /, "The Didomi organization that owns the object."],
    ["adopt:", /^\(property\) adopt\?: /, "Take over an object that already exists"],
    ["gcmEnabled:", /^\(property\) gcmEnabled\?: /, "Enable Google Consent Mode."],
    ["geoLocations:", /^\(property\) geoLocations\?: /, "Where it applies: ISO-3166 alpha-2 countries"],
    ["value,", /^\(property\) value: Output<string>/, "The generated secret value (a Pulumi secret)."],
    ["status,", /^\(property\) status: Output<string>/, "Provisioning status"],
  ])("%s", (word, type, doc) => {
    const shown = hover(word);
    expect(shown.type).toMatch(type);
    expect(shown.doc).toContain(doc);
  });
});
