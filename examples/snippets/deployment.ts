// Deployment: publishes the draft. Wired to contentHash, it publishes when the content changes, and only then.
import * as didomi from "pulumi-didomi";
import { wwwNotice } from "./notice";
import { wwwConfig } from "./notice-config";

export const wwwPublished = new didomi.Deployment("www", {
  noticeId: wwwNotice.id,
  contentHash: wwwConfig.contentHash,
  message: "Published from Git by Pulumi",
});
