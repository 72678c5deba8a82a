// Vendor, Purpose, PurposeGroup and NoticeTemplate through the real Pulumi runtime: the lifecycle they share
// (preview, create, a second up that writes nothing, update, drift on the edited field, deletion outside Pulumi,
// destroy), adoption, and bad input refused before any request.
import { describe, expect, it } from "vitest";
import { changes, expectOk, reconfigure, single, stepsOf, testStack, TestDidomi } from "./support";

const didomi = TestDidomi.forThisFile();

interface Case {
  kind: "Vendor" | "Purpose" | "PurposeGroup" | "NoticeTemplate";
  path: string;
  /** The arguments of a new object; `name` is its natural key. */
  args: (name: string) => Record<string, unknown>;
  /** One field changed in the program, then edited in the console: the input, and the API body the console sends. */
  edit: { field: string; value: unknown; consoleBody: Record<string, unknown>; consoleValue: unknown };
  /** What destroy sends. */
  destroyRoute: (path: string) => string;
  /** Whether an object still counts as present in Didomi after destroy (a deprecated vendor stays). */
  goneAfterDestroy: (object: Record<string, unknown> | undefined) => boolean;
  /** Extra routes a create or an update of the edited field writes beyond the object's own. */
  configRoute?: string;
}

const CASES: Case[] = [
  {
    kind: "Vendor",
    path: "/metadata/partners",
    args: (name) => ({ name, categoryId: "analytics", hosts: ["cdn.acme.example"] }),
    edit: { field: "notes", value: "from git", consoleBody: { notes: "edited in the console" }, consoleValue: "edited in the console" },
    destroyRoute: (path) => `POST /v1${path}/deprecate`,
    goneAfterDestroy: (object) => object?.deprecated === true,
  },
  {
    kind: "Purpose",
    path: "/metadata/purposes",
    args: (name) => ({ name: { en: name, fr: `${name} (fr)` } }),
    edit: { field: "details", value: { en: "from git" }, consoleBody: { details: { en: "edited in the console" } }, consoleValue: { en: "edited in the console" } },
    destroyRoute: (path) => `DELETE /v1${path}/:id`,
    goneAfterDestroy: (object) => object === undefined,
  },
  {
    kind: "PurposeGroup",
    path: "/metadata/purposes-groups",
    args: (name) => ({ name }),
    edit: { field: "description", value: "from git", consoleBody: { description: "edited in the console" }, consoleValue: "edited in the console" },
    destroyRoute: (path) => `DELETE /v1${path}/:id`,
    goneAfterDestroy: (object) => object === undefined,
  },
  {
    kind: "NoticeTemplate",
    path: "/widgets/notices/templates",
    args: (name) => ({ name, config: { theme: { color: "#123456" } } }),
    edit: { field: "name", value: "renamed-template", consoleBody: { name: "edited in the console" }, consoleValue: "edited in the console" },
    destroyRoute: (path) => `DELETE /v1${path}/:id`,
    goneAfterDestroy: (object) => object === undefined,
    configRoute: "PATCH /v1/widgets/notices/templates/configs/:id",
  },
];

