// The quickstart: everything a site needs from Didomi, declared once and applied with `pulumi up`.
// Credentials and the organization come from the stack config (didomi:apiKey, didomi:apiSecret,
// didomi:organizationId, didomi:baseUrl); see the README for the emulator and the real API.
import * as pulumi from "@pulumi/pulumi";
import * as didomi from "pulumi-didomi";

const config = new pulumi.Config();
const site = config.get("site") ?? "www.example.com";

// The domain from which the consent notice SDK is served (delegate it to Didomi's name servers first).
const sdkDomain = new didomi.Domain("consent-domain", {
  domain: config.get("consentDomain") ?? "consent.example.com",
  usage: "cmp",
  description: `Consent notice SDK for ${site}`,
});

// A key for the CI pipeline that deploys this stack, and a secret for user-id hashing in the SDK.
const ciKey = new didomi.ApiKey("ci-key", { name: "quickstart-ci", description: "Deploys the consent configuration" });
const userIdHashing = new didomi.Secret("user-id-hashing", { name: "quickstart-user-id-hashing" });

// The consent notice, its configuration, and its publication: a config change publishes exactly once.
const notice = new didomi.ConsentNotice("site-notice", {
  name: site,
  externalId: site.replace(/\./g, "-"),
  config: {
    platform: "web",
    targets: [site],
    negativeAction: "button",
    consentDuration: config.getNumber("consentMonths") ?? 6,
    consentDurationUnit: "months",
    regulationConfigurations: [{ regulationId: "gdpr", geoLocations: ["*"] }],
  },
  deploymentMessage: "Published by the quickstart",
});

export const domainStatus = sdkDomain.status;
export const ciKeyId = ciKey.keyId;
export const ciKeySecret = ciKey.secret; // a secret output: `pulumi stack output --show-secrets ciKeySecret`
export const userIdHashingSecretId = userIdHashing.id;
export const noticeId = notice.noticeId;
export const publishedConfigId = notice.deployment!.productionConfigId;
