// The files of the exported Pulumi project, as text: index.ts from the plan, the project and stack files, and
// a README. Deterministic: no dates, no absolute paths, objects in the order the plan and Didomi give them.
import type { Declaration, Plan } from "./plan";
import { Reference } from "./plan";

export interface ProjectSettings {
  organizationId: string;
  baseUrl: string;
  stack: string;
  /** Versions the project depends on: this package's own, and the Pulumi SDK range it supports. */
  packageVersion: string;
  pulumiVersion: string;
}

/** File name → content. */
export type ProjectFiles = Record<string, string>;

const INDENT = "  ";

export function renderProject(plan: Plan, settings: ProjectSettings): ProjectFiles {
  const project = projectName(settings.organizationId);
  return {
    "Pulumi.yaml": `name: ${project}\ndescription: Didomi organization ${settings.organizationId}, exported by pulumi-didomi export\nruntime: nodejs\n`,
    [`Pulumi.${settings.stack}.yaml`]:
      `config:\n  didomi:organizationId: ${JSON.stringify(settings.organizationId)}\n  didomi:baseUrl: ${JSON.stringify(settings.baseUrl)}\n`,
    "package.json": `${JSON.stringify(
      {
        name: project,
        private: true,
        main: "index.ts",
        dependencies: { "@pulumi/pulumi": settings.pulumiVersion, "pulumi-didomi": `^${settings.packageVersion}` },
        devDependencies: { "@types/node": "^20.19.0", typescript: "^5.0.0" },
      },
      null,
      2,
    )}\n`,
    "tsconfig.json": `${JSON.stringify(
      {
        compilerOptions: { strict: true, target: "es2020", module: "node16", esModuleInterop: true, skipLibCheck: true, outDir: "bin" },
        files: ["index.ts"],
      },
      null,
      2,
    )}\n`,
    ".gitignore": "node_modules/\nbin/\n",
    "index.ts": renderProgram(plan, settings.organizationId),
    "README.md": renderReadme(plan, settings),
  };
}

/** A Pulumi project name from the organization id: letters, digits, `-`, `_` and `.`. */
function projectName(organizationId: string): string {
  return `didomi-${organizationId.replace(/[^A-Za-z0-9_.-]+/g, "-")}`;
}

function renderProgram(plan: Plan, organizationId: string): string {
  const lines = [
    `// Didomi organization ${organizationId}, exported by \`pulumi-didomi export\`.`,
    "// Every resource sets `adopt: true`: the first `pulumi up` takes over the existing objects without changing them.",
    'import * as didomi from "pulumi-didomi";',
  ];
  let previousKind: string | undefined;
  for (const declaration of plan.declarations) {
    if (declaration.kind !== previousKind) lines.push("", `// ${SECTION_TITLES[declaration.kind]}`);
    previousKind = declaration.kind;
    lines.push(...renderDeclaration(declaration));
  }
  return `${lines.join("\n")}\n`;
}

const SECTION_TITLES: Record<Declaration["kind"], string> = {
  Domain: "Domains",
  ApiKey: "API keys",
  Secret: "Secrets",
  Purpose: "Custom purposes",
  PurposeGroup: "Purpose groups",
  Vendor: "Custom vendors: their purposes refer to the purposes above",
  ConsentNotice: "Consent notices: each is a Notice, its draft NoticeConfig and, when published, a Deployment",
  NoticeTemplate: "Notice templates",
};

function renderDeclaration({ kind, variable, name, args, comments }: Declaration): string[] {
  const body = renderValue(args, "");
  return [...comments.map((comment) => `// ${comment}`), `const ${variable} = new didomi.${kind}(${JSON.stringify(name)}, ${body});`];
}

