/**
 * ApiKey: a private Didomi API key. Pulumi id: the key id.
 *
 * | operation | Didomi API calls                                                                   |
 * |-----------|------------------------------------------------------------------------------------|
 * | check     | none                                                                               |
 * | diff      | none                                                                               |
 * | create    | GET /keys?name=… (adoption) → POST /keys (the only response that carries the secret) |
 * | read      | GET /keys?id[$in]=… (coalesced); the secret is kept from the state                 |
 * | update    | PATCH /keys/{id} (name, description, enabled)                                      |
 * | delete    | DELETE /keys/{id}                                                                  |
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { ApiKeyArgs } from "../../sdk/api-key";
import { adoptInput, checkInputs, connectionInputs } from "../check";
import { apiKeySchema, createdApiKeySchema, fromApiCase, toApiCase, type ApiKey as ApiApiKey } from "../client";
import { connect, type Connection } from "../config";
import { deleteFirst, diffFields, planChanges, type DiffRules } from "../diff";
import { fieldsBody, liveInputs, unchangedRemotely } from "../fields";
import { compact, createOrAdopt, ignoreNotFound, onlyMatch } from "../lifecycle";
import { log } from "../log";

type ApiKeyInputs = pulumi.Unwrap<ApiKeyArgs>;
export interface ApiKeyOutputs extends ApiKeyInputs {
  organizationId: string;
  keyId: string;
  secret?: string;
  createdAt: string;
}

const inputSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  enabled: z.boolean().optional(),
  rotationTriggers: z.record(z.string(), z.string()).optional(),
  ...connectionInputs,
  ...adoptInput,
});

const DIFF_RULES: DiffRules = {
  fields: ["name", "description", "enabled", "organizationId"],
  providerOnly: ["rotationTriggers", "adopt", "baseUrl"],
  replaceOnChange: ["organizationId", "rotationTriggers"],
};
const UPDATABLE = ["name", "description", "enabled"];
const COMPUTED_OUTPUTS = ["keyId", "secret", "createdAt"];

const label = (name: string) => `didomi:ApiKey ${name}`;

function expand(inputs: Partial<ApiKeyInputs>, fields: readonly string[]): Record<string, unknown> {
  return toApiCase(fieldsBody(inputs, fields, ["description"]));
}

function flatten(key: ApiApiKey): Record<string, unknown> {
  return fromApiCase({ name: key.name, description: key.description, enabled: key.enabled, organization_id: key.organization_id });
}

function outputsOf(inputs: Partial<ApiKeyInputs>, key: ApiApiKey, secret: string | undefined): ApiKeyOutputs {
  return compact({
    ...(inputs as ApiKeyInputs),
    organizationId: key.organization_id,
    keyId: key.id,
    secret,
    createdAt: key.created_at,
  });
}

function findByName({ client, organizationId }: Connection, name: string) {
  return client
    .list("/keys", apiKeySchema, { organizationId, query: { name } })
    .then((keys) => onlyMatch(keys, label(name), `the name "${name}"`));
}

export const apiKeyProvider: pulumi.dynamic.ResourceProvider<ApiKeyInputs, ApiKeyOutputs> = {
  async check(_olds, news) {
    return checkInputs(inputSchema, news);
  },

  async diff(_id, olds, news) {
    const diff = planChanges(label(olds.name), olds, news, DIFF_RULES);
    return {
      changes: diff.changed.length > 0,
      replaces: diff.replaces,
      // rotation keeps the name: the old one goes first, as names are unique in an organization
      deleteBeforeReplace: deleteFirst(diff, olds, news, ["name", "organizationId"]),
    };
  },

  async create(inputs) {
    const connection = connect(inputs);
    const { client, organizationId } = connection;
    const key = await createOrAdopt<ApiApiKey & { secret?: string }>({
      label: label(inputs.name),
      naturalKey: `the name "${inputs.name}"`,
      adopt: inputs.adopt,
      find: () => findByName(connection, inputs.name),
      create: () =>
        client.create("/keys", { ...expand(inputs, DIFF_RULES.fields), organization_id: organizationId }, createdApiKeySchema, {
          organizationId,
          // The POST's response was lost: the key may exist, but its secret is gone for good. A key nobody can
          // use is worthless, so delete it and let the client POST again.
          findExisting: async () => {
            const orphan = await findByName(connection, inputs.name);
            if (orphan) await client.delete(`/keys/${encodeURIComponent(orphan.id)}`, { organizationId }).catch(ignoreNotFound);
            return undefined;
          },
        }),
      takeOver: async (existing) => {
        log.warn(`${label(inputs.name)}: adopted key ${existing.id}; its secret cannot be recovered (change rotationTriggers to get a new key and secret).`);
        return client.patch(`/keys/${encodeURIComponent(existing.id)}`, expand(inputs, UPDATABLE), apiKeySchema, { organizationId });
      },
    });
    return { id: key.id, outs: outputsOf(inputs, key, key.secret) };
  },

  async read(id, olds) {
    const { client, organizationId } = connect(olds!);
    const key = await client.getMany("/keys", id, apiKeySchema, { organizationId });
    if (!key) return {};
    const inputs = liveInputs<ApiKeyInputs>(olds!, flatten(key), DIFF_RULES);
    // Didomi never returns the secret again: keep the one from the state
    return { id, props: outputsOf(inputs, key, olds!.secret), inputs: inputs as ApiKeyOutputs };
  },

  async update(id, olds, news) {
    const { client, organizationId } = connect(news);
    const { remote } = diffFields(olds, news, DIFF_RULES);
    if (remote.length === 0) return { outs: unchangedRemotely<ApiKeyOutputs>(olds, news, COMPUTED_OUTPUTS) };
    const body = expand(news, remote.filter((field) => UPDATABLE.includes(field)));
    const key = await client.patch(`/keys/${encodeURIComponent(id)}`, body, apiKeySchema, { organizationId });
    return { outs: outputsOf(news, key, olds.secret) };
  },

  async delete(id, olds) {
    const { client, organizationId } = connect(olds);
    await client.delete(`/keys/${encodeURIComponent(id)}`, { organizationId }).catch(ignoreNotFound);
  },
};
