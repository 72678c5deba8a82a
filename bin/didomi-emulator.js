#!/usr/bin/env node
// The didomi-emulator command. A committed file rather than dist/emulator/cli.js itself, so that npm can
// link it at install time in this repository, before `prepare` has built dist/.
require("../dist/emulator/cli.js");
