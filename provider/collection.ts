// What keys, secrets, notices and domains do the same way on their Didomi collection: find one object by
// its natural key, create it or adopt it, read it by id (both served from one read of the whole collection per
// operation: client/views.ts), PATCH the fields that changed, DELETE it.
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { Fields, ResourceFields } from "../fields/define";
import { checkInputs } from "./check";
import { byId, ConflictError, itemPath } from "./client";
import { connect, type Connection } from "./config";
import { computedOutputsOf, diffFields, planChanges, rulesOf, type DiffRules } from "./diff";
import { liveInputs, tableMapping, unchangedRemotely } from "./fields";
import { ignoreNotFound } from "./lifecycle";
import { log } from "./log";

export interface Collection<Inputs extends object, Outputs extends object, Api extends { id: string }> {
  /** "/keys" */
  path: string;
  schema: z.ZodType<Api>;
  rules: DiffRules;
  /** Outputs Didomi computes, kept as they were by an update that sends nothing. */
  computedOutputs: readonly string[];
  /** Inputs → request body, for the given fields. */
  expand(inputs: Partial<Inputs>, fields: readonly string[]): Record<string, unknown>;
  /** Didomi's object → the inputs it corresponds to. */
  flatten(object: Api): Record<string, unknown>;
  /** The resource's outputs; `olds` holds what Didomi returns only once (a key's secret). */
  outputs(inputs: Inputs, object: Api, olds?: Outputs): Outputs;
  /** An object in this state no longer exists for Pulumi (an archived notice, a domain being deleted). */
  isGone?(object: Api): boolean;
}

/**
 * A collection whose rules, computed outputs, request body and live inputs all follow from the resource's field
 * table; `spec` gives what the table cannot: the path, the API object's schema, the outputs (and any override).
 */
export function collectionOf<I extends object, O extends object, A extends { id: string }>(
  resource: ResourceFields<Fields, Fields>,
  spec: Pick<Collection<I, O, A>, "path" | "schema" | "outputs"> & Partial<Collection<I, O, A>>,
): Collection<I, O, A> {
  const rules = rulesOf(resource);
  return { rules, computedOutputs: computedOutputsOf(resource), ...tableMapping(resource, rules), ...spec };
}

/** The fields an adopted object gets from its inputs: all but those that would force a replacement. */
export function inPlaceFields(rules: DiffRules): string[] {
  return rules.fields.filter((field) => !rules.replaceOnChange?.includes(field));
}

export interface CreateSteps<Api> {
  /** "didomi:Secret user-id-hashing": how messages name the object. */
  label: string;
  /** The natural key, in words: `the name "user-id-hashing"`. */
  naturalKey: string;
  /** Looks the object up by its natural key. */
  find: () => Promise<Api | undefined>;
  /** Fields of the POST body beyond the inputs (a domain's `status`). */
  body?: Record<string, unknown>;
  /** The POST response's schema, when it differs (a new key's carries its secret). */
  responseSchema?: z.ZodType<Api>;
  /** Reconciles a POST whose response was lost; by default `find`: nothing had the key before the POST. */
  findExisting?: () => Promise<Api | undefined>;
  /** Fields sent with the in-place fields when adopting (a failed domain's `status: "scheduled"`). */
  adoptBody?: (existing: Api) => Record<string, unknown>;
}

/**
 * Looks an object up by its natural key (equality on API fields, then `matches` for what a filter cannot say):
 * none, one, or an error when the key is ambiguous, as Pulumi cannot tell which object is meant.
 */
export async function findOne<T extends { id: string }>(
  { client, organizationId }: Connection,
  path: string,
  schema: z.ZodType<T>,
  query: Record<string, string | null>,
  label: string,
  naturalKey: string,
  matches: (object: T) => boolean = () => true,
): Promise<T | undefined> {
  const found = (await client.findInView(byId(path), query, schema, { organizationId })).filter(matches);
  if (found.length > 1) {
    throw new Error(
      `${label}: ${found.length} objects have ${naturalKey} (ids ${found.map((m) => m.id).join(", ")}), so Pulumi ` +
        "cannot tell which one is meant. Rename or delete the extra ones in Didomi, or give this resource another name.",
    );
  }
  return found[0];
}

/**
 * POSTs the object, or takes over an existing one with the same natural key when `adopt` is set. Never
 * creates a duplicate: an existing object without `adopt` is an error that explains adoption, and a POST
 * whose response is lost is reconciled by the client with `findExisting`.
 */
