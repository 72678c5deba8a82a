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
import { apiKeyFields } from "../../fields/api-key";
import type { InputsOf, StateOf } from "../../fields/define";
import { checkInputs } from "../check";
import { apiKeySchema, createdApiKeySchema, type ApiKey as ApiApiKey } from "../client";
import { collectionOf, createObject, deleteObject, findOne, readObject, updateObject } from "../collection";
import { connect, type Connection } from "../config";
import { planChanges } from "../diff";
import { compact } from "../lifecycle";
import { log } from "../log";

type ApiKeyInputs = InputsOf<typeof apiKeyFields>;
export type ApiKeyOutputs = StateOf<typeof apiKeyFields>;

const KEYS = collectionOf<ApiKeyInputs, ApiKeyOutputs, ApiApiKey & { secret?: string }>(apiKeyFields, {
  path: "/keys",
  schema: apiKeySchema,
  // Didomi returns the secret once, when the key is created: afterwards it comes from the state
  outputs: (inputs, key, olds) =>
    compact({ ...inputs, organizationId: key.organization_id, keyId: key.id, secret: key.secret ?? olds?.secret, createdAt: key.created_at }),
});

const label = (name: string) => `didomi:ApiKey ${name}`;

const findByName = (connection: Connection, name: string) =>
  findOne(connection, KEYS.path, KEYS.schema, { name }, label(name), `the name "${name}"`);

export const apiKeyProvider: pulumi.dynamic.ResourceProvider<ApiKeyInputs, ApiKeyOutputs> = {
  async check(_olds, news) {
    return checkInputs(apiKeyFields, news);
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
