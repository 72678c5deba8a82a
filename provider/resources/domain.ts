/**
 * Domain: a domain from which Didomi serves the consent notice SDK or a privacy/preference center.
 * Pulumi id: the FQDN.
 *
 * | operation | Didomi API calls                                                                          |
 * |-----------|-------------------------------------------------------------------------------------------|
 * | check     | none                                                                                      |
 * | diff      | none                                                                                      |
 * | create    | GET /domains?id=… (adoption; a domain being deleted is waited for until gone) → POST /domains {status: scheduled} → GET /domains/{id} until ready |
 * | read      | GET /domains?id[$in]=… (coalesced with the other reads of a refresh)                      |
 * | update    | PATCH /domains/{id} (re-scheduling a failed domain), then GET until ready                 |
 * | delete    | GET until provisioning ends; managed: DELETE /domains/{id}; custom: PATCH {status: to_be_deleted}, GET until gone |
 */
import type * as pulumi from "@pulumi/pulumi";
import type { InputsOf, StateOf } from "../../fields/define";
import { domainFields, type DomainUsage } from "../../fields/domain";
import { checkInputs } from "../check";
import { byId, domainSchema, itemPath, type Domain as ApiDomain } from "../client";
import { collectionOf, createObject, deleteObject, readObject } from "../collection";
import { connect, type Connection } from "../config";
import { diffFields, planChanges } from "../diff";
import { unchangedRemotely } from "../fields";
import { compact, partialCreate, waitFor } from "../lifecycle";
import { log } from "../log";

type DomainInputs = InputsOf<typeof domainFields>;
export type DomainOutputs = StateOf<typeof domainFields>;

const DEFAULT_TIMEOUT_SECONDS = 600;
/** A domain in these states is on its way out: for Pulumi it no longer exists. */
const GONE_STATUSES = new Set(["to_be_deleted", "deleting"]);
/** Didomi refuses to delete a domain while it is being provisioned (BEHAVIOR.md §6.3): deletion waits for these to end. */
const PROVISIONING_STATUSES = new Set(["scheduled", "deploying"]);
/** Didomi's name servers, to which a custom domain must be delegated before provisioning (BEHAVIOR.md §6.2). */
const DIDOMI_NAME_SERVERS = ["ns1.privacy-center.org", "ns2.privacy-center.org", "ns3.privacy-center.org", "ns4.privacy-center.org"];
const SERVES: Record<DomainUsage, string> = {
  cmp: "the consent notice SDK",
  "privacy-center": "the privacy center",
  "preference-center": "the preference center",
};

const DOMAINS = collectionOf<DomainInputs, DomainOutputs, ApiDomain>(domainFields, {
  path: "/domains",
  schema: domainSchema,
  outputs: (inputs, domain) =>
    compact({ ...inputs, organizationId: domain.organization_id, status: domain.status, type: domain.type, createdAt: domain.created_at }),
  // a domain on its way out (to_be_deleted, deleting) no longer exists for Pulumi
  isGone: (domain) => GONE_STATUSES.has(domain.status),
});

const label = (fqdn: string) => `didomi:Domain ${fqdn}`;

function provisioningFailed(domain: ApiDomain, usage: DomainUsage): Error {
  if (domain.type === "managed") {
    return new Error(
      `${label(domain.id)}: Didomi failed to provision this managed domain (status failed). Its zone belongs to ` +
        "Didomi, so there is no DNS to fix on your side: run `pulumi up` again to re-schedule it, and contact Didomi " +
        "support if it fails again.",
    );
  }
  const records = DIDOMI_NAME_SERVERS.map((ns) => `  ${domain.id}. 300 IN NS ${ns}.`).join("\n");
  return new Error(
    `${label(domain.id)}: provisioning failed. Didomi can only provision a ${domain.type} domain that serves ` +
      `${SERVES[usage]} once it is delegated to Didomi's name servers. Create these ` +
      `NS records at your DNS provider and wait for them to propagate:\n${records}\nThen run \`pulumi up\` again: ` +
      "the provider re-schedules provisioning of the failed domain.",
  );
}

async function waitUntilReady({ client, organizationId }: Connection, inputs: DomainInputs): Promise<ApiDomain> {
  return waitFor({
    label: label(inputs.domain),
    goal: "ready",
    poll: () => client.get(itemPath(DOMAINS.path, inputs.domain), DOMAINS.schema, { organizationId }),
    describe: (domain) => `status ${domain.status}`,
    done: (domain) => domain.status === "ready",
    fail: (domain) => {
      if (domain.status === "failed") {
        // record the domain in the state (partial create) so that the next `up` retries it
        throw partialCreate(provisioningFailed(domain, inputs.usage), domain.id, DOMAINS.outputs(inputs, domain));
      }
    },
    timeoutSeconds: inputs.readyTimeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
  });
}

/** Waits until Didomi has removed the domain, which it does after `to_be_deleted` and `deleting`. */
function waitUntilDeleted({ client, organizationId }: Connection, fqdn: string, timeoutSeconds: number | undefined): Promise<unknown> {
  return waitFor({
    label: label(fqdn),
    goal: "deleted",
    poll: () => client.getMany(DOMAINS.path, fqdn, DOMAINS.schema, { organizationId }),
    describe: (current) => `status ${current?.status ?? "gone"}`,
    done: (current) => current === undefined,
    fail: (current) => {
      if (current?.status === "failed") {
        throw new Error(`${label(fqdn)}: Didomi failed to delete the domain (status failed). Check it in the Didomi console, then run the deletion again.`);
      }
    },
    timeoutSeconds: timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
  });
}

