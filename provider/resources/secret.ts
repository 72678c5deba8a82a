/**
 * Secret: a server-generated secret value. Pulumi id: the secret id.
 *
 * | operation | Didomi API calls                                        |
 * |-----------|---------------------------------------------------------|
 * | check     | none                                                    |
 * | diff      | none                                                    |
 * | create    | GET /secrets?name=… (adoption) → POST /secrets          |
 * | read      | GET /secrets?id[$in]=… (coalesced)                      |
 * | update    | PATCH /secrets/{id} (name, description)                 |
 * | delete    | DELETE /secrets/{id}                                    |
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { SecretArgs } from "../../sdk/secret";
import { adoptInput, checkInputs, connectionInputs } from "../check";
import { fromApiCase, secretSchema, toApiCase, type Secret as ApiSecret } from "../client";
import { connect, type Connection } from "../config";
import { deleteFirst, diffFields, planChanges, type DiffRules } from "../diff";
import { fieldsBody, liveInputs, unchangedRemotely } from "../fields";
import { compact, createOrAdopt, ignoreNotFound, onlyMatch } from "../lifecycle";

type SecretInputs = pulumi.Unwrap<SecretArgs>;
export interface SecretOutputs extends SecretInputs {
  organizationId: string;
  value: string;
  createdAt: string;
}

const inputSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  rotationTriggers: z.record(z.string(), z.string()).optional(),
  ...connectionInputs,
  ...adoptInput,
});

const DIFF_RULES: DiffRules = {
  fields: ["name", "description", "organizationId"],
  providerOnly: ["rotationTriggers", "adopt", "baseUrl"],
  replaceOnChange: ["organizationId", "rotationTriggers"],
};
const UPDATABLE = ["name", "description"];
const COMPUTED_OUTPUTS = ["value", "createdAt"];

const label = (name: string) => `didomi:Secret ${name}`;

function expand(inputs: Partial<SecretInputs>, fields: readonly string[]): Record<string, unknown> {
  return toApiCase(fieldsBody(inputs, fields, ["description"]));
}

function flatten(secret: ApiSecret): Record<string, unknown> {
  return fromApiCase({ name: secret.name, description: secret.description, organization_id: secret.organization_id });
}

function outputsOf(inputs: Partial<SecretInputs>, secret: ApiSecret, previousValue?: string): SecretOutputs {
  return compact({
    ...(inputs as SecretInputs),
    organizationId: secret.organization_id,
    value: secret.secret ?? previousValue!,
    createdAt: secret.created_at,
  });
}

function findByName({ client, organizationId }: Connection, name: string) {
  return client
    .list("/secrets", secretSchema, { organizationId, query: { name } })
    .then((secrets) => onlyMatch(secrets, label(name), `the name "${name}"`));
}

export const secretProvider: pulumi.dynamic.ResourceProvider<SecretInputs, SecretOutputs> = {
  async check(_olds, news) {
    return checkInputs(inputSchema, news);
  },

  async diff(_id, olds, news) {
    const diff = planChanges(label(olds.name), olds, news, DIFF_RULES);
    return {
      changes: diff.changed.length > 0,
      replaces: diff.replaces,
      // rotation keeps the name: the old one goes first, as the name is how a secret is found (adoption, lost responses)
      deleteBeforeReplace: deleteFirst(diff, olds, news, ["name", "organizationId"]),
    };
  },

  async create(inputs) {
    const connection = connect(inputs);
    const { client, organizationId } = connection;
    // No secret had this name before the POST (checked just before), so one found after a lost response is ours.
    const find = () => findByName(connection, inputs.name);
    const secret = await createOrAdopt({
      label: label(inputs.name),
      naturalKey: `the name "${inputs.name}"`,
      adopt: inputs.adopt,
      find,
      create: () =>
        client.create("/secrets", { ...expand(inputs, DIFF_RULES.fields), organization_id: organizationId }, secretSchema, {
          organizationId,
          findExisting: find,
        }),
      takeOver: (existing) =>
        client.patch(`/secrets/${encodeURIComponent(existing.id)}`, expand(inputs, UPDATABLE), secretSchema, { organizationId }),
    });
    return { id: secret.id, outs: outputsOf(inputs, secret) };
  },

  async read(id, olds) {
    const { client, organizationId } = connect(olds!);
    const secret = await client.getMany("/secrets", id, secretSchema, { organizationId });
    if (!secret) return {};
    const inputs = liveInputs<SecretInputs>(olds!, flatten(secret), DIFF_RULES);
    return { id, props: outputsOf(inputs, secret, olds!.value), inputs: inputs as SecretOutputs };
  },

  async update(id, olds, news) {
    const { client, organizationId } = connect(news);
    const { remote } = diffFields(olds, news, DIFF_RULES);
    if (remote.length === 0) return { outs: unchangedRemotely<SecretOutputs>(olds, news, COMPUTED_OUTPUTS) };
    const body = expand(news, remote.filter((field) => UPDATABLE.includes(field)));
    const secret = await client.patch(`/secrets/${encodeURIComponent(id)}`, body, secretSchema, { organizationId });
    return { outs: outputsOf(news, secret, olds.value) };
  },

  async delete(id, olds) {
    const { client, organizationId } = connect(olds);
    await client.delete(`/secrets/${encodeURIComponent(id)}`, { organizationId }).catch(ignoreNotFound);
  },
};
