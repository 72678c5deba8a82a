// ApiKey: a key for the CI pipeline. Its secret exists only in the create response; Pulumi keeps it as a secret.
import * as didomi from "pulumi-didomi";

export const ciKey = new didomi.ApiKey("ci", {
  name: "ci-deploy",
  description: "Deploys the consent configuration from CI",
  // Change the value to rotate the key. Until the known issue in docs/resources/api-key.md is fixed, a
  // rotation that keeps the name needs the deleteBeforeReplace option used here.
  rotationTriggers: { rotatedOn: "2026-11-01" },
}, { deleteBeforeReplace: true });
