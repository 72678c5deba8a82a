// Regenerates emulator/contract/schemas.json, the request-body contract the emulator validates against,
// from Didomi's published OpenAPI document.
//
//   npx tsx scripts/generate-emulator-contract.ts [path/to/openapi.yml] [--check]
//
// The default input is ../shared/didomi-api/openapi.yml (relative to the repository). For each request-body
// schema in scope it keeps field names, types, enums, the date-time format, nullability and required lists,
// inlines `$ref`s, and drops every description, title and example. Output keys are sorted so the file is
// reproducible. `--check` compares instead of writing and exits 1 when the committed file is stale.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CORE_SCHEMA, load } from "js-yaml";
import type { BodySchemaName } from "../emulator/contract";
import type { FieldContract } from "../emulator/contract/types";

const REPO_ROOT = path.resolve(__dirname, "..");
const DEFAULT_OPENAPI = path.resolve(REPO_ROOT, "../shared/didomi-api/openapi.yml");
const OUTPUT = path.join(REPO_ROOT, "emulator/contract/schemas.json");

// `satisfies` keeps this list and BodySchemaName in step: a name missing or extra on either side fails typecheck.
const BODY_SCHEMAS = {
  "sessions-input": true,
  "keys-input-create": true,
  "keys-input-update": true,
  "secrets-input": true,
  "domains-input-create": true,
  "domains-input-update": true,
  "notices-input": true,
  "notices-config-input": true,
  "notices-regulation-config-input": true,
  "notices-deployments-input": true,
  "partners-input": true,
  "purposes-input": true,
  "purposes-patch-input": true,
  "purposes-group-input": true,
  "notices-templates-input": true,
  "notices-templates-configs-input": true,
} satisfies Record<BodySchemaName, true>;

// openapi.yml never declares `nullable`, yet ../shared/didomi-api/BEHAVIOR.md documents null as a value clients
// send, or read back and PATCH back as Didomi's own scripts do (§8.2). Rejecting it would break documented flows,
// and the emulator cannot add it on top of the validator, so it is amended here, each with its section.
type NullableAmendment = { fields: string[] } | { allFieldsExcept: string[] };
const NULLABLE_PER_BEHAVIOR: Partial<Record<BodySchemaName, NullableAmendment>> = {
  // §6.1 `entity_id` is string/null; §6.3 a domain is unassigned with PATCH {entity_id: null} before deletion.
  "domains-input-create": { fields: ["entity_id"] },
  "domains-input-update": { fields: ["entity_id"] },
  // §7.1 `archived_at` is date-time/null; §7.2 un-archiving is PATCH {archived_at: null}.
  "notices-input": { fields: ["archived_at"] },
  // §7.2 and §8.4: a draft reads back `ignore_consent_before: null`, `country: null`, `negative_action: null`
  // (the description of `negative_action` itself names null as "no negative action").
  "notices-config-input": { fields: ["country", "ignore_consent_before", "negative_action"] },
  // §8.3 "their properties are nullable and override the parent configuration"; identity fields are not overrides.
  "notices-regulation-config-input": {
    allFieldsExcept: ["id", "notice_config_id", "organization_id", "regulation_id"],
  },
};

const FIELD_TYPES = new Set<string>(["string", "number", "integer", "boolean", "object", "array"]);
// Keywords carrying only prose: dropped. Any keyword neither here nor handled below stops the generator, so a
// constraint added to openapi.yml later (allOf, pattern, minimum, ...) is never silently ignored.
// `default` is what the server fills in, not a constraint on what a client sends.
const PROSE_KEYWORDS = new Set(["description", "title", "example", "examples", "default"]);
const HANDLED_KEYWORDS = new Set(["$ref", "type", "enum", "format", "nullable", "items", "properties", "required", "additionalProperties", "schema"]);
const COMPONENT_REF_PREFIX = "#/components/schemas/";

type OpenApiSchema = Record<string, unknown>;

interface Conversion {
  components: Record<string, OpenApiSchema>;
  /** Component names being converted, outermost first: detects `$ref` cycles. */
  resolving: string[];
}

/** Converts openapi.yml's text into the serialized contract (schemas.json's exact content). */
function generateContract(openapiText: string): string {
  const document = load(openapiText, { schema: CORE_SCHEMA }) as { components?: { schemas?: unknown } };
  const components = document?.components?.schemas;
  if (!isPlainObject(components)) throw new Error("openapi document has no components.schemas");
  const conversion: Conversion = { components: components as Record<string, OpenApiSchema>, resolving: [] };
  const contract: Record<string, FieldContract> = {};
  for (const name of Object.keys(BODY_SCHEMAS)) contract[name] = convertComponent(name, conversion);
  return JSON.stringify(sortKeys(contract), null, 2) + "\n";
}

function convertComponent(name: string, conversion: Conversion): FieldContract {
  if (conversion.resolving.includes(name)) {
    throw new Error(`$ref cycle through ${[...conversion.resolving, name].join(" -> ")}`);
  }
  const schema = conversion.components[name];
  if (!isPlainObject(schema)) throw new Error(`components.schemas has no schema "${name}"`);
  conversion.resolving.push(name);
  const contract = convertSchema(schema, name, conversion);
  conversion.resolving.pop();
  const amendment = NULLABLE_PER_BEHAVIOR[name as BodySchemaName];
  if (amendment) applyNullable(name, contract, amendment);
  return contract;
}

