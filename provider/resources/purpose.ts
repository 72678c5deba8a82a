/**
 * Purpose: a custom purpose of the organization (Data Manager). Pulumi id: the purpose id.
 *
 * | operation | Didomi API calls                                                                             |
 * |-----------|----------------------------------------------------------------------------------------------|
 * | check     | none                                                                                         |
 * | diff      | none                                                                                         |
 * | create    | GET /metadata/purposes?organization_id=… (adoption: one with the same name) → POST /metadata/purposes |
 * | read      | GET /metadata/purposes?id[$in]=… (coalesced)                                                 |
 * | update    | PATCH /metadata/purposes/{id} (the changed fields)                                           |
 * | delete    | DELETE /metadata/purposes/{id}                                                               |
 */
import type { InputsOf, StateOf } from "../../fields/define";
import { purposeFields } from "../../fields/purpose";
import { purposeSchema, type Purpose } from "../client";
import { collectionOf, collectionProvider, findOne } from "../collection";
import { compact } from "../lifecycle";

type PurposeInputs = InputsOf<typeof purposeFields>;
export type PurposeOutputs = StateOf<typeof purposeFields>;

const PURPOSES = collectionOf<PurposeInputs, PurposeOutputs, Purpose>(purposeFields, {
  path: "/metadata/purposes",
  schema: purposeSchema,
  // Didomi's SDK refers to a custom purpose by its id (docs/resources/purpose.md)
  outputs: (inputs, purpose) => compact({ ...inputs, organizationId: purpose.organization_id!, sdkId: purpose.id, createdAt: purpose.created_at }),
});

/** A purpose's name in words, for messages: its first language's text. */
const label = (name: Record<string, string>) => `didomi:Purpose ${JSON.stringify(Object.values(name)[0] ?? "")}`;

/** The custom purpose whose name has these texts in these languages (the API cannot filter on translations). */
function sameName(name: Record<string, string>) {
  return (purpose: Purpose) => !!purpose.organization_id && Object.entries(name).every(([language, text]) => purpose.description?.[language] === text);
}

export const purposeProvider = collectionProvider(purposeFields, PURPOSES, {
  label: (inputs) => label(inputs.name),
  naturalKey: (inputs) => `the name ${JSON.stringify(inputs.name)}`,
  find: (connection, inputs) =>
    findOne(connection, PURPOSES.path, PURPOSES.schema, {}, label(inputs.name), `the name ${JSON.stringify(inputs.name)}`, sameName(inputs.name)),
});
