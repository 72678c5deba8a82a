// Failures as the user sees them: check failures with the provider's reasons, a partially created resource kept
// in the state and finished by the next up, the `import` option failing as it does for dynamic providers, and a
// TypeScript program refused by the type check Pulumi runs by default.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { Stack } from "../harness";
import { FixtureStack, resourceNamed, tempDir, useItemService } from "./support";

describe("failures", () => {
  const context = useItemService();


  it("fails a preview on check failures, naming the property, its value and the provider's reason", async () => {
    const fixture = new FixtureStack(context.service);
    context.service.requests.length = 0;

    const result = await fixture.with([{ name: "bad", size: -1 }]).preview();

    expect(result.ok).toBe(false);
    expect(result.error).toBe(
      "pulumi-nodejs:dynamic/harness:Item resource 'bad': property size value {-1} has a problem: size must be 0 or more, got -1",
    );
    expect(result.logs).toContainEqual(expect.objectContaining({ source: "engine", severity: "error", urn: expect.stringContaining("::bad") }));
    expect(result.summary).toContain("error: pulumi-nodejs:dynamic/harness:Item resource 'bad'");
    expect(context.service.requests).toEqual([]);
  });

  it("keeps a partially created resource with its init errors, and the next up continues it", async () => {
    const fixture = new FixtureStack(context.service);

    const failed = await fixture.with([{ name: "f", failInit: true }]).up();

    expect(failed.ok).toBe(false);
    const partial = resourceNamed(fixture.state(), "f");
    expect(failed.error).toBe(`1 error occurred:\n\t* item ${partial.id} never became ready\n\n`);
    expect(context.service.items.has(partial.id!)).toBe(true);
    expect(partial.initErrors).toEqual([`item ${partial.id} never became ready`]);
    expect(partial.outputs?.["token"]).toBe(context.service.items.get(partial.id!)?.token);

    context.service.requests.length = 0;
    const continued = await fixture.with([{ name: "f" }]).up();

    expect(continued.ok).toBe(true);
    // Unchanged inputs, but init errors: an update step "to continue awaiting initialization".
    expect(continued.steps.find((s) => s.name === "f")).toMatchObject({ op: "update", id: partial.id });
    expect(context.service.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`PATCH /items/${partial.id}`]);
    expect(resourceNamed(fixture.state(), "f").initErrors).toBeUndefined();
  });

  it("fails the import option the way the nodejs dynamic provider does: Read gets no properties", async () => {
    const fixture = new FixtureStack(context.service);
    context.service.requests.length = 0;

    const result = await fixture.with([{ name: "x", import: "it-1" }]).up();

    expect(result.ok).toBe(false);
    expect(result.error).toBe("Cannot read properties of undefined (reading 'toJavaScript')");
    expect(context.service.requests).toEqual([]);
    expect(fixture.state().deployment.resources?.some((r) => r.urn.endsWith("::x"))).toBe(false);
  });

  it("type-checks TypeScript programs by default, as Pulumi does without noCheck in tsconfig.json", async () => {
    const program = tempDir("typed");
    writeFileSync(join(program, "Pulumi.yaml"), "name: typed\nruntime: nodejs\n");
    writeFileSync(join(program, "package.json"), '{ "name": "typed", "private": true }\n');
    writeFileSync(join(program, "index.ts"), 'const count: number = "three";\nexport const doubled = count * 2;\n');
    symlinkSync(resolve(__dirname, "../../node_modules"), join(program, "node_modules"), "dir");
    mkdirSync(join(program, "state"));

    const result = await new Stack({ cwd: program, stack: "dev", stateFile: join(program, "state", "dev.json") }).preview();

    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/Unable to compile TypeScript[\s\S]*TS2322: Type 'string' is not assignable to type 'number'/);
  });
});