function convertSchema(schema: OpenApiSchema, where: string, conversion: Conversion): FieldContract {
  for (const keyword of Object.keys(schema)) {
    if (!HANDLED_KEYWORDS.has(keyword) && !PROSE_KEYWORDS.has(keyword)) {
      throw new Error(`${where}: unsupported keyword "${keyword}"; teach scripts/generate-emulator-contract.ts about it`);
    }
  }
  if (schema.$ref !== undefined) return convertRef(schema, where, conversion);
  // purposes-input declares some properties as { description, schema: {…} }, the shape of a parameter: the inner
  // schema is the property's
  if (schema.schema !== undefined) {
    if (schema.type !== undefined || !isPlainObject(schema.schema)) throw new Error(`${where}: "schema" beside "type" is not supported`);
    return convertSchema(schema.schema, where, conversion);
  }

  const type = schema.type;
  if (typeof type !== "string" || !FIELD_TYPES.has(type)) {
    throw new Error(`${where}: unsupported type ${JSON.stringify(type)}`);
  }
  const contract: FieldContract = { type: type as FieldContract["type"] };
  if (schema.nullable === true) contract.nullable = true;
  if (schema.enum !== undefined) convertEnum(schema.enum, where, contract);
  // Other formats (uri, ...) are annotations the emulator does not check.
  if (schema.format === "date-time") contract.format = "date-time";

  if (type === "array") {
    if (!isPlainObject(schema.items)) throw new Error(`${where}: array without items`);
    contract.items = convertSchema(schema.items, `${where}[]`, conversion);
  }
  // an object whose additional properties may be anything is an opaque object, as one without properties is
  if (schema.additionalProperties !== undefined) {
    const any = schema.additionalProperties === true || (isPlainObject(schema.additionalProperties) && Object.keys(schema.additionalProperties).length === 0);
    if (type !== "object" || !any || schema.properties !== undefined) throw new Error(`${where}: unsupported keyword "additionalProperties" with this value; only {} on an object without properties (an opaque object) is understood`);
  }
  if (type === "object" && schema.properties !== undefined) {
    if (!isPlainObject(schema.properties)) throw new Error(`${where}: properties must be a map`);
    contract.properties = {};
    for (const [field, fieldSchema] of Object.entries(schema.properties)) {
      if (!isPlainObject(fieldSchema)) throw new Error(`${where}.${field}: schema must be a map`);
      contract.properties[field] = convertSchema(fieldSchema, `${where}.${field}`, conversion);
    }
  }
  if (schema.required !== undefined) {
    const required = schema.required;
    if (!Array.isArray(required) || !required.every((field) => typeof field === "string")) {
      throw new Error(`${where}: required must be a list of field names`);
    }
    contract.required = required;
  }
  return contract;
}

function convertRef(schema: OpenApiSchema, where: string, conversion: Conversion): FieldContract {
  const ref = schema.$ref;
  const siblings = Object.keys(schema).filter((keyword) => keyword !== "$ref" && !PROSE_KEYWORDS.has(keyword));
  if (siblings.length > 0) throw new Error(`${where}: keywords beside $ref are not supported (${siblings.join(", ")})`);
  if (typeof ref !== "string" || !ref.startsWith(COMPONENT_REF_PREFIX)) {
    throw new Error(`${where}: only local component $refs are supported, got ${JSON.stringify(ref)}`);
  }
  return convertComponent(ref.slice(COMPONENT_REF_PREFIX.length), conversion);
}

function convertEnum(values: unknown, where: string, contract: FieldContract): void {
  if (!Array.isArray(values)) throw new Error(`${where}: enum must be a list`);
  const allowed: Array<string | number | boolean> = [];
  for (const value of values) {
    if (value === null) contract.nullable = true;
    else if (["string", "number", "boolean"].includes(typeof value)) allowed.push(value as string | number | boolean);
    else throw new Error(`${where}: unsupported enum value ${JSON.stringify(value)}`);
  }
  contract.enum = allowed;
}

function applyNullable(name: string, contract: FieldContract, amendment: NullableAmendment): void {
  const properties = contract.properties ?? {};
  const named = "fields" in amendment ? amendment.fields : amendment.allFieldsExcept;
  for (const field of named) {
    // A field renamed or removed in openapi.yml must surface here, not leave a dead amendment behind.
    if (!Object.hasOwn(properties, field)) throw new Error(`${name}: nullable amendment names unknown field "${field}"`);
  }
  const nullable =
    "fields" in amendment ? named : Object.keys(properties).filter((field) => !named.includes(field));
  for (const field of nullable) properties[field]!.nullable = true;
}

/** Copies a JSON value with every object's keys in sorted order; arrays keep their order (it is meaningful). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function main(args: string[]): void {
  const check = args.includes("--check");
  const unknownFlags = args.filter((arg) => arg.startsWith("--") && arg !== "--check");
  const inputs = args.filter((arg) => !arg.startsWith("--"));
  if (unknownFlags.length > 0 || inputs.length > 1) {
    throw new Error("usage: npx tsx scripts/generate-emulator-contract.ts [path/to/openapi.yml] [--check]");
  }
  const openapiPath = inputs[0] ? path.resolve(inputs[0]) : DEFAULT_OPENAPI;
  const generated = generateContract(readFileSync(openapiPath, "utf8"));
  const outputName = path.relative(process.cwd(), OUTPUT);
  if (check) {
    const committed = existsSync(OUTPUT) ? readFileSync(OUTPUT, "utf8") : "";
    if (committed !== generated) {
      throw new Error(`${outputName} is stale: regenerate it with npx tsx scripts/generate-emulator-contract.ts`);
    }
    console.log(`${outputName} matches ${openapiPath}`);
    return;
  }
  writeFileSync(OUTPUT, generated);
  console.log(`wrote ${outputName} from ${openapiPath}`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
