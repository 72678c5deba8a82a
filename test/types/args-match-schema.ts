// Every resource's SDK arguments agree with the schema its provider validates (compiled by `npm run typecheck`
// and by test/types/agreement.test.ts). Both derive from one field table, so this holds by construction; it is
// here so that a hand-written type can never again drift from its schema unnoticed, as NoticeConfig's
// consent-mode flags once did.
import type { z } from "zod";
import type { ShapeOf } from "../../fields/define";
import type { apiKeyFields } from "../../fields/api-key";
import type { deploymentFields } from "../../fields/deployment";
import type { domainFields } from "../../fields/domain";
import type { noticeFields } from "../../fields/notice";
import type { noticeConfigFields, RegulationConfigurationFields } from "../../fields/notice-config";
import type { noticeTemplateFields } from "../../fields/notice-template";
import type { purposeFields } from "../../fields/purpose";
import type { purposeGroupFields } from "../../fields/purpose-group";
import type { secretFields } from "../../fields/secret";
import type { vendorFields } from "../../fields/vendor";
import type * as sdk from "../../sdk";
import type { Agrees } from "./agreement";

/** The schema the provider's `check` validates a resource's inputs with (provider/check.ts inputSchemaOf). */
type SchemaOf<Inputs extends object> = z.ZodObject<ShapeOf<Inputs>>;

export const agreements: Record<string, true> = {
  Domain: true satisfies Agrees<sdk.DomainArgs, SchemaOf<typeof domainFields.inputs>>,
  ApiKey: true satisfies Agrees<sdk.ApiKeyArgs, SchemaOf<typeof apiKeyFields.inputs>>,
  Secret: true satisfies Agrees<sdk.SecretArgs, SchemaOf<typeof secretFields.inputs>>,
  Notice: true satisfies Agrees<sdk.NoticeArgs, SchemaOf<typeof noticeFields.inputs>>,
  NoticeConfig: true satisfies Agrees<sdk.NoticeConfigArgs, SchemaOf<typeof noticeConfigFields.inputs>>,
  RegulationConfiguration: true satisfies Agrees<sdk.RegulationConfigurationArgs, SchemaOf<RegulationConfigurationFields>>,
  Deployment: true satisfies Agrees<sdk.DeploymentArgs, SchemaOf<typeof deploymentFields.inputs>>,
  Vendor: true satisfies Agrees<sdk.VendorArgs, SchemaOf<typeof vendorFields.inputs>>,
  Purpose: true satisfies Agrees<sdk.PurposeArgs, SchemaOf<typeof purposeFields.inputs>>,
  NoticeTemplate: true satisfies Agrees<sdk.NoticeTemplateArgs, SchemaOf<typeof noticeTemplateFields.inputs>>,
  PurposeGroup: true satisfies Agrees<sdk.PurposeGroupArgs, SchemaOf<typeof purposeGroupFields.inputs>>,
};
