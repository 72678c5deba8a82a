// Every resource's field table, by kind: what sdk/ and provider/ both derive from.
import { apiKeyFields } from "./api-key";
import { deploymentFields } from "./deployment";
import { domainFields } from "./domain";
import { noticeFields } from "./notice";
import { noticeConfigFields } from "./notice-config";
import { noticeTemplateFields } from "./notice-template";
import { purposeFields } from "./purpose";
import { purposeGroupFields } from "./purpose-group";
import { secretFields } from "./secret";
import { vendorFields } from "./vendor";

export const resourceFields = {
  Domain: domainFields,
  ApiKey: apiKeyFields,
  Secret: secretFields,
  Notice: noticeFields,
  NoticeConfig: noticeConfigFields,
  Deployment: deploymentFields,
  Vendor: vendorFields,
  Purpose: purposeFields,
  PurposeGroup: purposeGroupFields,
  NoticeTemplate: noticeTemplateFields,
};

export type ResourceKind = keyof typeof resourceFields;