function warnIfDisabled(fqdn: string, enabled: boolean | undefined): void {
  if (enabled === false) {
    log.warn(`${label(fqdn)}: enabled is false, which de-provisions the domain; notices and centers served from it stop working.`);
  }
}

export const domainProvider: pulumi.dynamic.ResourceProvider<DomainInputs, DomainOutputs> = {
  async check(_olds, news) {
    return checkInputs(domainFields, news);
  },

  async diff(_id, olds, news) {
    const plan = planChanges(label(olds.domain), olds, news, DOMAINS.rules);
    if (plan.changed.includes("enabled")) warnIfDisabled(news.domain, news.enabled);
    // a domain whose provisioning failed (as last read) is re-scheduled by an update: the retry procedure
    const retry = olds.status === "failed" && plan.replaces!.length === 0;
    return { ...plan, changes: plan.changes || retry };
  },

  async create(inputs) {
    const connection = connect(inputs);
    const { client, organizationId } = connection;
    warnIfDisabled(inputs.domain, inputs.enabled);
    const find = async (): Promise<ApiDomain | undefined> => (await client.readView(byId(DOMAINS.path), inputs.domain, DOMAINS.schema, { organizationId }))[0];
    let existing = await find();
    if (existing && GONE_STATUSES.has(existing.status)) {
      // the name is still registered until Didomi finishes deleting it: neither created nor adoptable before then
      log.info(`${label(inputs.domain)}: Didomi is still deleting this domain (status ${existing.status}); waiting until it is gone, then creating it again`);
      await waitUntilDeleted(connection, inputs.domain, inputs.readyTimeoutSeconds);
      existing = undefined;
    }
    const scheduled = await createObject(DOMAINS, inputs, {
      label: label(inputs.domain),
      naturalKey: `the domain name "${inputs.domain}"`,
      // the lookup above is the one adoption needs; after a lost POST response, look again
      find: async () => existing,
      findExisting: find,
      body: { status: "scheduled" },
      adoptBody: (existing) => (existing.status === "draft" || existing.status === "failed" ? { status: "scheduled" } : {}),
    });
    if (inputs.waitForReady === false) return { id: scheduled.id, outs: DOMAINS.outputs(inputs, scheduled) };
    const ready = await waitUntilReady(connection, inputs).catch((error: Error) => {
      // the domain exists: keep it in the state (after a timeout, say), so that the next `up` goes on waiting
      throw "id" in error ? error : partialCreate(error, scheduled.id, DOMAINS.outputs(inputs, scheduled));
    });
    return { id: ready.id, outs: DOMAINS.outputs(inputs, ready) };
  },

  read: (id, olds) => readObject(DOMAINS, id, olds!),

  async update(id, olds, news) {
    const connection = connect(news);
    const { client, organizationId } = connection;
    const { remote } = diffFields(olds, news, DOMAINS.rules);
    // a failed domain (recorded by a partial create, or read by a refresh) is re-scheduled: the retry procedure
    const body = { ...DOMAINS.expand(news, remote), ...(olds.status === "failed" ? { status: "scheduled" } : {}) };
    if (Object.keys(body).length === 0 && olds.status === "ready") {
      return { outs: unchangedRemotely<DomainOutputs>(olds, news, DOMAINS.computedOutputs) };
    }
    const path = itemPath(DOMAINS.path, id);
    let domain = Object.keys(body).length > 0
      ? await client.patch(path, body, DOMAINS.schema, { organizationId })
      : await client.get(path, DOMAINS.schema, { organizationId });
    if (domain.status !== "ready" && news.waitForReady !== false && news.enabled !== false) {
      domain = await waitUntilReady(connection, news);
    }
    return { outs: DOMAINS.outputs(news, domain) };
  },

  async delete(id, olds) {
    const connection = connect(olds);
    const { client, organizationId } = connection;
    let domain = await client.getMany(DOMAINS.path, id, DOMAINS.schema, { organizationId });
    if (!domain) return;
    if (PROVISIONING_STATUSES.has(domain.status)) {
      const settled = await waitFor({
        label: label(id),
        goal: "provisioning ends (Didomi cannot delete a domain while provisioning it)",
        poll: () => client.getMany(DOMAINS.path, id, DOMAINS.schema, { organizationId }),
        describe: (current) => `status ${current?.status ?? "gone"}`,
        // deleted meanwhile by someone else: nothing left to delete
        done: (current) => current === undefined || !PROVISIONING_STATUSES.has(current.status),
        timeoutSeconds: olds.deleteTimeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      });
      if (!settled) return;
      domain = settled;
    }
    if (domain.type === "managed") return deleteObject(DOMAINS, id, olds);
    if (!GONE_STATUSES.has(domain.status)) {
      const unassign: Record<string, unknown> = {};
      if (domain.entity_id) {
        if (olds.entityId !== domain.entity_id) {
          throw new Error(
            `${label(id)}: cannot delete, the domain is still used by entity ${domain.entity_id}, which was assigned ` +
              "outside Pulumi. Unassign it in the Didomi console (or manage the assignment with this resource's " +
              "entityId input), then run the deletion again.",
          );
        }
        unassign.entity_id = null; // this resource made the assignment, so it also undoes it
      }
      await client.patch(itemPath(DOMAINS.path, id), { ...unassign, status: "to_be_deleted" }, DOMAINS.schema, { organizationId });
    }
    await waitUntilDeleted(connection, id, olds.deleteTimeoutSeconds);
  },
};
