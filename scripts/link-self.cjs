#!/usr/bin/env node
// Makes `require("pulumi-didomi/provider")` resolve inside this repository.
// The serialized provider shim is loaded by Pulumi's dynamic-provider plugin with an empty filename,
// so module resolution starts from the plugin's working directory (the Pulumi project) and walks up
// through node_modules folders. Node's package self-reference does not apply there (see DESIGN.md §1),
// so the repository links itself as node_modules/pulumi-didomi. Installed from the registry, the
// package does not run this script (npm runs `prepare` only for local and git installs).
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
if (path.basename(path.dirname(root)) === "node_modules") process.exit(0);
const link = path.join(root, "node_modules", "pulumi-didomi");
fs.mkdirSync(path.dirname(link), { recursive: true });
try {
  if (fs.readlinkSync(link) === "..") process.exit(0);
} catch {
  // absent or not a link: (re)create below
}
fs.rmSync(link, { recursive: true, force: true });
fs.symlinkSync("..", link, "dir");
