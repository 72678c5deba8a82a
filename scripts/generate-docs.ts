// Generates the argument and output tables of docs/resources/*.md from the field tables (fields/): names, types
// and traits from the tables at run time, descriptions from their TSDoc through the TypeScript compiler, so the
// docs say what an IDE hover says. Only the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`
// is written; the prose around it is the page's own.
//
//   npx tsx scripts/generate-docs.ts [--check] [--docs DIR]
//
// `--check` compares instead of writing and exits 1 when a page is stale (npm test runs it: test/docs/).
// `--docs` reads and writes the pages in another folder than docs/resources (the test's copy).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { z } from "zod";
import { resourceFields, type ResourceKind } from "../fields";
import { connectionFields } from "../fields/common";
import type { Field, FieldTable } from "../fields/define";

const ROOT = path.resolve(__dirname, "..");
/** A resource's page: `NoticeConfig` → notice-config.md. */
const pageOf = (kind: string) => `${kind.replace(/(?<=[a-z])(?=[A-Z])/g, "-").toLowerCase()}.md`;

interface Doc {
  text: string;
  tags: Record<string, string>;
}
type Docs = Map<string, Doc & { nested?: Docs }>;

/** The TSDoc of each field of each resource, read through the compiler from fields/index.ts. */
function readDocs(): Record<ResourceKind, { inputs: Docs; outputs: Docs }> {
  const entry = path.join(ROOT, "fields/index.ts");
  const program = ts.createProgram([entry], { strict: true, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const tables = checker.getExportsOfModule(moduleSymbol).find((symbol) => symbol.name === "resourceFields")!;
  const propertyType = (type: ts.Type, name: string) => checker.getTypeOfSymbol(checker.getPropertyOfType(type, name)!);
  const docsOf = (type: ts.Type): Docs =>
    new Map(
      checker.getPropertiesOfType(type).map((property) => {
        const tags = Object.fromEntries(property.getJsDocTags(checker).map((tag) => [tag.name, ts.displayPartsToString(tag.text)]));
        const nestedFields = checker.getPropertyOfType(checker.getTypeOfSymbol(property), "fields");
        const nested = nestedFields ? docsOf(checker.getTypeOfSymbol(nestedFields)) : undefined;
        return [property.name, { text: ts.displayPartsToString(property.getDocumentationComment(checker)), tags, nested }];
      }),
    );
  const all = checker.getTypeOfSymbol(tables);
  return Object.fromEntries(
    Object.keys(resourceFields).map((kind) => {
      const resource = propertyType(all, kind);
      return [kind, { inputs: docsOf(propertyType(resource, "inputs")), outputs: docsOf(propertyType(resource, "outputs")) }];
    }),
  ) as Record<ResourceKind, { inputs: Docs; outputs: Docs }>;
}

/** A zod type in words, as a reader of the docs needs it. */
function typeOf(schema: z.ZodType): string {
  const def = schema.def as { type: string } & Record<string, unknown>;
  switch (def.type) {
    case "optional":
      return typeOf((schema as z.ZodOptional).unwrap() as z.ZodType);
    case "nullable":
      return `${typeOf((schema as z.ZodNullable).unwrap() as z.ZodType)} \\| \`null\``;
    case "enum":
      return (schema as z.ZodEnum).options.map((option) => `\`${JSON.stringify(option)}\``).join(" \\| ");
    case "array": {
      const item = typeOf((schema as z.ZodArray).element as z.ZodType);
      return /\s/.test(item) ? `list of (${item})` : `${item}[]`;
    }
    case "record":
      return `Record<string, ${typeOf((schema as z.ZodRecord).valueType as z.ZodType)}>`;
    case "object":
      return "object";
    case "unknown":
      return "unknown";
    case "number": {
      const { minValue, maxValue, isInt } = schema as z.ZodNumber;
      const base = isInt ? "integer" : "number";
      const positive = (schema.def as { checks?: { _zod: { def: { check: string; inclusive?: boolean; value?: number } } }[] }).checks?.some(
        (check) => check._zod.def.check === "greater_than" && check._zod.def.inclusive === false && check._zod.def.value === 0,
      );
      if (positive) return `${base} > 0`;
      return minValue !== null && minValue > Number.MIN_SAFE_INTEGER ? `${base} ≥ ${minValue}${maxValue !== null && maxValue < Number.MAX_SAFE_INTEGER ? `, ≤ ${maxValue}` : ""}` : base;
    }
    case "string": {
      const { format, minLength, maxLength } = schema as z.ZodString;
      if (format === "url") return "string (http(s) URL)";
      if (format === "datetime") return "ISO date-time";
      if (format === "regex") return "string (pattern)";
      if (minLength && maxLength !== null) return `string, ${minLength}–${maxLength} characters`;
      return minLength ? "string, not empty" : "string";
    }
    default:
      return def.type;
  }
}

const isOptional = (schema: z.ZodType) => schema.safeParse(undefined).success;

/** One line of prose: a table cell holds no line break. */
const oneLine = (text: string) =>
  text
    .replace(/\{@link\s+([\w.]+)\s*\}/g, "`$1`")
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
/** A value from a tag (`@default false`, `@example "gdpr"`) as code, unless it is prose already. */
const asCode = (text: string) => (/^[^`\s]+$|^["{[]/.test(text.trim()) && !text.includes("`") ? `\`${oneLine(text)}\`` : oneLine(text));

function notes(field: Field, doc: Doc | undefined): string {
  const traits = field.traits;
  const parts = [oneLine(doc?.text ?? "")];
  if (doc?.tags.example) parts.push(`Example: ${asCode(doc.tags.example)}.`);
  if (traits.naturalKey) parts.push("Natural key (adoption, lost responses).");
  if (traits.clearable) parts.push("Removing it from the program clears it in Didomi.");
  if (traits.providerOnly) parts.push("Steers the provider only: not sent to Didomi.");
  if (traits.opaque) parts.push("Passed through verbatim.");
  if (traits.secret) parts.push("**Secret**: encrypted in the state.");
  return parts.filter(Boolean).join(" ");
}

function argumentsTable(fields: FieldTable, docs: Docs): string {
  const rows = Object.entries(fields).map(([name, field]) => {
    const doc = docs.get(name);
    const defaultValue = !isOptional(field.schema) ? "required" : doc?.tags.default ? asCode(doc.tags.default) : "not managed";
    return `| \`${name}\` | ${typeOf(field.schema)} | ${defaultValue} | ${field.traits.replaceOnChange ? "yes" : "no"} | ${notes(field, doc)} |`;
  });
  return ["| name | type | default | replaces? | description |", "|---|---|---|---|---|", ...rows].join("\n");
}

function outputsTable(inputs: FieldTable, outputs: FieldTable, docs: Docs): string {
  const rows = Object.entries(outputs).map(([name, field]) => {
    const type = `${typeOf(field.schema)}${isOptional(field.schema) ? " \\| undefined" : ""}`;
    return `| \`${name}\` | ${type} | ${notes(field, docs.get(name))}${name in inputs ? " (also an input)" : ""} |`;
  });
  return ["Every input, plus:", "", "| name | type | description |", "|---|---|---|", ...rows].join("\n");
}

/** The generated sections of each page, by section name. */
function generatedSections(): Map<string, Record<string, string>> {
  const docs = readDocs();
  const pages = new Map<string, Record<string, string>>();
  for (const [kind, resource] of Object.entries(resourceFields) as [ResourceKind, (typeof resourceFields)[ResourceKind]][]) {
    const inputs = resource.inputs as unknown as FieldTable;
    const sections: Record<string, string> = {
      arguments: argumentsTable(inputs, docs[kind].inputs),
      outputs: outputsTable(inputs, resource.outputs as unknown as FieldTable, docs[kind].outputs),
    };
    for (const [name, field] of Object.entries(inputs)) {
      // the connection every resource shares is documented once, in README.md
      if (field.fields && !(name in connectionFields)) sections[name] = argumentsTable(field.fields as FieldTable, docs[kind].inputs.get(name)!.nested!);
    }
    pages.set(pageOf(kind), sections);
  }
  pages.set("README.md", { connection: argumentsTable(connectionFields.connection.fields as unknown as FieldTable, docs.Domain.inputs.get("connection")!.nested!) });
  return pages;
}

/** The page with each generated section replaced; a section the page lacks is an error. */
function render(page: string, text: string, sections: Record<string, string>): string {
  let result = text;
  for (const [name, content] of Object.entries(sections)) {
    const pattern = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!pattern.test(result)) throw new Error(`docs/resources/${page}: no <!-- generated:${name} --> … <!-- /generated:${name} --> section`);
    result = result.replace(pattern, (_match, open: string, close: string) => `${open}${content}\n${close}`);
  }
  return result;
}

function main(args: string[]): void {
  const check = args.includes("--check");
  const docsFlag = args.indexOf("--docs");
  const docs = docsFlag >= 0 ? path.resolve(args[docsFlag + 1]!) : path.join(ROOT, "docs/resources");
  const stale: string[] = [];
  for (const [page, sections] of generatedSections()) {
    const file = path.join(docs, page);
    const current = readFileSync(file, "utf8");
    const wanted = render(page, current, sections);
    if (wanted === current) continue;
    if (check) stale.push(path.relative(process.cwd(), file));
    else writeFileSync(file, wanted);
  }
  if (stale.length > 0) {
    console.error(`stale generated docs: ${stale.join(", ")}; run \`npx tsx scripts/generate-docs.ts\` and commit the result`);
    process.exit(1);
  }
}

main(process.argv.slice(2));