/** A TypeScript literal: objects with one property per line and identifier keys unquoted, strings in double quotes. */
function renderValue(value: unknown, indent: string): string {
  if (value instanceof Reference) return value.expression;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const inline = `[${value.map((item) => renderValue(item, indent)).join(", ")}]`;
    if (inline.length <= 100 && !inline.includes("\n")) return inline;
    return `[\n${value.map((item) => `${indent}${INDENT}${renderValue(item, indent + INDENT)},`).join("\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const lines = entries.map(([key, child]) => `${indent}${INDENT}${propertyKey(key)}: ${renderValue(child, indent + INDENT)},`);
    return `{\n${lines.join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

function renderReadme(plan: Plan, settings: ProjectSettings): string {
  const counts = new Map<string, number>();
  for (const { kind } of plan.declarations) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const count = (kind: Declaration["kind"], one: string, many: string) => `${counts.get(kind) ?? 0} ${counts.get(kind) === 1 ? one : many}`;
  const lines = [
    `# Didomi organization ${settings.organizationId}`,
    "",
    "A Pulumi program written by `pulumi-didomi export` from the live organization: " +
      `${count("Domain", "domain", "domains")}, ${count("ApiKey", "API key", "API keys")}, ${count("Secret", "secret", "secrets")} ` +
      `and ${count("ConsentNotice", "consent notice", "consent notices")}.`,
    "",
    "## Next",
    "",
    "```sh",
    ...commented([
      ["npm install", ""],
      ["pulumi login --local", "or your usual backend"],
      [`pulumi stack init ${settings.stack}`, `its config is in Pulumi.${settings.stack}.yaml`],
      ["pulumi config set didomi:apiKey <key id>", ""],
      ["pulumi config set --secret didomi:apiSecret <key secret>", ""],
      ["pulumi preview", "every resource shows as a create: an adoption"],
      ["pulumi up", "adopts them all; writes nothing to Didomi"],
      ["pulumi preview --expect-no-changes", "the program and Didomi agree"],
    ]),
    "```",
    "",
    "Then edit `index.ts` and run `pulumi up` as usual: from now on, changes go through the program.",
    "",
    "## What adoption does",
    "",
    "Every resource sets `adopt: true`. On the first `pulumi up`, each one finds its existing object by its natural key " +
      "(domain name, key or secret name, notice external id or else name) and takes it over instead of creating a new " +
      "one. Only fields that differ from Didomi's defaults are written in the program; the others are left as they are " +
      "and never show as changes. A published notice whose draft is what is live gets a Deployment that adopts that " +
      "publication: nothing is published again.",
    "",
    "Once adopted, the objects belong to the stack: `pulumi destroy` deletes the domains, API keys and secrets and " +
      "archives the notices. An adopted API key has no `secret` output (Didomi shows a key's secret only when it is " +
      "created), and secret values are never written to the program.",
  ];
  if (plan.unpublished.length > 0) {
    lines.push(
      "",
      "## Notices the program does not publish",
      "",
      "These notices declare `publish: false`, so `pulumi up` adopts their draft without publishing it, and the " +
        "difference between the draft and what is live stays as it is in Didomi:",
      "",
    );
    for (const { name, reason } of plan.unpublished) lines.push(`- **${name}**: ${reason}.`);
    lines.push("", "Remove `publish: false` from a notice to publish its draft with the next `pulumi up` (one deployment).");
  }
  lines.push("", "## Skipped", "");
  if (plan.skipped.length === 0) lines.push("Nothing: every object of the organization is in the program.");
  else {
    lines.push("Left out of the program, and why:", "");
    for (const { what, reason } of plan.skipped) lines.push(`- ${what}: ${reason}.`);
  }
  lines.push(
    "",
    "Archived notices are not exported (they are history); internal API keys are not listed by Didomi.",
  );
  return `${lines.join("\n")}\n`;
}

/** Shell commands with their comments aligned in one column. */
function commented(commands: [command: string, comment: string][]): string[] {
  const width = Math.max(...commands.map(([command]) => command.length)) + 2;
  return commands.map(([command, comment]) => (comment ? `${command.padEnd(width)}# ${comment}` : command));
}
