/**
 * Vendor: a custom vendor of the organization (a Data Manager partner). Pulumi id: the partner id.
 *
 * | operation | Didomi API calls                                                                        |
 * |-----------|-----------------------------------------------------------------------------------------|
 * | check     | none                                                                                    |
 * | diff      | none                                                                                    |
 * | create    | GET /metadata/partners?organization_id=…&name=… (adoption) → POST /metadata/partners    |
 * | read      | GET /metadata/partners?id[$in]=… (coalesced)                                            |
 * | update    | PATCH /metadata/partners/{id} (the changed fields)                                      |
 * | delete    | deprecate (default): POST /metadata/partners/deprecate; delete: DELETE /metadata/partners/{id} |
 */
import type * as pulumi from "@pulumi/pulumi";
import type { InputsOf, StateOf } from "../../fields/define";
import { vendorFields } from "../../fields/vendor";
import { partnerSchema, type Partner } from "../client";
import { byName, collectionOf, collectionProvider, deleteObject } from "../collection";
import { connect } from "../config";
import { compact, ignoreNotFound } from "../lifecycle";

type VendorInputs = InputsOf<typeof vendorFields>;
export type VendorOutputs = StateOf<typeof vendorFields>;

/**
 * The id notices use for the vendor in their SDK configuration: Didomi's SDK refers to an organization's own
 * vendors as `c:<id>` (docs/resources/vendor.md), and to Didomi's by their Didomi id.
 */
export const vendorSdkId = (partner: Partner) => (partner.organization_id ? `c:${partner.id}` : (partner.namespaces?.didomi ?? partner.id));

const VENDORS = collectionOf<VendorInputs, VendorOutputs, Partner>(vendorFields, {
  path: "/metadata/partners",
  schema: partnerSchema,
  outputs: (inputs, partner) =>
    compact({ ...inputs, organizationId: partner.organization_id!, sdkId: vendorSdkId(partner), createdAt: partner.created_at }),
});

export const vendorProvider: pulumi.dynamic.ResourceProvider<VendorInputs, VendorOutputs> = {
  // global vendors (IAB, Didomi) are not the organization's: never adopted
  ...collectionProvider(vendorFields, VENDORS, byName("Vendor", VENDORS, (partner) => !!partner.organization_id)),

  async delete(id, olds) {
    if (olds.onDelete === "delete") return deleteObject(VENDORS, id, olds);
    // deprecated, not deleted: notices that still list the vendor keep working (docs/resources/vendor.md)
    const { client, organizationId } = connect(olds);
    const deprecated = async () => {
      const partner = await client.getMany(VENDORS.path, id, partnerSchema, { organizationId });
      return partner?.deprecated ? partner : undefined;
    };
    await client.create(`${VENDORS.path}/deprecate`, { id }, partnerSchema, { organizationId, findExisting: deprecated }).catch(ignoreNotFound);
  },
};
