/**
 * Deployment: one publication of a notice's draft configuration; an immutable audit record in Didomi.
 * Pulumi id: the deployment id.
 *
 * | operation | Didomi API calls                                                                               |
 * |-----------|------------------------------------------------------------------------------------------------|
 * | check     | none                                                                                           |
 * | diff      | none (every change replaces: deployments cannot be modified)                                   |
 * | create    | the draft and the latest deployment (notice-configurations.ts) → POST /widgets/notices/deployments → GET …/deployments/{id} until success; no POST when the draft's content is already the published content. GET /quotas once per organization; POSTs queue for the organization's parallel_notices_deployments (publication-queue.ts) |
 * | read      | the notice's latest deployment, from GET …/deployments?$sort[created_at]=-1 read once for the organization; only a superseded deployment is read by id |
 * | update    | none: only timeoutSeconds or baseUrl changed (every other change replaces)                     |
 * | delete    | none: deployments cannot be deleted; the resource is only removed from the stack               |
 */
import type * as pulumi from "@pulumi/pulumi";
import type { InputsOf, StateOf } from "../../fields/define";
import { deploymentFields } from "../../fields/deployment";
import { checkInputs } from "../check";
import { deploymentSchema, type Deployment as ApiDeployment, type NoticeConfig as ApiNoticeConfig } from "../client";
import { connect, type Connection } from "../config";
import { computedOutputsOf, planChanges, rulesOf } from "../diff";
import { liveInputs, unchangedRemotely } from "../fields";
import { compact, waitFor } from "../lifecycle";
import { log } from "../log";
import { DEPLOYMENTS, existingNoticeConfigs, latestDeployment, publishedConfig, sameContent } from "../notice-configurations";
import { deployWithinQuota } from "../publication-queue";

type DeploymentInputs = InputsOf<typeof deploymentFields>;
export type DeploymentOutputs = StateOf<typeof deploymentFields>;

// contentHash and message are our own inputs, not readable back from Didomi; any change of them or of the
// notice publishes (replaces), while timeoutSeconds and baseUrl are recorded in place.
const DIFF_RULES = rulesOf(deploymentFields);
const DEFAULT_TIMEOUT_SECONDS = 600;

const label = (noticeId: string) => `didomi:Deployment of notice ${noticeId}`;

function outputsOf(inputs: DeploymentInputs, deployment: ApiDeployment, supersededBy?: string): DeploymentOutputs {
  return compact({
    ...inputs,
    organizationId: deployment.organization_id,
    productionConfigId: deployment.production_config_id,
    status: deployment.status,
    createdAt: deployment.created_at!,
    supersededBy,
  });
}

const latestFirst = (deployments: ApiDeployment[]) => deployments.sort((a, b) => Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? ""));

function deploymentsOf({ client, organizationId }: Connection, query: Record<string, string>) {
  return client.list(DEPLOYMENTS, deploymentSchema, { organizationId, query }).then(latestFirst);
}

function waitForSuccess({ client, organizationId }: Connection, inputs: DeploymentInputs, id: string) {
  return waitFor({
    label: label(inputs.noticeId),
    goal: "success",
    poll: () => client.get(`${DEPLOYMENTS}/${encodeURIComponent(id)}`, deploymentSchema, { organizationId }),
    describe: (deployment) => `deployment ${deployment.id} is ${deployment.status}`,
    done: (deployment) => deployment.status === "success",
    fail: (deployment) => {
      if (deployment.status === "failure") {
        throw new Error(
          `${label(inputs.noticeId)}: Didomi reports deployment ${deployment.id} as failed; configuration ` +
            `${deployment.production_config_id} is not live. Check the notice in the Didomi console, then run ` +
            "`pulumi up` again to publish the current draft.",
        );
      }
    },
    timeoutSeconds: inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    // Deployments take seconds at Didomi (1–3 s): polls at 0.5, 1.25, 2.4, 4 s… see one end soon after it does,
    // which frees its quota slot for the next (the default schedule saw a 2 s deployment end after 3.75 s)
    pollSchedule: { firstDelayMs: 500, growth: 1.5 },
  });
}

