#!/usr/bin/env node
// Launcher for the `pandapon` command. Committed (not built) so package managers can link the
// bin before the package is built; the command itself is in dist/cli-main.js.
import('../dist/cli-main.js');
