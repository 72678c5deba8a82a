// Two brands, two Didomi organizations, one stack. A Didomi API key belongs to one organization, so each
// brand's resources carry their own `connection`: organization, key and secret. The stack's `didomi:*` config
// is not needed at all; a resource without `connection` would use it.
import * as pulumi from "@pulumi/pulumi";
import * as didomi from "pulumi-didomi";

const config = new pulumi.Config();
const brands = [
  { name: "brand-a", site: "www.brand-a.example", apiKey: config.require("brandAKey"), apiSecret: config.requireSecret("brandASecret") },
  { name: "brand-b", site: "www.brand-b.example", apiKey: config.require("brandBKey"), apiSecret: config.requireSecret("brandBSecret") },
];

export const notices: Record<string, pulumi.Output<string>> = {};
for (const brand of brands) {
  const connection = { organizationId: brand.name, apiKey: brand.apiKey, apiSecret: brand.apiSecret };
  const analytics = new didomi.Purpose(`${brand.name}-audience`, { name: { en: "Audience measurement" }, connection });
  const vendor = new didomi.Vendor(`${brand.name}-analytics`, { name: "Acme Analytics", categoryId: "analytics", purposeIds: [analytics.id], connection });
  const notice = new didomi.ConsentNotice(brand.name, {
    name: brand.site,
    externalId: "main-site",
    config: { platform: "web", targets: [brand.site], vendors: { custom: [vendor.sdkId] } },
    connection,
  });
  notices[brand.name] = notice.noticeId;
}
