// ApiKey: a key for the CI pipeline. Its secret exists only in the create response; Pulumi keeps it as a secret.
import * as didomi from "pulumi-didomi";

export const ciKey = new didomi.ApiKey("ci", {
  name: "ci-deploy",
  description: "Deploys the consent configuration from CI",
  // Change the value to rotate: the old key is deleted, then a new key and secret are created.
  rotationTriggers: { rotatedOn: "2026-11-01" },
});
