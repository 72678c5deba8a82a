// The consent setup whose drift the scheduled job in workflow.yml reports: a published consent notice and
// the API key the deploy pipeline uses. Whatever is declared here is what Didomi must match.
import * as didomi from "pulumi-didomi";

const notice = new didomi.ConsentNotice("www", {
  name: "www.example.com",
  externalId: "www-example-com",
  config: {
    platform: "web",
    targets: ["www.example.com"],
    negativeAction: "button",
    consentDuration: 6,
    consentDurationUnit: "months",
    regulationConfigurations: [{ regulationId: "gdpr", geoLocations: ["*"] }],
  },
  deploymentMessage: "Published from Git",
});

const deployKey = new didomi.ApiKey("deploy", {
  name: "consent-deploy",
  description: "Used by the consent deploy pipeline",
  enabled: true, // managed: disabling the key in the console is drift
});

export const noticeId = notice.noticeId;
export const liveConfigId = notice.deployment!.productionConfigId;
export const deployKeyId = deployKey.keyId;
