// The stack's state: resources as the engine holds them in memory, and their file form (`pulumi stack export`,
// deployment version 3) with secrets encrypted (stack.SerializePropertyValue: the secret's JSON-encoded plaintext
// becomes a "ciphertext" field next to the secret signature).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import {
  isPlainObject,
  PropertyMap,
  PropertyValue,
  RESOURCE_SIG,
  ResourceReference,
  Secret,
  SECRET_SIG,
  SIGNATURE_KEY,
  Unknown,
  UNKNOWN_SENTINEL,
} from "./properties";
import { Crypter } from "./secrets";
import { DeploymentState, StateResource, StateValue } from "./types";

/** Version of the Pulumi engine whose behaviour the harness reproduces (recorded in the manifest). */
export const ENGINE_VERSION = "v3.248.0";
const MANIFEST_MAGIC = "pulumi-didomi-test-engine";

export const STACK_TYPE = "pulumi:pulumi:Stack";
export const NODEJS_PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";

/** Provider resources are internal: no provider calls for them, no steps shown. */
export function isProviderType(type: string): boolean {
  return type.startsWith("pulumi:providers:");
}

/** A resource as the engine handles it (pkg/resource/state.go State), with decrypted property values. */
export interface ResourceState {
  urn: string;
  type: string;
  custom: boolean;
  id: string;
  inputs: PropertyMap;
  outputs: PropertyMap;
  parent: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  provider: string;
  protect: boolean;
  retainOnDelete: boolean;
  deletedWith: string;
  external: boolean;
  /** Pending deletion: the old half of a create-before-delete replacement. */
  delete: boolean;
  initErrors: string[];
  additionalSecretOutputs: string[];
  ignoreChanges: string[];
  replaceOnChanges: string[];
  importId: string;
  created?: string;
  modified?: string;
}

export function nameOfUrn(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

export function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? qualified;
}

/** resource.NewURN: the type is qualified by the parent's type chain unless the parent is the stack. */
export function makeUrn(stack: string, project: string, parentUrn: string, type: string, name: string): string {
  const parentQualifiedType = parentUrn ? (parentUrn.split("::")[2] ?? "") : "";
  const qualified = parentQualifiedType && parentQualifiedType !== STACK_TYPE ? `${parentQualifiedType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

// ---------------------------------------------------------------------------------------------------------------
// File form

export class StateFile {
  private constructor(
    readonly path: string,
    readonly crypter: Crypter,
    readonly resources: ResourceState[],
  ) {}

  static async load(path: string, passphrase: string): Promise<StateFile> {
    const raw = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as DeploymentState) : undefined;
    if (raw !== undefined && raw.version !== 3) {
      throw new Error(`state file ${path}: expected a 'pulumi stack export' document with version 3, got ${raw.version}`);
    }
    const crypter = await Crypter.open(passphrase, raw?.deployment.secrets_providers?.state.salt);
    const resources = (raw?.deployment.resources ?? []).map((r) => resourceFromFile(r, crypter));
    return new StateFile(path, crypter, resources);
  }

  /** Writes atomically, so a crash mid-write never leaves a truncated state. */
  save(resources: ResourceState[]): void {
    const document: DeploymentState = {
      version: 3,
      deployment: {
        manifest: { time: new Date().toISOString(), magic: MANIFEST_MAGIC, version: ENGINE_VERSION },
        secrets_providers: { type: "passphrase", state: { salt: this.crypter.salt } },
        resources: resources.map((r) => resourceToFile(r, fileEncoding(this.crypter))),
      },
    };
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(document, null, 4)}\n`);
    renameSync(temporary, this.path);
  }
}

function resourceFromFile(r: StateResource, crypter: Crypter): ResourceState {
  return {
    urn: r.urn,
    type: r.type,
    custom: r.custom,
    id: r.id ?? "",
    inputs: mapFromFile(r.inputs, crypter),
    outputs: mapFromFile(r.outputs, crypter),
    parent: r.parent ?? "",
    dependencies: r.dependencies ?? [],
    propertyDependencies: r.propertyDependencies ?? {},
    provider: r.provider ?? "",
    protect: r.protect ?? false,
    retainOnDelete: r.retainOnDelete ?? false,
    deletedWith: r.deletedWith ?? "",
    external: r.external ?? false,
    delete: r.delete ?? false,
    initErrors: r.initErrors ?? [],
    additionalSecretOutputs: r.additionalSecretOutputs ?? [],
    ignoreChanges: r.ignoreChanges ?? [],
    replaceOnChanges: r.replaceOnChanges ?? [],
    importId: r.importID ?? "",
    ...(r.created !== undefined && { created: r.created }),
    ...(r.modified !== undefined && { modified: r.modified }),
  };
}

/** How the two values JSON cannot hold are written: a secret and an unknown. */
interface ValueEncoding {
  secret(element: PropertyValue): StateValue;
  unknown(): StateValue;
}

/** The state file: a secret's JSON-encoded value becomes ciphertext next to the signature; no unknowns. */
function fileEncoding(crypter: Crypter): ValueEncoding {
  const encoding: ValueEncoding = {
    secret: (element) => ({
      [SIGNATURE_KEY]: SECRET_SIG,
      ciphertext: crypter.encrypt(JSON.stringify(valueToFile(element, encoding))),
    }),
    unknown: () => {
      throw new Error("internal error: an unknown value reached the state file (unknowns exist only in previews)");
    },
  };
  return encoding;
}

