// Notice: the consent notice itself. Its configuration is a NoticeConfig (notice-config.ts), its
// publication a Deployment (deployment.ts).
import * as didomi from "pulumi-didomi";

export const wwwNotice = new didomi.Notice("www", {
  name: "www.example.com",
  externalSource: "pulumi",
  externalId: "www-example-com", // makes adoption and lost-create recovery exact
  onDelete: "archive", // the default: sites embedding the notice id keep working until you switch them
});
