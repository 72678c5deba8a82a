// NoticeTemplate: one configuration shared by several notices; vendors and purposes by reference.
import * as didomi from "pulumi-didomi";
import { blogNotice } from "./consent-notice";
import { wwwNotice } from "./notice";
import { offers } from "./purpose";
import { crm } from "./vendor";

export const groupStandard = new didomi.NoticeTemplate("group-standard", {
  name: "Group standard",
  noticeIds: [wwwNotice.id, blogNotice.noticeId],
  vendors: { iab: { all: true }, custom: [crm.sdkId] },
  purposes: { custom: [offers.sdkId] },
});
