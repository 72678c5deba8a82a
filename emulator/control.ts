// Control endpoints under /__emulator for tests: reset, state dump, settings, seed, fault injection, advance, stats
// and the request log. No auth, loopback peers only, never rate limited, never counted in stats.
import type { IncomingMessage } from "node:http";
import { badRequest, forbidden } from "./errors";
import { isJsonObject, type JsonObject } from "./handlers/context";
import { Router } from "./router";
import { jsonOutgoing, readJsonBody, unrouted, type Outgoing } from "./http";
import type { EmulatorServer } from "./server";
import { SettingsError, applySettingsPatch, validateSettingsPatch } from "./settings";
import { validateSeed, type SeedFile, type State } from "./store";
import { applyTransitions } from "./transitions";

interface ControlRoute {
  method: string;
  path: string;
  handle(emulator: EmulatorServer, body: unknown): unknown;
}

function objectBody(body: unknown, example: string): JsonObject {
  if (body === undefined) return {};
  if (!isJsonObject(body)) throw badRequest(`The body must be a JSON object such as ${example}`);
  return body;
}

function checkedSeed(seed: unknown): SeedFile {
  const errors = validateSeed(seed);
  if (Object.keys(errors).length > 0) {
    throw badRequest(
      "Invalid seed: " + Object.entries(errors).map(([path, problem]) => `${path} ${problem}`).join("; "),
      errors,
    );
  }
  return seed as SeedFile;
}

function checkedSettings(patch: unknown) {
  try {
    return validateSettingsPatch(patch, "the request body");
  } catch (error) {
    if (error instanceof SettingsError) throw badRequest(error.message, error.errors);
    throw error;
  }
}

/** Every collection, grouped by organization, secrets included (this is a test tool). */
function dumpState(state: State) {
  const organizations: Record<string, JsonObject> = {};
  for (const organization of state.organizations.values()) {
    organizations[organization.id] = {
      organization,
      quota: null,
      apiKeys: [],
      secrets: [],
      domains: [],
      notices: [],
      configs: [],
      deployments: [],
      sdkConfigs: [],
      partners: [],
      purposes: [],
      purposeGroups: [],
      templates: [],
      templateConfigs: [],
    };
  }
  // global metadata (organization_id null) belongs to no organization: not listed
  const owned = ["apiKeys", "secrets", "domains", "notices", "configs", "deployments", "sdkConfigs", "partners", "purposes", "purposeGroups", "templates", "templateConfigs"] as const;
  for (const collection of owned) {
    for (const record of state[collection].values()) {
      if (record.organization_id !== null) (organizations[record.organization_id]?.[collection] as unknown[] | undefined)?.push(record);
    }
  }
  for (const quota of state.quotas.values()) {
    if (organizations[quota.organization_id]) organizations[quota.organization_id].quota = quota;
  }
  return { organizations, pendingTransitions: state.pending };
}

const CONTROL_ROUTES: ControlRoute[] = [
  {
    method: "POST",
    path: "/__emulator/reset",
    handle(emulator, raw) {
      const body = objectBody(raw, '{"seed":{...},"settings":{...}}');
      const unknown = Object.keys(body).filter((field) => field !== "seed" && field !== "settings");
      if (unknown.length > 0) throw badRequest(`Unknown reset fields: ${unknown.join(", ")} (allowed: seed, settings)`);
      const seed = body.seed === undefined ? emulator.startup.seed : checkedSeed(body.seed);
      if (body.settings !== undefined) {
        emulator.settings = applySettingsPatch(emulator.startup.settings, checkedSettings(body.settings));
      }
      emulator.store.reset(seed);
      emulator.stats.reset();
      emulator.faults.clear();
      emulator.limiter.reset();
      return { reset: true, organizations: seed.organizations.map((organization) => organization.id) };
    },
  },
  {
    method: "GET",
    path: "/__emulator/state",
    handle(emulator) {
      if (applyTransitions(emulator.store.state, Date.now()).length > 0) emulator.store.persistSoon();
      return dumpState(emulator.store.state);
    },
  },
  { method: "GET", path: "/__emulator/settings", handle: (emulator) => emulator.settings },
  {
    method: "PATCH",
    path: "/__emulator/settings",
    handle(emulator, body) {
      emulator.settings = applySettingsPatch(emulator.settings, checkedSettings(body ?? {}));
      return emulator.settings;
    },
  },
  {
    method: "POST",
    path: "/__emulator/seed",
    handle: (emulator, body) => emulator.store.seed(checkedSeed(body)),
  },
  {
    method: "POST",
    path: "/__emulator/faults",
    handle(emulator, raw) {
      const armed = emulator.faults.add(objectBody(raw, '{"path":"/v1/domains*","status":500}'));
      if ("errors" in armed) {
        throw badRequest(
          "Invalid fault: " + Object.entries(armed.errors).map(([field, problem]) => `${field} ${problem}`.trim()).join("; "),
          armed.errors,
        );
      }
      return armed;
    },
  },
  { method: "GET", path: "/__emulator/faults", handle: (emulator) => emulator.faults.list() },
  { method: "DELETE", path: "/__emulator/faults", handle: (emulator) => ({ cleared: emulator.faults.clear() }) },
  {
    method: "POST",
    path: "/__emulator/advance",
    handle(emulator) {
      const changed = applyTransitions(emulator.store.state, Date.now(), true);
      if (changed.length > 0) emulator.store.persistSoon();
      return { changed };
    },
  },
  { method: "GET", path: "/__emulator/stats", handle: (emulator) => emulator.stats.snapshot() },
  {
    method: "DELETE",
    path: "/__emulator/stats",
    handle(emulator) {
      emulator.stats.reset();
      return { reset: true };
    },
  },
  { method: "GET", path: "/__emulator/requests", handle: (emulator) => emulator.stats.requests() },
];

const router = new Router(CONTROL_ROUTES);

/** Fixed, so that a small `maxBodyBytes` set for a test can always be set back. Seeds may be large. */
const CONTROL_MAX_BODY_BYTES = 16 * 1024 * 1024;

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && /^(127\.|::1$|::ffff:127\.)/.test(address);
}

export async function handleControl(emulator: EmulatorServer, req: IncomingMessage, path: string): Promise<Outgoing> {
  try {
    if (!isLoopback(req.socket.remoteAddress)) throw forbidden("Control endpoints answer loopback clients only");
    const method = req.method ?? "GET";
    const match = router.match(method, path);
    if (!match.route) throw unrouted(method, path, match);
    const body = await readJsonBody(req, CONTROL_MAX_BODY_BYTES);
    return jsonOutgoing(200, match.route.handle(emulator, body));
  } catch (error) {
    return emulator.errorOutgoing(error);
  }
}
