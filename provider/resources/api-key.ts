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
import { adoptInput, checkInputs, connectionInputs, naturalKey } from "../check";
import { apiKeySchema, createdApiKeySchema, fromApiCase, toApiCase, type ApiKey as ApiApiKey } from "../client";
import { createObject, deleteObject, findOne, readObject, updateObject, type Collection } from "../collection";
import { connect, type Connection } from "../config";
import { planChanges } from "../diff";
import { fieldsBody } from "../fields";
import { compact } from "../lifecycle";
import { log } from "../log";

type ApiKeyInputs = pulumi.Unwrap<ApiKeyArgs>;
export interface ApiKeyOutputs extends ApiKeyInputs {
  organizationId: string;
  keyId: string;
  secret?: string;
  createdAt: string;
}

const inputSchema = z.object({
  name: naturalKey(),
  description: z.string().optional(),
  enabled: z.boolean().optional(),
  rotationTriggers: z.record(z.string(), z.string()).optional(),
  ...connectionInputs,
  ...adoptInput,
});

const KEYS: Collection<ApiKeyInputs, ApiKeyOutputs, ApiApiKey & { secret?: string }> = {
  path: "/keys",
  schema: apiKeySchema,
  rules: {
    fields: ["name", "description", "enabled", "organizationId"],
    providerOnly: ["rotationTriggers", "adopt", "baseUrl"],
    replaceOnChange: ["organizationId", "rotationTriggers"],
    // rotation keeps the name, which must stay unique: the old key goes first
    naturalKey: ["name", "organizationId"],
  },
  computedOutputs: ["keyId", "secret", "createdAt"],
  expand: (inputs, fields) => toApiCase(fieldsBody(inputs, fields, ["description"])),
  flatten: (key) => fromApiCase({ name: key.name, description: key.description, enabled: key.enabled, organization_id: key.organization_id }),
  // Didomi returns the secret once, when the key is created: afterwards it comes from the state
  outputs: (inputs, key, olds) =>
    compact({ ...inputs, organizationId: key.organization_id, keyId: key.id, secret: key.secret ?? olds?.secret, createdAt: key.created_at }),
};

const label = (name: string) => `didomi:ApiKey ${name}`;

const findByName = (connection: Connection, name: string) =>
  findOne(connection, KEYS.path, KEYS.schema, { name }, label(name), `the name "${name}"`);

export const apiKeyProvider: pulumi.dynamic.ResourceProvider<ApiKeyInputs, ApiKeyOutputs> = {
  async check(_olds, news) {
    return checkInputs("ApiKey", inputSchema, news);
  },

  async diff(_id, olds, news) {
    return planChanges(label(olds.name), olds, news, KEYS.rules);
  },

  async create(inputs) {
    const connection = connect(inputs);
    const key = await createObject(KEYS, inputs, {
      label: label(inputs.name),
      naturalKey: `the name "${inputs.name}"`,
      find: () => findByName(connection, inputs.name),
      responseSchema: createdApiKeySchema,
      // The POST's response was lost: the key may exist, but its secret is gone for good. A key nobody can
      // use is worthless, so delete it and let the client POST again.
      findExisting: async () => {
        const orphan = await findByName(connection, inputs.name);
        if (orphan) await deleteObject(KEYS, orphan.id, inputs);
        return undefined;
      },
    });
    if (key.secret === undefined) {
      log.warn(`${label(inputs.name)}: adopted key ${key.id}; its secret cannot be recovered (change rotationTriggers to get a new key and secret).`);
    }
    return { id: key.id, outs: KEYS.outputs(inputs, key) };
  },

  read: (id, olds) => readObject(KEYS, id, olds!),
  update: (id, olds, news) => updateObject(KEYS, id, olds, news),
  delete: (id, olds) => deleteObject(KEYS, id, olds),
};
