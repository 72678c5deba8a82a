// Every snippet in one program, so that `pulumi up` here (against the emulator) creates them all.
import { ciKey } from "./api-key";
import { blogNotice } from "./consent-notice";
import { wwwPublished } from "./deployment";
import { sdkDomain } from "./domain";
import { wwwConfig } from "./notice-config";
import { groupStandard } from "./notice-template";
import { offers } from "./purpose";
import { marketing } from "./purpose-group";
import { userIdHashing } from "./secret";
import { crm } from "./vendor";

export const sdkDomainStatus = sdkDomain.status;
export const ciKeyId = ciKey.keyId;
export const ciKeySecret = ciKey.secret; // secret: `pulumi stack output --show-secrets ciKeySecret`
export const userIdHashingValue = userIdHashing.value; // secret
export const wwwDraftConfigId = wwwConfig.draftConfigId;
export const wwwLiveConfigId = wwwPublished.productionConfigId;
export const blogNoticeId = blogNotice.noticeId;
export const offersPurposeId = offers.id;
export const marketingGroupId = marketing.id;
export const crmSdkId = crm.sdkId;
export const groupStandardConfigId = groupStandard.templateConfigId;
