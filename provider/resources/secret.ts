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
import type { InputsOf, StateOf } from "../../fields/define";
import { secretFields } from "../../fields/secret";
import { secretSchema, type Secret as ApiSecret } from "../client";
import { byName, collectionProvider, type Collection } from "../collection";
import { computedOutputsOf, rulesOf } from "../diff";
import { tableMapping } from "../fields";
import { compact } from "../lifecycle";

type SecretInputs = InputsOf<typeof secretFields>;
export type SecretOutputs = StateOf<typeof secretFields>;

const RULES = rulesOf(secretFields);

const SECRETS: Collection<SecretInputs, SecretOutputs, ApiSecret> = {
  path: "/secrets",
  schema: secretSchema,
  // rotation keeps the name, which is how a secret is found (adoption, lost responses): the old one goes first
  rules: RULES,
  computedOutputs: computedOutputsOf(secretFields),
  ...tableMapping(secretFields, RULES),
  outputs: (inputs, secret, olds) =>
    compact({ ...inputs, organizationId: secret.organization_id, value: secret.secret ?? olds!.value, createdAt: secret.created_at }),
};

export const secretProvider = collectionProvider(secretFields, SECRETS, byName("Secret", SECRETS));
