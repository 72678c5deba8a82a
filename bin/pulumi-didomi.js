#!/usr/bin/env node
// The pulumi-didomi command. A committed file rather than dist/cli/main.js itself, so that npm can link it
// at install time in this repository, before `prepare` has built dist/.
require("../dist/cli/main.js");
