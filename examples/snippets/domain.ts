// Domain: the sub-domain that serves the Didomi consent SDK for www.example.com.
// Delegate it first: NS records privacy.example.com → ns1…ns4.privacy-center.org (docs/resources/domain.md).
import * as didomi from "pulumi-didomi";

export const sdkDomain = new didomi.Domain("privacy", {
  domain: "privacy.example.com",
  usage: "cmp",
  description: "Consent notice SDK for www.example.com",
  botsCrawl: "disallow_all",
  readyTimeoutSeconds: 900, // provisioning waits for DNS propagation
});
