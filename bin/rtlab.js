#!/usr/bin/env node
// The rtlab command: everything lives in the compiled CLI.
import '../dist/cli/main.js';
