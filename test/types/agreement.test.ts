// The SDK's argument types and the provider's schemas agree for every resource, and the check that says so
// fails, naming the field, when a field is dropped from either side or typed differently.
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

/** The compiler's errors for one file, as the project compiles it. */
function compileErrors(file: string): string[] {
  const program = ts.createProgram([path.join(ROOT, file)], {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2023,
    skipLibCheck: true,
    types: ["node"],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
}

describe("SDK arguments and provider schemas", () => {
  it("agree for every resource", () => {
    expect(compileErrors("test/types/args-match-schema.ts")).toEqual([]);
  });

  it.each([
    ["args-lost-a-field.ts", /onlyInArgs: never;[\s\S]*onlyInSchema: "consentDuration"/],
    ["schema-lost-a-field.ts", /onlyInArgs: "gcmEnabled";[\s\S]*onlyInSchema: never/],
    ["field-type-differs.ts", /typedDifferently: "consentDuration"/],
  ])("fail to compile, naming what differs, when they do not (%s)", (fixture, message) => {
    const errors = compileErrors(path.join("test/fixtures/types", fixture));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });
});
