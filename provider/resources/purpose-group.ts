/**
 * PurposeGroup: a group of purposes of the organization. Pulumi id: the group id.
 *
 * | operation | Didomi API calls                                                                               |
 * |-----------|------------------------------------------------------------------------------------------------|
 * | check     | none                                                                                           |
 * | diff      | none                                                                                           |
 * | create    | GET /metadata/purposes-groups?organization_id=…&name=… (adoption) → POST /metadata/purposes-groups |
 * | read      | GET /metadata/purposes-groups?id[$in]=… (coalesced)                                            |
 * | update    | PATCH /metadata/purposes-groups/{id} (the changed fields)                                      |
 * | delete    | DELETE /metadata/purposes-groups/{id}                                                          |
 */
import type { InputsOf, StateOf } from "../../fields/define";
import { purposeGroupFields } from "../../fields/purpose-group";
import { purposesGroupSchema, type PurposesGroup } from "../client";
import { byName, collectionOf, collectionProvider } from "../collection";
import { compact } from "../lifecycle";

type PurposeGroupInputs = InputsOf<typeof purposeGroupFields>;
export type PurposeGroupOutputs = StateOf<typeof purposeGroupFields>;

const GROUPS = collectionOf<PurposeGroupInputs, PurposeGroupOutputs, PurposesGroup>(purposeGroupFields, {
  path: "/metadata/purposes-groups",
  schema: purposesGroupSchema,
  outputs: (inputs, group) => compact({ ...inputs, organizationId: group.organization_id!, createdAt: group.created_at }),
});

// global groups (IAB stacks) are not the organization's: never adopted
export const purposeGroupProvider = collectionProvider(purposeGroupFields, GROUPS, byName("PurposeGroup", GROUPS, (group) => !!group.organization_id));
