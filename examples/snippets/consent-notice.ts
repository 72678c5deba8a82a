// ConsentNotice: Notice + NoticeConfig + Deployment in one declaration, the usual way to manage a notice.
import * as didomi from "pulumi-didomi";

export const blogNotice = new didomi.ConsentNotice("blog", {
  name: "blog.example.com",
  externalId: "blog-example-com",
  config: {
    platform: "web",
    targets: ["blog.example.com"],
    negativeAction: "link",
    consentDuration: 13,
    consentDurationUnit: "months",
  },
  deploymentMessage: "Blog notice, published by Pulumi",
});