export async function createObject<I extends { adopt?: boolean }, O extends object, A extends { id: string }>(
  collection: Collection<I, O, A>,
  inputs: I,
  steps: CreateSteps<A>,
): Promise<A> {
  const { client, organizationId } = connect(inputs);
  const existing = await steps.find();
  if (existing !== undefined) {
    if (!inputs.adopt) {
      throw new Error(
        `${steps.label}: an object with ${steps.naturalKey} already exists in Didomi. To manage it with Pulumi, set ` +
          "`adopt: true` on this resource (Pulumi then takes it over and applies your inputs); otherwise choose another " +
          "value. `pulumi import` cannot work for dynamic providers, which is why adoption is an input.",
      );
    }
    // A warning, not a note: another stack or person may manage the same object (docs/resources/README.md)
    log.warn(
      `${steps.label}: adopting ${existing.id}, the existing object with ${steps.naturalKey}: this stack now manages it, ` +
        "and destroying the stack deletes it (or archives it) for everyone who uses it",
    );
    // only the managed fields whose live value differs: adopting an object as it is writes nothing
    const live = liveInputs<I>(inputs, collection.flatten(existing), collection.rules);
    const differing = diffFields(live, inputs, collection.rules).remote.filter((field) => inPlaceFields(collection.rules).includes(field));
    const body = { ...collection.expand(inputs, differing), ...steps.adoptBody?.(existing) };
    if (Object.keys(body).length === 0) return existing;
    return client.patch(itemPath(collection.path, existing.id), body, collection.schema, { organizationId });
  }
  const body = { ...collection.expand(inputs, collection.rules.fields), organization_id: organizationId, ...steps.body };
  try {
    return await client.create(collection.path, body, steps.responseSchema ?? collection.schema, {
      organizationId,
      findExisting: steps.findExisting ?? steps.find,
    });
  } catch (error) {
    // Didomi holds the key unique but this organization sees no such object: another organization owns it,
    // or it was created between our lookup and our POST
    if (error instanceof ConflictError) {
      throw new Error(
        `${steps.label}: Didomi refused to create it (${error.didomiMessage ?? "conflict"}): an object with ` +
          `${steps.naturalKey} exists that this organization cannot see, so it belongs to another organization ` +
          "(adopt cannot take it over), or it was created at the same moment (run `pulumi up` again with " +
          "`adopt: true` to take it over). Otherwise choose another value.",
      );
    }
    throw error;
  }
}

export async function readObject<I extends object, O extends object, A extends { id: string }>(
  collection: Collection<I, O, A>,
  id: string,
  olds: O,
): Promise<pulumi.dynamic.ReadResult<O>> {
  const { client, organizationId } = connect(olds);
  const [object] = await client.readView(byId(collection.path), id, collection.schema, { organizationId });
  if (!object || collection.isGone?.(object)) return {};
  const inputs = liveInputs<I>(olds, collection.flatten(object), collection.rules);
  // the SDK types `inputs` as outputs; they are the live values of the managed inputs
  return { id, props: collection.outputs(inputs, object, olds), inputs: inputs as unknown as O };
}

/** PATCHes the fields that changed, with `extra` (a restored notice's `archived_at: null`) in the same request. */
export async function updateObject<I extends object, O extends object, A extends { id: string }>(
  collection: Collection<I, O, A>,
  id: string,
  olds: O,
  news: I,
  extra: Record<string, unknown> = {},
): Promise<pulumi.dynamic.UpdateResult<O>> {
  const { remote } = diffFields(olds, news, collection.rules);
  if (remote.length === 0 && Object.keys(extra).length === 0) return { outs: unchangedRemotely<O>(olds, news, collection.computedOutputs) };
  const { client, organizationId } = connect(news);
  const body = { ...collection.expand(news, remote), ...extra };
  const object = await client.patch(itemPath(collection.path, id), body, collection.schema, { organizationId });
  return { outs: collection.outputs(news, object, olds) };
}

export async function deleteObject(collection: { path: string }, id: string, olds: object): Promise<void> {
  const { client, organizationId } = connect(olds);
  await client.delete(itemPath(collection.path, id), { organizationId }).catch(ignoreNotFound);
}

/** How a collection resource names its objects and finds one by its natural key. */
export interface Identity<I, A> {
  /** "didomi:Secret user-id-hashing" */
  label(inputs: I): string;
  /** The natural key in words: `the name "user-id-hashing"`. */
  naturalKey(inputs: I): string;
  /** Looks the object up by its natural key. */
  find(connection: Connection, inputs: I): Promise<A | undefined>;
}

/**
 * The provider of a resource that is one object of a Didomi collection and nothing more: validation and diff
 * from its field table, create or adopt by natural key, read, PATCH, DELETE. A resource with more to do
 * overrides the methods it needs.
 */
export function collectionProvider<I extends { adopt?: boolean; organizationId?: string }, O extends object, A extends { id: string }>(
  resource: ResourceFields<Fields, Fields>,
  collection: Collection<I, O, A>,
  identity: Identity<I, A>,
): pulumi.dynamic.ResourceProvider<I, O> {
  return {
    check: async (_olds, news) => checkInputs(resource, news),
    diff: async (_id, olds, news) => planChanges(identity.label(olds as unknown as I), olds, news, collection.rules),
    async create(inputs) {
      const connection = connect(inputs);
      const object = await createObject(collection, inputs, {
        label: identity.label(inputs),
        naturalKey: identity.naturalKey(inputs),
        find: () => identity.find(connection, inputs),
      });
      return { id: object.id, outs: collection.outputs(inputs, object) };
    },
    read: (id, olds) => readObject(collection, id, olds!),
    update: (id, olds, news) => updateObject(collection, id, olds, news),
    delete: (id, olds) => deleteObject(collection, id, olds),
  };
}

/** The identity of objects found by their `name` (a list filter), the most common natural key; `matches` narrows it. */
export function byName<I extends { name: string }, A extends { id: string }>(
  kind: string,
  collection: Pick<Collection<I, object, A>, "path" | "schema">,
  matches?: (object: A) => boolean,
): Identity<I, A> {
  const label = (inputs: I) => `didomi:${kind} ${inputs.name}`;
  const naturalKey = (inputs: I) => `the name "${inputs.name}"`;
  return {
    label,
    naturalKey,
    find: (connection, inputs) => findOne(connection, collection.path, collection.schema, { name: inputs.name }, label(inputs), naturalKey(inputs), matches),
  };
}