/**
 * The CLI's `--json` output without `--show-secrets` (stateForJSONOutput in pkg/backend/display/json.go): every
 * secret is replaced by the plain string "[secret]" before serializing, and an unknown is its sentinel string.
 */
const DISPLAY_ENCODING: ValueEncoding = { secret: () => "[secret]", unknown: () => UNKNOWN_SENTINEL };

/** A resource as `pulumi preview --json` shows it in a step's oldState/newState. */
export function resourceForDisplay(r: ResourceState): StateResource {
  return resourceToFile(r, DISPLAY_ENCODING);
}

function resourceToFile(r: ResourceState, encoding: ValueEncoding): StateResource {
  const nonEmpty = <T>(items: T[]) => (items.length > 0 ? items : undefined);
  const file: StateResource = {
    urn: r.urn,
    custom: r.custom,
    delete: r.delete || undefined,
    id: r.id || undefined,
    type: r.type,
    inputs: Object.keys(r.inputs).length > 0 ? mapToFile(r.inputs, encoding) : undefined,
    outputs: Object.keys(r.outputs).length > 0 ? mapToFile(r.outputs, encoding) : undefined,
    parent: r.parent || undefined,
    protect: r.protect || undefined,
    external: r.external || undefined,
    dependencies: nonEmpty(r.dependencies),
    initErrors: nonEmpty(r.initErrors),
    provider: r.provider || undefined,
    propertyDependencies: Object.keys(r.propertyDependencies).length > 0 ? r.propertyDependencies : undefined,
    additionalSecretOutputs: nonEmpty(r.additionalSecretOutputs),
    importID: r.importId || undefined,
    retainOnDelete: r.retainOnDelete || undefined,
    deletedWith: r.deletedWith || undefined,
    created: r.created,
    modified: r.modified,
    ignoreChanges: nonEmpty(r.ignoreChanges),
    replaceOnChanges: nonEmpty(r.replaceOnChanges),
  };
  // Drop the keys left undefined so the JSON matches Pulumi's omitempty output.
  return JSON.parse(JSON.stringify(file)) as StateResource;
}

function mapFromFile(map: Record<string, StateValue> | undefined, crypter: Crypter): PropertyMap {
  const out: PropertyMap = {};
  for (const [k, v] of Object.entries(map ?? {})) out[k] = valueFromFile(v, crypter);
  return out;
}

function valueFromFile(v: StateValue, crypter: Crypter): PropertyValue {
  if (Array.isArray(v)) return v.map((e) => valueFromFile(e, crypter));
  if (!isPlainObject(v)) return v;
  const sig = v[SIGNATURE_KEY];
  if (sig === SECRET_SIG) {
    if (typeof v["ciphertext"] === "string") {
      return new Secret(valueFromFile(JSON.parse(crypter.decrypt(v["ciphertext"])) as StateValue, crypter));
    }
    return new Secret(valueFromFile(v["plaintext"] ?? v["value"] ?? null, crypter));
  }
  if (sig === RESOURCE_SIG) {
    const id = v["id"];
    return new ResourceReference(
      String(v["urn"]),
      id === undefined ? undefined : valueFromFile(id, crypter),
      typeof v["packageVersion"] === "string" ? v["packageVersion"] : "",
    );
  }
  return mapFromFile(v, crypter);
}

function mapToFile(map: PropertyMap, encoding: ValueEncoding): Record<string, StateValue> {
  const out: Record<string, StateValue> = {};
  for (const key of Object.keys(map).sort()) out[key] = valueToFile(map[key]!, encoding);
  return out;
}

function valueToFile(v: PropertyValue, encoding: ValueEncoding): StateValue {
  if (v instanceof Secret) return encoding.secret(v.element);
  if (v instanceof Unknown) return encoding.unknown();
  if (v instanceof ResourceReference) {
    const ref: Record<string, StateValue> = { [SIGNATURE_KEY]: RESOURCE_SIG, urn: v.urn };
    if (v.id !== undefined) ref["id"] = valueToFile(v.id, encoding);
    if (v.packageVersion) ref["packageVersion"] = v.packageVersion;
    return ref;
  }
  if (Array.isArray(v)) return v.map((e) => valueToFile(e, encoding));
  if (isPlainObject(v)) return mapToFile(v as PropertyMap, encoding);
  return v as StateValue;
}

/** State file → the same document with secrets decrypted in place ({ signature, plaintext }), for tests. */
export function decryptState(state: DeploymentState, crypter: Crypter): DeploymentState {
  const decryptValue = (v: StateValue): StateValue => {
    if (Array.isArray(v)) return v.map(decryptValue);
    if (!isPlainObject(v)) return v;
    if (v[SIGNATURE_KEY] === SECRET_SIG && typeof v["ciphertext"] === "string") {
      return { [SIGNATURE_KEY]: SECRET_SIG, plaintext: decryptValue(JSON.parse(crypter.decrypt(v["ciphertext"]))) };
    }
    const out: Record<string, StateValue> = {};
    for (const [k, child] of Object.entries(v)) out[k] = decryptValue(child);
    return out;
  };
  return decryptValue(state as unknown as StateValue) as unknown as DeploymentState;
}
