#!/usr/bin/env node
// Entry point of the `sdp` command: runs the TypeScript CLI through tsx, no build step.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../cli.ts');
// main() prints the errors a user can act on as one line; anything else is a bug, shown whole.
process.exitCode = await main(process.argv.slice(2));
