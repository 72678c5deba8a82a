// What keys, secrets, notices and domains do the same way on their Didomi collection: read one object by
// id (coalesced with the other reads of a refresh), PATCH the fields that changed, DELETE by id.
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { itemPath } from "./client";
import { connect } from "./config";
import { diffFields, type DiffRules } from "./diff";
import { liveInputs, unchangedRemotely } from "./fields";
import { createOrAdopt, ignoreNotFound } from "./lifecycle";

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
  /** Brings an adopted object to the desired state; by default a PATCH of the in-place fields. */
  takeOver?: (existing: Api) => Promise<Api>;
}

/** POSTs the object, or adopts the one with the same natural key when `adopt` is set (lifecycle.ts). */
export function createObject<I extends { adopt?: boolean }, O extends object, A extends { id: string }>(
  collection: Collection<I, O, A>,
  inputs: I,
  steps: CreateSteps<A>,
): Promise<A> {
  const { client, organizationId } = connect(inputs);
  const body = { ...collection.expand(inputs, collection.rules.fields), organization_id: organizationId, ...steps.body };
  return createOrAdopt({
    label: steps.label,
    naturalKey: steps.naturalKey,
    adopt: inputs.adopt,
    find: steps.find,
    create: () =>
      client.create(collection.path, body, steps.responseSchema ?? collection.schema, {
        organizationId,
        findExisting: steps.findExisting ?? steps.find,
      }),
    takeOver:
      steps.takeOver ??
      ((existing) =>
        client.patch(itemPath(collection.path, existing.id), collection.expand(inputs, inPlaceFields(collection.rules)), collection.schema, {
          organizationId,
        })),
  });
}

export async function readObject<I extends object, O extends object, A extends { id: string }>(
  collection: Collection<I, O, A>,
  id: string,
  olds: O,
): Promise<pulumi.dynamic.ReadResult<O>> {
  const { client, organizationId } = connect(olds);
  const object = await client.getMany(collection.path, id, collection.schema, { organizationId });
  if (!object || collection.isGone?.(object)) return {};
  const inputs = liveInputs<I>(olds, collection.flatten(object), collection.rules);
  // the SDK types `inputs` as outputs; they are the live values of the managed inputs
  return { id, props: collection.outputs(inputs, object, olds), inputs: inputs as unknown as O };
}

export async function updateObject<I extends object, O extends object, A extends { id: string }>(
  collection: Collection<I, O, A>,
  id: string,
  olds: O,
  news: I,
): Promise<pulumi.dynamic.UpdateResult<O>> {
  const { remote } = diffFields(olds, news, collection.rules);
  if (remote.length === 0) return { outs: unchangedRemotely<O>(olds, news, collection.computedOutputs) };
  const { client, organizationId } = connect(news);
  const object = await client.patch(itemPath(collection.path, id), collection.expand(news, remote), collection.schema, { organizationId });
  return { outs: collection.outputs(news, object, olds) };
}

export async function deleteObject(collection: { path: string }, id: string, olds: object): Promise<void> {
  const { client, organizationId } = connect(olds);
  await client.delete(itemPath(collection.path, id), { organizationId }).catch(ignoreNotFound);
}
