// One consent configuration, promoted from staging to production. Each stack is one Didomi organization
// with its own API key (Pulumi.staging.yaml, Pulumi.production.yaml): the program is the same, only the
// site differs. A change goes through `pulumi up -s staging`, a review, then `pulumi up -s production`.
import * as pulumi from "@pulumi/pulumi";
import * as didomi from "pulumi-didomi";

const config = new pulumi.Config();
const site = config.require("site");

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

export const noticeId = notice.noticeId;
export const contentHash = notice.contentHash;
export const liveConfigId = notice.deployment!.productionConfigId;
