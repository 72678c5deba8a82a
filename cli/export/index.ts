// `pulumi-didomi export`: reads a live organization and writes a Pulumi program that adopts it with zero writes.
// Order of work: check the input (arguments, output directory, credentials) before any request; read the
// organization; plan and render the program in memory; write all files at once. How it is used: docs/export.md.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { getClient, type DidomiClient } from "../../provider/client";
import { configure, connectionSettings, missingCredentials, resolveOrganizationId } from "../../provider/config";
import { RequestMeter } from "./meter";
import { planProgram } from "./plan";
import { renderProject } from "./render";
import { readOrganization } from "./snapshot";
import { checkOutputDirectory, writeProject } from "./write";

export interface ExportOptions {
  out: string;
  stack: string;
  force: boolean;
  /** Flags; each falls back to its DIDOMI_* environment variable. */
  organizationId?: string;
  apiKey?: string;
  apiSecret?: string;
  baseUrl?: string;
}

export interface ExportSummary {
  declarations: number;
  skipped: number;
  /** HTTP requests sent to Didomi, the session included. */
  requests: number;
  /** Responses 429 Too Many Requests. */
  rateLimited: number;
  /** Requests that waited more than a second in the rate limiter's queue. */
  rateLimitWaits: number;
}

/** Progress goes to stderr: stdout stays free for scripts. */
export type Progress = (line: string) => void;

const FLAG_FOR_CONFIG: Record<string, keyof ExportOptions> = {
  "didomi:organizationId": "organizationId",
  "didomi:apiKey": "apiKey",
  "didomi:apiSecret": "apiSecret",
  "didomi:baseUrl": "baseUrl",
};

const FLAGS_HELP =
  "For pulumi-didomi export, the flags --api-key, --organization-id and --base-url take the place of the stack config; " +
  "give the secret in DIDOMI_API_SECRET rather than --api-secret, which other users of the machine can see.";

export async function runExport(options: ExportOptions, progress: Progress): Promise<ExportSummary> {
  checkOutputDirectory(options.out, options.force);
  const connection = resolveConnection(options);
  let rateLimitWaits = 0;
  const client = getClient({
    ...connection,
    // retries and rate-limit pauses are progress too; the client's "waited … for the rate limit" is a debug message
    log: (level, message) => {
      const waited = / waited .* rate limit/.test(message);
      if (waited) rateLimitWaits++;
      if (level !== "debug" || waited) progress(message);
    },
  });
  const meter = new RequestMeter(client.baseUrl);
  try {
    progress(`reading organization ${connection.organizationId} from ${client.baseUrl}`);
    const snapshot = await readWithContext(client, connection, (what) => progress(`read ${what} (${meter.requests} requests so far)`));
    const plan = planProgram(snapshot, connection.apiKey);
    const { version, peerDependencies } = ownPackage();
    const files = renderProject(plan, {
      organizationId: connection.organizationId,
      baseUrl: client.baseUrl,
      stack: options.stack,
      packageVersion: version,
      pulumiVersion: peerDependencies["@pulumi/pulumi"],
    });
    writeProject(options.out, files);
    const summary = {
      declarations: plan.declarations.length,
      skipped: plan.skipped.length,
      requests: meter.requests,
      rateLimited: meter.rateLimited,
      rateLimitWaits,
    };
    progress(
      `wrote ${Object.keys(files).length} files to ${options.out}: ${summary.declarations} resources, ${summary.skipped} objects skipped ` +
        `(reasons in README.md); ${summary.requests} requests (${summary.rateLimited} answered 429), ${summary.rateLimitWaits} waits for the rate limit`,
    );
    return summary;
  } finally {
    meter.stop();
  }
}

type Connection = ReturnType<typeof connectionSettings>;

/**
 * Credentials and settings exactly as the provider resolves them (DIDOMI_* included), the flags standing in for the
 * stack config, with messages that name the flags.
 */
function resolveConnection(options: ExportOptions): Connection {
  configure((key) => {
    const flag = FLAG_FOR_CONFIG[key];
    return flag ? (options[flag] as string | undefined) : undefined;
  });
  const missing = missingCredentials();
  if (missing) throw new Error(`${missing} ${FLAGS_HELP}`);
  if (!resolveOrganizationId(undefined)) {
    throw new Error("No Didomi organization id: pass --organization-id <id> or set the environment variable DIDOMI_ORGANIZATION_ID.");
  }
  return connectionSettings({});
}

/** The read, with a failure explained in terms of what the user passed. */
async function readWithContext(client: DidomiClient, connection: Connection, progress: (what: string) => void) {
  try {
    return await readOrganization(client, connection.organizationId, progress);
  } catch (error) {
    const status = (error as { status?: number }).status;
    const hint =
      status === 403 || status === 404
        ? ` API key ${connection.apiKey} cannot read organization ${connection.organizationId}: check --organization-id (or DIDOMI_ORGANIZATION_ID); a key only sees its own organization.`
        : "";
    const message = (error as Error).message.replace(/\.?$/, ".");
    throw new Error(`Nothing was written: reading organization ${connection.organizationId} failed. ${message}${hint}`);
  }
}

/** This package's package.json, found from this file in the sources (cli/export) and in dist (dist/cli/export). */
function ownPackage(): { version: string; peerDependencies: Record<string, string> } {
  for (let directory = __dirname; directory !== dirname(directory); directory = dirname(directory)) {
    try {
      const found = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
      if (found.name === "pulumi-didomi") return found;
    } catch {
      // no package.json here: look one level up
    }
  }
  throw new Error("pulumi-didomi export: cannot find the package's own package.json");
}
