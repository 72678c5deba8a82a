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
import { byName, collectionOf, collectionProvider } from "../collection";
import { compact } from "../lifecycle";

type SecretInputs = InputsOf<typeof secretFields>;
export type SecretOutputs = StateOf<typeof secretFields>;

const SECRETS = collectionOf<SecretInputs, SecretOutputs, ApiSecret>(secretFields, {
  path: "/secrets",
  schema: secretSchema,
  // rotation keeps the name, which is how a secret is found (adoption, lost responses): the old one goes first
  outputs: (inputs, secret, olds) =>
    compact({ ...inputs, organizationId: secret.organization_id, value: secret.secret ?? olds!.value, createdAt: secret.created_at }),
});

export const secretProvider = collectionProvider(secretFields, SECRETS, byName("Secret", SECRETS));
