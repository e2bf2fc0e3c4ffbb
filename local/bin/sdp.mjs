#!/usr/bin/env node
// Entry point of the `sdp` command: runs the TypeScript CLI through tsx, no build step.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../cli.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error?.name === 'UsageError' || error?.code?.startsWith?.('ERR_PARSE_ARGS') ? error.message : error);
  process.exitCode = 1;
}
