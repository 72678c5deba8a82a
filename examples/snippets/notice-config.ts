// NoticeConfig: the notice's draft configuration. Only the fields set here are managed.
import * as didomi from "pulumi-didomi";
import { wwwNotice } from "./notice";

export const wwwConfig = new didomi.NoticeConfig("www", {
  noticeId: wwwNotice.id,
  platform: "web",
  targets: ["www.example.com", "shop.example.com"],
  negativeAction: "button",
  consentDuration: 6,
  consentDurationUnit: "months",
  gcmEnabled: true,
  gcmSetDefaultStatus: true,
  gcmAnalyticsDefaultStatus: false,
  gcmAdsDefaultStatus: false,
  // opaque SDK configuration, sent to Didomi as written
  config: { app: { privacyPolicyURL: "https://www.example.com/privacy" } },
  regulationConfigurations: [
    { regulationId: "gdpr", geoLocations: ["*"] },
    { regulationId: "cpra", geoLocations: ["US_CA"], consentDuration: 12, consentDurationUnit: "months" },
  ],
});
