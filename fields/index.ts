// Every resource's field table, by kind: what sdk/ and provider/ both derive from.
import { apiKeyFields } from "./api-key";
import { deploymentFields } from "./deployment";
import { domainFields } from "./domain";
import { noticeFields } from "./notice";
import { noticeConfigFields } from "./notice-config";
import { secretFields } from "./secret";

export const resourceFields = {
  Domain: domainFields,
  ApiKey: apiKeyFields,
  Secret: secretFields,
  Notice: noticeFields,
  NoticeConfig: noticeConfigFields,
  Deployment: deploymentFields,
};

export type ResourceKind = keyof typeof resourceFields;