describe.each(CASES)("$kind", ({ kind, path, args, edit, destroyRoute, goneAfterDestroy, configRoute }) => {
  /** The object as Didomi holds it, or undefined once deleted. */
  const live = async (id: string) => {
    const found = await didomi.console<{ data: Record<string, unknown>[] }>("GET", `${path}?id=${id}`);
    return found.data[0];
  };

  it("previews, creates, stays put, updates, reports drift on the edited field, recovers and destroys", async () => {
    const name = `${kind.toLowerCase()}-lifecycle`;
    let stack = testStack(didomi, "single", single(kind, args(name)));

    await didomi.resetStats();
    expect(changes(expectOk(await stack.preview()))).toEqual(["create subject"]);
    expect(await didomi.requests()).toEqual([]);

    const created = expectOk(await stack.up());
    const id = (created.outputs.subject as { id: string }).id;
    expect(await live(id)).toMatchObject({ id, organization_id: "demo" });
    if (configRoute) expect((await didomi.writes()).map((r) => r.route)).toContain(configRoute);

    await didomi.resetStats();
    expect(changes(expectOk(await stack.up()))).toEqual([]);
    expect(await didomi.writes()).toEqual([]);

    stack = reconfigure(stack, single(kind, { ...args(name), [edit.field]: edit.value }));
    await didomi.resetStats();
    expect(stepsOf(expectOk(await stack.up()), "subject")).toMatchObject([{ op: "update", diffs: [edit.field] }]);
    expect((await didomi.writes()).map((r) => r.route)).toEqual([`PATCH /v1${path}/:id`]);

    await didomi.console("PATCH", `${path}/${id}`, edit.consoleBody);
    const refreshed = expectOk(await stack.refresh());
    expect(stepsOf(refreshed, "subject")).toMatchObject([{ op: "refresh", refreshResult: "changed", diffs: [edit.field] }]);
    await didomi.resetStats();
    expect(stepsOf(expectOk(await stack.up()), "subject")).toMatchObject([{ op: "update", diffs: [edit.field] }]);
    expect((await didomi.writes()).map((r) => r.route)).toEqual([`PATCH /v1${path}/:id`]);

    await didomi.console("DELETE", `${path}/${id}`);
    expect(stepsOf(expectOk(await stack.refresh()), "subject")).toMatchObject([{ op: "refresh", refreshResult: "deleted" }]);
    const recreated = expectOk(await stack.up());
    expect(changes(recreated)).toEqual(["create subject"]);
    const newId = (recreated.outputs.subject as { id: string }).id;

    await didomi.resetStats();
    expectOk(await stack.destroy());
    expect((await didomi.writes()).map((r) => r.route)).toEqual([destroyRoute(path)]);
    expect(goneAfterDestroy(await live(newId))).toBe(true);
  });

  it("adopts an existing object only when asked", async () => {
    const name = `${kind.toLowerCase()}-existing`;
    const body = Object.fromEntries(
      Object.entries(args(name)).map(([key, value]) => [key === "name" && kind === "Purpose" ? "description" : key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]),
    );
    const existing = await didomi.console<{ id: string }>("POST", path, { ...body, organization_id: "demo" });
    const stack = testStack(didomi, "single", single(kind, args(name)));
    const clash = await stack.up();
    expect(clash.ok).toBe(false);
    expect(clash.error).toContain("already exists in Didomi");
    expect(clash.error).toContain("adopt: true");
    const adopted = expectOk(await reconfigure(stack, single(kind, { ...args(name), adopt: true })).up());
    expect((adopted.outputs.subject as { id: string }).id).toBe(existing.id);
    expectOk(await stack.destroy());
  });

  it("never duplicates an object whose creation response was lost", async () => {
    const name = `${kind.toLowerCase()}-lost`;
    await didomi.fault({ method: "POST", path: `/v1${path}`, drop: "after-commit" });
    const stack = testStack(didomi, "single", single(kind, args(name)));
    await didomi.resetStats();
    const up = expectOk(await stack.up());
    // the fault fired (the POST's answer was dropped after Didomi made the object): the provider looked before posting again
    expect((await didomi.writes()).map((request) => request.route)).toEqual([`POST /v1${path}`, ...(configRoute ? [configRoute] : [])]);
    expect((await didomi.requests()).filter((request) => request.route === `GET /v1${path}`).length).toBeGreaterThanOrEqual(2);
    const found = await didomi.console<{ data: { id: string }[] }>("GET", `${path}?id=${(up.outputs.subject as { id: string }).id}`);
    expect(found.data).toHaveLength(1);
    const all = await didomi.console<{ data: Record<string, unknown>[] }>("GET", path);
    const named = all.data.filter((object) => JSON.stringify(object.name ?? object.description).includes(name));
    expect(named).toHaveLength(1);
    expectOk(await stack.destroy());
  });

  it("refuses unknown and bad fields in check, before any request", async () => {
    const stack = testStack(didomi, "single", single(kind, { ...args(`${kind}-bad`), nmae: "typo", organizationId: "" }));
    await didomi.resetStats();
    const result = await stack.preview();
    expect(result.ok).toBe(false);
    expect(result.error).toContain(`\`nmae\` is not a field of ${kind}; did you mean \`name\`?`);
    expect(result.error).toContain('organizationId: "" is too short');
    expect(await didomi.requests()).toEqual([]);
  });
});
