// The Pulumi project (Pulumi.yaml) and the stack configuration, read the way the CLI reads them.
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import * as yaml from "js-yaml";
import { PropertyMap, Secret } from "./properties";

export interface Project {
  name: string;
  /** Directory holding Pulumi.yaml. */
  root: string;
  /** Working directory of the program and of the provider plugin (engine getPwdMain). */
  pwd: string;
  /** Program entry point relative to pwd: "." unless Pulumi.yaml names a file in `main`. */
  entryPoint: string;
  /** `runtime.options` of Pulumi.yaml (typescript, tsconfig, nodeargs, ...). */
  runtimeOptions: Record<string, unknown>;
}

export function loadProject(cwd: string): Project {
  const root = resolve(cwd);
  const file = join(root, "Pulumi.yaml");
  if (!existsSync(file)) throw new Error(`no Pulumi.yaml in ${root}: --cwd must name a Pulumi project directory`);
  const doc = yaml.load(readFileSync(file, "utf8")) as Record<string, unknown> | undefined;
  const name = doc?.["name"];
  if (typeof name !== "string" || name === "") throw new Error(`${file}: 'name' must be a non-empty string`);
  const runtime = doc?.["runtime"];
  const runtimeName = typeof runtime === "object" && runtime !== null ? (runtime as { name?: unknown }).name : runtime;
  if (runtimeName !== "nodejs") {
    throw new Error(`${file}: runtime '${String(runtimeName)}' is not supported; the test engine runs nodejs programs`);
  }
  const options = typeof runtime === "object" && runtime !== null ? (runtime as { options?: unknown }).options : {};
  const { pwd, entryPoint } = pwdAndMain(root, doc?.["main"]);
  return { name, root, pwd, entryPoint, runtimeOptions: (options ?? {}) as Record<string, unknown> };
}

// pkg/engine/project.go getPwdMain: a `main` directory becomes the working directory, a `main` file its parent.
function pwdAndMain(root: string, main: unknown): { pwd: string; entryPoint: string } {
  if (typeof main !== "string" || main === "") return { pwd: root, entryPoint: "." };
  const target = isAbsolute(main) ? main : join(root, main);
  if (!existsSync(target)) throw new Error(`project 'main' could not be read: ${target} does not exist`);
  return statSync(target).isDirectory()
    ? { pwd: target, entryPoint: "." }
    : { pwd: dirname(target), entryPoint: basename(target) };
}

export interface ConfigValue {
  value: string;
  secret: boolean;
}

/** Full key ("namespace:name") → value. */
export type StackConfig = Map<string, ConfigValue>;

/** Like `pulumi config set`: a key without a namespace belongs to the project. */
export function buildConfig(
  project: string,
  plain: Record<string, string> = {},
  secrets: Record<string, string> = {},
): StackConfig {
  const config: StackConfig = new Map();
  const add = (key: string, value: string, secret: boolean) => {
    if (key === "" || key.startsWith(":") || key.endsWith(":")) {
      throw new Error(`config key '${key}' is invalid: use 'name' or 'namespace:name'`);
    }
    const full = key.includes(":") ? key : `${project}:${key}`;
    if (config.has(full)) throw new Error(`config key '${full}' is given twice (as plain and secret value?)`);
    config.set(full, { value, secret });
  };
  for (const [k, v] of Object.entries(plain)) add(k, v, false);
  for (const [k, v] of Object.entries(secrets)) add(k, v, true);
  return config;
}

/** The two environment variables the nodejs language host gives the program (constructConfig / ...SecretKeys). */
export function programConfigEnv(config: StackConfig): { PULUMI_CONFIG: string; PULUMI_CONFIG_SECRET_KEYS: string } {
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, { value, secret }] of config) {
    const colon = key.indexOf(":");
    // The language host still presents keys in the old "<namespace>:config:<name>" form.
    values[`${key.slice(0, colon)}:config:${key.slice(colon + 1)}`] = value;
    if (secret) secretKeys.push(key);
  }
  return { PULUMI_CONFIG: JSON.stringify(values), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys) };
}

/** The default provider's inputs: the whole stack config, namespaces kept, secrets kept secret (GetPackageConfig). */
export function configToProperties(config: StackConfig): PropertyMap {
  const inputs: PropertyMap = {};
  for (const [key, { value, secret }] of config) inputs[key] = secret ? new Secret(value) : value;
  return inputs;
}
