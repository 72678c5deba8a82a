import { z } from "zod";
import { resource } from "./common";
import { field, group } from "./define";

/** Text in several languages, keyed by language code: `{ en: "Analytics", fr: "Mesure d'audience" }`. */
const translations = () =>
  z.record(
    z.string().regex(/^[a-z]{2}(-[A-Za-z]{2,4})?$/, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a language code; use one such as "en", "fr" or "pt-BR"`,
    }),
    z.string(),
  );

/** A purpose's ids in other vendor lists and SDKs. */
export class PurposeNamespacesFields {
  /** ID of the purpose in the IAB TCF version 1. */
  iab = field(z.string().optional());
  /** ID of the purpose in the IAB TCF version 2. */
  iab2 = field(z.string().optional());
  /** ID of the purpose in the Didomi SDK. */
  didomi = field(z.string().optional());
  /** Your own id for the purpose. */
  custom = field(z.string().optional());
}

/** Arguments of a {@link Purpose}. */
export class PurposeInputs {
  /**
   * The purpose's name as users see it, by language. Also how an existing custom purpose is found for adoption:
   * one whose name has these texts in these languages.
   *
   * @example { en: "Personalised offers", fr: "Offres personnalisées" }
   */
  name = field(translations().refine((value) => Object.keys(value).length > 0, "needs at least one language"), { naturalKey: true, opaque: true, apiName: "description" });
  /** What the purpose is for, by language, shown under its name. */
  details = field(translations().optional(), { clearable: true, opaque: true });
  /** The text shown when the user has enabled the purpose, by language. */
  enabledStatusDescription = field(translations().optional(), { clearable: true, opaque: true });
  /** The text shown when the user has disabled the purpose, by language. */
  disabledStatusDescription = field(translations().optional(), { clearable: true, opaque: true });
  /**
   * The regulations the purpose applies under (`gdpr`, `cpra`, …); all when not set. Order does not matter.
   *
   * @example ["gdpr"]
   */
  regulations = field(z.array(z.string().min(1)).optional(), { unordered: true, apiName: "regulations_id" });
  /** The purpose's ids in other vendor lists and SDKs. */
  namespaces = group(new PurposeNamespacesFields());
}

export class PurposeOutputs {
  /** The id by which notices refer to the purpose in their SDK configuration. */
  sdkId = field(z.string());
}

export const purposeFields = resource("Purpose", { inputs: new PurposeInputs(), outputs: new PurposeOutputs(), adoptable: true });
