// Every snippet in one program, so that `pulumi up` here (against the emulator) creates them all.
import { ciKey } from "./api-key";
import { blogNotice } from "./consent-notice";
import { wwwPublished } from "./deployment";
import { sdkDomain } from "./domain";
import { wwwConfig } from "./notice-config";
import { userIdHashing } from "./secret";

export const sdkDomainStatus = sdkDomain.status;
export const ciKeyId = ciKey.keyId;
export const ciKeySecret = ciKey.secret; // secret: `pulumi stack output --show-secrets ciKeySecret`
export const userIdHashingValue = userIdHashing.value; // secret
export const wwwDraftConfigId = wwwConfig.draftConfigId;
export const wwwLiveConfigId = wwwPublished.productionConfigId;
export const blogNoticeId = blogNotice.noticeId;
