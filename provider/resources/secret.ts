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
import type { InputsOf, StateOf } from "../../fields/define";
import { secretFields } from "../../fields/secret";
import { checkInputs } from "../check";
import { fromApiCase, secretSchema, toApiCase, type Secret as ApiSecret } from "../client";
import { createObject, deleteObject, findOne, readObject, updateObject, type Collection } from "../collection";
import { connect, type Connection } from "../config";
import { computedOutputsOf, planChanges, rulesOf } from "../diff";
import { fieldsBody } from "../fields";
import { compact } from "../lifecycle";

type SecretInputs = InputsOf<typeof secretFields>;
export type SecretOutputs = StateOf<typeof secretFields>;

const SECRETS: Collection<SecretInputs, SecretOutputs, ApiSecret> = {
  path: "/secrets",
  schema: secretSchema,
  // rotation keeps the name, which is how a secret is found (adoption, lost responses): the old one goes first
  rules: rulesOf(secretFields),
  computedOutputs: computedOutputsOf(secretFields),
  expand: (inputs, fields) => toApiCase(fieldsBody(inputs, fields, SECRETS.rules)),
  flatten: (secret) => fromApiCase({ name: secret.name, description: secret.description, organization_id: secret.organization_id }),
  outputs: (inputs, secret, olds) =>
    compact({ ...inputs, organizationId: secret.organization_id, value: secret.secret ?? olds!.value, createdAt: secret.created_at }),
};

const label = (name: string) => `didomi:Secret ${name}`;

const findByName = (connection: Connection, name: string) =>
  findOne(connection, SECRETS.path, SECRETS.schema, { name }, label(name), `the name "${name}"`);

export const secretProvider: pulumi.dynamic.ResourceProvider<SecretInputs, SecretOutputs> = {
  async check(_olds, news) {
    return checkInputs(secretFields, news);
  },

  async diff(_id, olds, news) {
    return planChanges(label(olds.name), olds, news, SECRETS.rules);
  },

  async create(inputs) {
    const connection = connect(inputs);
    const secret = await createObject(SECRETS, inputs, {
      label: label(inputs.name),
      naturalKey: `the name "${inputs.name}"`,
      find: () => findByName(connection, inputs.name),
    });
    return { id: secret.id, outs: SECRETS.outputs(inputs, secret) };
  },

  read: (id, olds) => readObject(SECRETS, id, olds!),
  update: (id, olds, news) => updateObject(SECRETS, id, olds, news),
  delete: (id, olds) => deleteObject(SECRETS, id, olds),
};
