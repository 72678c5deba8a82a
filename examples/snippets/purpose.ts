// Purpose: a custom purpose, named in every language the notices show. Vendors refer to it by `id`.
import * as didomi from "pulumi-didomi";

export const offers = new didomi.Purpose("offers", {
  name: { en: "Personalised offers", fr: "Offres personnalisées" },
  details: { en: "We use your purchase history to suggest offers.", fr: "Nous utilisons vos achats pour vous proposer des offres." },
  regulations: ["gdpr"],
});
