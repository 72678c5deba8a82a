// The provider shim that Pulumi serializes into every resource's state (DESIGN.md §1), checked through
// the real SDK serializer and plugin: small, free of credentials and paths, and still working when the
// program has moved to another directory (another machine, another CI checkout).
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { Stack } from "../harness";
import { API_KEY, API_SECRET, changes, expectOk, PROGRAMS, single, stepsOf, testStack, TestDidomi } from "./support";

const REPOSITORY = resolve(__dirname, "../..");
const QUICKSTART = join(REPOSITORY, "examples/quickstart");

const didomi = TestDidomi.forThisFile();

describe("the serialized provider", () => {
  it("is a few hundred bytes of code that loads pulumi-didomi/provider by name, with no credential and no path", async () => {
    const stack = testStack(didomi, "quickstart", {}, { cwd: QUICKSTART });
    expectOk(await stack.up());
    const resources = (stack.readState().deployment.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/didomi:"));
    expect(resources.map((r) => r.type.split(":").pop()).sort()).toEqual(["ApiKey", "Deployment", "Domain", "Notice", "NoticeConfig", "Secret"]);
    for (const resource of resources) {
      const provider = resource.inputs?.__provider;
      expect(typeof provider).toBe("string"); // plain text: nothing secret was captured
      const text = provider as string;
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
      expect(text).toContain('require("pulumi-didomi/provider")');
      for (const forbidden of [API_SECRET, API_KEY, didomi.url, REPOSITORY, tmpdir(), "node_modules"]) {
        expect(text).not.toContain(forbidden);
      }
    }
    expectOk(await stack.destroy());
  });

  it("refreshes and destroys from another directory than the one that wrote the state", async () => {
    const stack = testStack(didomi, "single", single("Secret", { name: "moving-secret", description: "from the first checkout" }));
    expectOk(await stack.up());

    // a second checkout elsewhere, with its own node_modules (here a link to this repository's)
    const checkout = mkdtempSync(join(tmpdir(), "didomi-checkout-"));
    mkdirSync(join(checkout, "infra"));
    cpSync(join(PROGRAMS, "single"), join(checkout, "infra"), { recursive: true });
    symlinkSync(join(REPOSITORY, "node_modules"), join(checkout, "node_modules"), "dir");
    const moved = new Stack({ ...stack.options, cwd: join(checkout, "infra") });

    const [secret] = (await didomi.stored<{ id: string }>("secrets")).filter((s) => (s as { name?: string }).name === "moving-secret");
    await didomi.console("PATCH", `/secrets/${secret!.id}`, { description: "edited in the console" });
    expect(stepsOf(expectOk(await moved.refresh()), "subject")).toMatchObject([{ refreshResult: "changed", diffs: ["description"] }]);
    expect(changes(expectOk(await moved.destroy()))).toContain("delete subject");
    expect((await didomi.stored<{ name: string }>("secrets")).filter((s) => s.name === "moving-secret")).toEqual([]);
  });
});
