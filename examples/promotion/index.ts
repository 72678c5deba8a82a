// One consent configuration, promoted from staging to production. Each stack is one Didomi organization
// with its own API key (Pulumi.staging.yaml, Pulumi.production.yaml): the program is the same, only the
// site differs. A change goes through `pulumi up -s staging`, a review, then `pulumi up -s production`.
//
// The organization's own purposes and vendors are resources too: Didomi gives them different ids in each
// organization, and every reference below is an output, so no id is written here and each organization's
// notices point at that organization's vendors.
import * as pulumi from "@pulumi/pulumi";
import * as didomi from "pulumi-didomi";

const config = new pulumi.Config();
const site = config.require("site");

// Data Manager: two purposes, a group of them, three vendors that use them.
const audience = new didomi.Purpose("audience", {
  name: { en: "Audience measurement", fr: "Mesure d'audience" },
  details: { en: "Counting visits to improve the site.", fr: "Compter les visites pour améliorer le site." },
});
const offers = new didomi.Purpose("offers", {
  name: { en: "Personalised offers", fr: "Offres personnalisées" },
  details: { en: "Suggesting offers from your purchases.", fr: "Proposer des offres selon vos achats." },
});
const marketing = new didomi.PurposeGroup("marketing", { name: "Marketing", purposeIds: [offers.id] });
const analytics = new didomi.Vendor("analytics", {
  name: "Acme Analytics",
  categoryId: "analytics",
  purposeIds: [audience.id],
  hosts: ["cdn.acme-analytics.example"],
});
const crm = new didomi.Vendor("crm", { name: "Acme CRM", categoryId: "marketing", purposeIds: [offers.id] });
const ads = new didomi.Vendor("ads", {
  name: "Acme Ads",
  categoryId: "advertising",
  purposeIds: [offers.id],
  legitimateInterestPurposeIds: [audience.id],
});

// What is promoted: identical in every stack, so production gets exactly what was reviewed on staging.
const consentConfig: didomi.NoticeConfigContentArgs = {
  platform: "web",
  targets: [site],
  negativeAction: "button",
  disagreeButtonStyle: "secondary",
  consentDuration: 6,
  consentDurationUnit: "months",
  deniedConsentDuration: 1,
  deniedConsentDurationUnit: "months",
  deniedConsentDurationCustom: true,
  gcmEnabled: true,
  gcmSetDefaultStatus: true,
  gcmAnalyticsDefaultStatus: false,
  gcmAdsDefaultStatus: false,
  vendors: { iab: { all: true }, custom: [analytics.sdkId, crm.sdkId, ads.sdkId] },
  purposes: { custom: [audience.sdkId], groups: [marketing.id] },
  regulationConfigurations: [
    { regulationId: "gdpr", geoLocations: ["*"] },
    { regulationId: "cpra", geoLocations: ["US_CA"] },
  ],
};

const notice = new didomi.ConsentNotice("site", {
  name: site,
  externalId: "main-site", // the same key in both organizations: adoption stays exact in each
  config: consentConfig,
  deploymentMessage: `Promoted to ${pulumi.getStack()} by Pulumi`,
});
const shop = new didomi.ConsentNotice("shop", {
  name: `shop.${site}`,
  externalId: "shop",
  config: { platform: "web", targets: [`shop.${site}`], vendors: { custom: [crm.sdkId] } },
  deploymentMessage: `Promoted to ${pulumi.getStack()} by Pulumi`,
});

// One template for both sites' shared settings.
const template = new didomi.NoticeTemplate("group-standard", {
  name: "Group standard",
  noticeIds: [notice.noticeId, shop.noticeId],
  vendors: { custom: [analytics.sdkId, crm.sdkId] },
  purposes: { groups: [marketing.id] },
});

export const noticeId = notice.noticeId;
export const shopNoticeId = shop.noticeId;
export const contentHash = notice.contentHash;
export const liveConfigId = notice.deployment!.productionConfigId;
export const vendorSdkIds = [analytics.sdkId, crm.sdkId, ads.sdkId];
export const templateId = template.id;