/**
 * The deployment that already publishes the draft's content, if any: publishing the same content twice
 * would add an audit record without changing anything live.
 */
async function publishing(connection: Connection, draft: ApiNoticeConfig, latest: ApiDeployment | undefined) {
  if (!latest || latest.status === "failure") return undefined;
  const published = await publishedConfig(connection, latest.production_config_id);
  return published && sameContent(draft, published) ? latest : undefined;
}

export const deploymentProvider: pulumi.dynamic.ResourceProvider<DeploymentInputs, DeploymentOutputs> = {
  async check(_olds, news) {
    return checkInputs(deploymentFields, news);
  },

  async diff(_id, olds, news) {
    const plan = planChanges(label(olds.noticeId), olds, news, DIFF_RULES);
    // a refresh found that a later publication replaced this one: publish the declared content again
    const replaces = olds.supersededBy ? [...plan.replaces!, "supersededBy"] : plan.replaces!;
    return { ...plan, changes: plan.changes || replaces.length > 0, replaces };
  },

  async create(inputs) {
    const connection = connect(inputs);
    const { client, organizationId } = connection;
    const { draft, latestDeployment } = await existingNoticeConfigs(connection, inputs.noticeId);
    const existing = await publishing(connection, draft, latestDeployment);
    if (existing) {
      log.info(`${label(inputs.noticeId)}: the draft's content is already published by deployment ${existing.id}; not publishing it again`);
    }
    const done =
      existing?.status === "success"
        ? existing
        : await deployWithinQuota(connection, {
            label: label(inputs.noticeId),
            timeoutSeconds: inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
            // an existing deployment still in progress counts against the quota as much as a new one
            start: async () =>
              existing ??
              client.create(
                DEPLOYMENTS,
                { notice_id: inputs.noticeId, organization_id: organizationId, production_config_id: draft.id, message: inputs.message ?? "" },
                deploymentSchema,
                {
                  organizationId,
                  findExisting: () => deploymentsOf(connection, { notice_id: inputs.noticeId, production_config_id: draft.id }).then((found) => found[0]),
                },
              ),
            waitUntilEnded: async (started) => (started.status === "success" ? started : waitForSuccess(connection, inputs, started.id)),
          });
    return { id: done.id, outs: outputsOf(inputs, done) };
  },

  async read(id, olds) {
    const connection = connect(olds!);
    const { client, organizationId } = connection;
    // the notice's latest deployment is this one, unless a later publication replaced it
    const latest = await latestDeployment(connection, olds!.noticeId);
    const deployment = latest?.id === id ? latest : await client.getMany(DEPLOYMENTS, id, deploymentSchema, { organizationId });
    if (!deployment) return {};
    // the latest publication that is live or going live (a failed one replaces nothing)
    const live = latest?.status === "failure" ? (await deploymentsOf(connection, { notice_id: deployment.notice_id })).find((d) => d.status !== "failure") : latest;
    const supersededBy = live && live.id !== id ? live.id : undefined;
    if (supersededBy) {
      log.warn(`${label(deployment.notice_id)}: deployment ${supersededBy}, made outside this stack, replaced ${id}; the next \`pulumi up\` publishes the declared content again.`);
    }
    const inputs = liveInputs<DeploymentInputs>(olds!, { noticeId: deployment.notice_id, organizationId: deployment.organization_id }, DIFF_RULES);
    return { id, props: outputsOf(inputs, deployment, supersededBy), inputs: inputs as DeploymentOutputs };
  },

  async update(_id, olds, news) {
    // only timeoutSeconds or baseUrl changed (everything else replaces): nothing to tell Didomi
    return { outs: unchangedRemotely<DeploymentOutputs>(olds, news, computedOutputsOf(deploymentFields)) };
  },

  async delete() {
    // Deployments are append-only audit records in Didomi; forgetting is all there is.
  },
};
