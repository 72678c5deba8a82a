import { z } from "zod";
import { resource } from "./common";
import { field } from "./define";

/** Arguments of a {@link Deployment}. contentHash and message are not readable back from Didomi: they are ours. */
export class DeploymentInputs {
  /**
   * The notice to publish.
   *
   * Caution: any input change replaces the deployment, which publishes the current draft again (unless
   * the draft's content is already what is published).
   */
  noticeId = field(z.string().min(1), { replaceOnChange: true });
  /**
   * The content to publish: wire it to {@link NoticeConfig.contentHash}, so that a content change
   * publishes once and nothing else does.
   *
   * Caution: a change replaces the deployment, i.e. publishes.
   */
  contentHash = field(z.string().min(1), { providerOnly: true, replaceOnChange: true });
  /**
   * A description of the changes, kept with the deployment for audit.
   *
   * Caution: a change replaces the deployment; when the content is already published, no new deployment
   * is made and the existing one is kept.
   */
  message = field(z.string().optional(), { providerOnly: true, replaceOnChange: true });
  /**
   * How long to wait for the deployment to succeed.
   *
   * @default 600
   */
  timeoutSeconds = field(z.number().int().positive().optional(), { providerOnly: true });
}

export class DeploymentOutputs {
  /** The published config id. */
  productionConfigId = field(z.string());
  /** `success` once published. */
  status = field(z.string());
  /** Set by a refresh when a later deployment (not from this stack) replaced this one. */
  supersededBy = field(z.string().optional());
}

export const deploymentFields = resource("Deployment", { inputs: new DeploymentInputs(), outputs: new DeploymentOutputs() });
