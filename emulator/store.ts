// The emulator's in-memory state, its seeding, and its persistence to a JSON file (atomic, serialized, coalesced).
import { randomBytes, randomInt } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";

export interface SeedFile {
  organizations: Array<{ id: string; name: string; apiKeys?: Array<{ id: string; secret: string; name?: string }> }>;
}

/** Org `demo`, key `demo-key`, secret `demo-secret`: what the CLI and startEmulator seed when given no seed. */
export const DEFAULT_SEED: SeedFile = {
  organizations: [{ id: "demo", name: "Demo", apiKeys: [{ id: "demo-key", secret: "demo-secret" }] }],
};

export interface OrganizationRecord {
  id: string;
  name: string;
  website: string | null;
  public_api_key: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** Quota limits are read from the settings at response time; only identity is stored. */
export interface QuotaRecord {
  id: string;
  organization_id: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ApiKeyRecord {
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  enabled: boolean;
  is_internal: boolean;
  created_at: string;
  updated_at: string;
  version: number;
  /** Returned only by POST /keys. */
  secret: string;
}

export interface SecretRecord {
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  secret: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export type DomainStatus = "draft" | "scheduled" | "to_be_deleted" | "deploying" | "deleting" | "failed" | "ready";

export interface DomainRecord {
  id: string;
  organization_id: string;
  description: string | null;
  enabled: boolean;
  entity_id: string | null;
  type: "custom" | "managed";
  status: DomainStatus;
  usage: string;
  bots_crawl: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface NoticeRecord {
  id: string;
  organization_id: string;
  name: string;
  archived_at: string | null;
  privacy_experience_id: string | null;
  environment: string | null;
  external_source: string | null;
  external_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A regulation configuration: its override fields live beside these (see handlers/configs.ts). */
export interface RegulationConfigRecord {
  id: string;
  regulation_id: string;
  organization_id: string;
  notice_config_id: string;
  is_default_regulation_config: boolean;
  geo_locations: string[];
  disabled_at: string | null;
  config: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
  version: number;
  [field: string]: unknown;
}

/** A notice configuration: the fields named here plus every other `notices-config` field (see handlers/configs.ts). */
export interface ConfigRecord {
  id: string;
  organization_id: string;
  notice_id: string;
  deployed_at: string | null;
  config: Record<string, unknown>;
  custom_json: Record<string, unknown>;
  regulation_configurations: RegulationConfigRecord[];
  created_at: string;
  updated_at: string;
  version: number;
  [field: string]: unknown;
}

export type DeploymentStatus = "ready" | "running" | "success" | "failure";

export interface DeploymentRecord {
  id: string;
  notice_id: string;
  organization_id: string;
  production_config_id: string;
  message: string;
  status: DeploymentStatus;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SdkConfigRecord {
  id: string;
  regulation_id: string;
  geo_locations: string[];
  sdk_config: Record<string, unknown>;
  created_at: string;
  deployment_id: string;
  notice_id: string;
  notice_config_id: string;
  notice_regulation_config_id: string | null;
  organization_id: string;
}

/** An asynchronous status change, applied lazily when due (see transitions.ts). */
/**
 * A Data Manager object (vendor, purpose, purpose group, partner category) or a notice template and its config.
 * `organization_id` null marks a global one (Didomi's and IAB's lists), which every organization reads and none
 * changes. Fields beyond identity are kept as the API received them.
 */
export interface MetadataRecord {
  id: string;
  organization_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  [field: string]: unknown;
}

export interface PendingTransition {
  kind: "domain-provision" | "domain-delete" | "deployment";
  /** Id of the domain or deployment. */
  id: string;
  startedAt: number;
  dueAt: number;
  outcome: "success" | "failure";
}

export interface Collections {
  organizations: Map<string, OrganizationRecord>;
  quotas: Map<string, QuotaRecord>;
  apiKeys: Map<string, ApiKeyRecord>;
  secrets: Map<string, SecretRecord>;
  domains: Map<string, DomainRecord>;
  notices: Map<string, NoticeRecord>;
  configs: Map<string, ConfigRecord>;
  deployments: Map<string, DeploymentRecord>;
  sdkConfigs: Map<string, SdkConfigRecord>;
  partners: Map<string, MetadataRecord>;
  purposes: Map<string, MetadataRecord>;
  purposeGroups: Map<string, MetadataRecord>;
  partnerCategories: Map<string, MetadataRecord>;
  templates: Map<string, MetadataRecord>;
  templateConfigs: Map<string, MetadataRecord>;
}

const COLLECTION_NAMES = [
  "organizations",
  "quotas",
  "apiKeys",
  "secrets",
  "domains",
  "notices",
  "configs",
  "deployments",
  "sdkConfigs",
  "partners",
  "purposes",
  "purposeGroups",
  "partnerCategories",
  "templates",
  "templateConfigs",
] as const satisfies ReadonlyArray<keyof Collections>;

/** Revoked key ids (setting `revokeTokensOnKeyDelete`) and the JWT signing key are state too: tokens survive a restart. */
export interface State extends Collections {
  signingKey: string;
  revokedKeyIds: Set<string>;
  pending: PendingTransition[];
}

/** Format of the `--data` file. */
interface PersistedState {
  format: 1;
  signingKey: string;
  revokedKeyIds: string[];
  pending: PendingTransition[];
  collections: Record<keyof Collections, unknown[]>;
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function randomId(): string {
  let id = "";
  for (let i = 0; i < 8; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export function randomSecret(): string {
  return randomBytes(24).toString("base64url");
}

export function isoNow(): string {
  return new Date().toISOString();
}

function emptyCollections(): Collections {
  return Object.fromEntries(COLLECTION_NAMES.map((name) => [name, new Map()])) as unknown as Collections;
}

export class Store {
  state: State;
  private writing: Promise<void> | undefined;
  private dirty = false;

  private constructor(
    private readonly dataFile: string | undefined,
    state: State,
  ) {
    this.state = state;
  }

  /** Loads `dataFile` when it exists, else starts empty; then applies the seed (idempotent per id). */
  static open(dataFile: string | undefined, seed: SeedFile): Store {
    const store = new Store(
      dataFile,
      dataFile && existsSync(dataFile) ? readState(dataFile) : freshState(randomSecret()),
    );
    store.seed(seed);
    return store;
  }

  /** Wipes every collection and pending transition; the signing key stays, so tokens of re-seeded keys keep working. */
  reset(seed: SeedFile): void {
    this.state = freshState(this.state.signingKey);
    this.seed(seed);
  }

  /**
   * Adds the seed's organizations and keys that do not exist yet; existing ids are left as they are (so seeding is
   * idempotent and a restart with --data never undoes changes made through the API). Returns the ids seeded.
   */
  seed(seed: SeedFile): { organizations: string[]; apiKeys: string[] } {
    const now = isoNow();
    seedGlobalMetadata(this.state, now);
    const { organizations, quotas, apiKeys, revokedKeyIds } = this.state;
    for (const org of seed.organizations) {
      if (!organizations.has(org.id)) {
        organizations.set(org.id, {
          id: org.id,
          name: org.name,
          website: null,
          public_api_key: randomId() + randomId(),
          created_at: now,
          updated_at: now,
          version: 0,
        });
        const quotaId = this.newId(quotas);
        quotas.set(quotaId, { id: quotaId, organization_id: org.id, created_at: now, updated_at: now, version: 0 });
      }
      for (const key of org.apiKeys ?? []) {
        if (apiKeys.has(key.id)) continue;
        apiKeys.set(key.id, {
          id: key.id,
          organization_id: org.id,
          name: key.name ?? key.id,
          description: null,
          enabled: true,
          is_internal: false,
          created_at: now,
          updated_at: now,
          version: 0,
          secret: key.secret,
        });
        revokedKeyIds.delete(key.id);
      }
    }
    this.persistSoon();
    return {
      organizations: seed.organizations.map((org) => org.id),
      apiKeys: seed.organizations.flatMap((org) => (org.apiKeys ?? []).map((key) => key.id)),
    };
  }

  /** A fresh 8-character id that is not a key of `collection`. */
  newId(collection: Map<string, unknown>): string {
    let id = randomId();
    while (collection.has(id)) id = randomId();
    return id;
  }

  /** Schedules a write of the data file. Writes never overlap; changes made during a write cause one more write. */
  persistSoon(): void {
    if (!this.dataFile) return;
    this.dirty = true;
    this.writing ??= this.writeUntilClean();
  }

  /** Resolves once every change made so far is on disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async writeUntilClean(): Promise<void> {
    // Yield first so that a burst of requests results in one write.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.dirty) {
        this.dirty = false;
        await writeAtomically(this.dataFile!, JSON.stringify(serialize(this.state)));
      }
    } catch (error) {
      process.stderr.write(`didomi-emulator: cannot write ${this.dataFile}: ${(error as Error).message}\n`);
    } finally {
      this.writing = undefined;
    }
  }
}

/**
 * Didomi's and IAB's global metadata, a small realistic part of it: partner categories, IAB TCF purposes, Didomi's
 * own purposes and a few well-known vendors. Added when missing (a data file from an older emulator gets them too).
 */
function seedGlobalMetadata(state: Collections, now: string): void {
  const stamp = { organization_id: null, created_at: now, updated_at: now, version: 0 };
  const add = (collection: Map<string, MetadataRecord>, record: { id: string } & Record<string, unknown>) => {
    if (!collection.has(record.id)) collection.set(record.id, { ...stamp, ...record });
  };
  for (const [id, name] of [["analytics", "Analytics"], ["advertising", "Advertising"], ["marketing", "Marketing"], ["social", "Social media"], ["other", "Other"]]) {
    add(state.partnerCategories, { id, name: { en: name } });
  }
  const iab = [
    "Store and/or access information on a device", "Use limited data to select advertising", "Create profiles for personalised advertising",
    "Use profiles to select personalised advertising", "Create profiles to personalise content", "Use profiles to select personalised content",
    "Measure advertising performance", "Measure content performance", "Understand audiences through statistics or combinations of data from different sources",
    "Develop and improve services", "Use limited data to select content",
  ];
  iab.forEach((name, index) => add(state.purposes, { id: `iab-${index + 1}`, description: { en: name }, namespaces: { iab2: String(index + 1) }, type: "purpose" }));
  for (const [id, name] of [["cookies", "Cookies"], ["analytics", "Analytics"], ["advertising_personalization", "Personalised advertising"]]) {
    add(state.purposes, { id, description: { en: name }, namespaces: { didomi: id }, type: "purpose" });
  }
  for (const [id, name, category, iab2] of [["google", "Google Advertising Products", "advertising", "755"], ["facebook", "Facebook", "social", ""], ["amazon", "Amazon", "advertising", "793"]]) {
    add(state.partners, { id, name, category_id: category, namespaces: { didomi: id, ...(iab2 ? { iab2 } : {}) }, default_purposes_id: ["cookies"], deprecated: false });
  }
}

function freshState(signingKey: string): State {
  return { ...emptyCollections(), signingKey, revokedKeyIds: new Set(), pending: [] };
}

let tmpCounter = 0;

/** Write to a temporary file beside the target, then rename: a reader never sees a half-written file. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

function serialize(state: State): PersistedState {
  return {
    format: 1,
    signingKey: state.signingKey,
    revokedKeyIds: [...state.revokedKeyIds],
    pending: state.pending,
    collections: Object.fromEntries(
      COLLECTION_NAMES.map((name) => [name, [...(state[name] as Map<string, unknown>).values()]]),
    ) as PersistedState["collections"],
  };
}

function readState(file: string): State {
  let persisted: PersistedState;
  try {
    persisted = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read emulator data file ${file}: ${(error as Error).message}`);
  }
  if (persisted.format !== 1) {
    throw new Error(`Emulator data file ${file} has format ${JSON.stringify(persisted.format)}; this emulator reads format 1`);
  }
  const state = freshState(persisted.signingKey);
  for (const name of COLLECTION_NAMES) {
    const map = state[name] as Map<string, { id: string }>;
    for (const record of (persisted.collections[name] ?? []) as Array<{ id: string }>) map.set(record.id, record);
  }
  state.revokedKeyIds = new Set(persisted.revokedKeyIds);
  state.pending = persisted.pending;
  return state;
}

/** Checks a seed read from JSON; errors name the offending path, e.g. `organizations[0].apiKeys[1].secret`. */
export function validateSeed(seed: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  const isNonEmptyString = (value: unknown) => typeof value === "string" && value.length > 0;
  if (typeof seed !== "object" || seed === null || !Array.isArray((seed as SeedFile).organizations)) {
    return { organizations: 'must be an array, e.g. {"organizations":[{"id":"acme","name":"Acme"}]}' };
  }
  (seed as SeedFile).organizations.forEach((org, i) => {
    const at = `organizations[${i}]`;
    if (typeof org !== "object" || org === null) {
      errors[at] = "must be an object";
      return;
    }
    if (!isNonEmptyString(org.id)) errors[`${at}.id`] = "must be a non-empty string";
    if (typeof org.name !== "string") errors[`${at}.name`] = "must be a string";
    if (org.apiKeys !== undefined && !Array.isArray(org.apiKeys)) errors[`${at}.apiKeys`] = "must be an array";
    if (!Array.isArray(org.apiKeys)) return;
    org.apiKeys.forEach((key, j) => {
      const keyAt = `${at}.apiKeys[${j}]`;
      if (typeof key !== "object" || key === null) {
        errors[keyAt] = "must be an object";
        return;
      }
      if (!isNonEmptyString(key.id)) errors[`${keyAt}.id`] = "must be a non-empty string";
      if (!isNonEmptyString(key.secret)) errors[`${keyAt}.secret`] = "must be a non-empty string";
      if (key.name !== undefined && typeof key.name !== "string") errors[`${keyAt}.name`] = "must be a string";
    });
  });
  return errors;
}
