// Vendor: a custom vendor whose purposes are outputs of Purpose resources, so no organization-specific id is
// written here; deleting it deprecates it (onDelete) so that notices listing it keep working.
import * as didomi from "pulumi-didomi";
import { offers } from "./purpose";

export const crm = new didomi.Vendor("crm", {
  name: "Acme CRM",
  categoryId: "marketing",
  purposeIds: [offers.id],
  hosts: ["track.acme-crm.example"],
  website: "https://acme-crm.example",
});
