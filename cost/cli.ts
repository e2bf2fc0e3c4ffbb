import { main } from './cost-command.ts';

// `npm run cost`: see cost-command.ts for the options.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// aws-cdk-lib's deprecation notices (about the app's code, not the estimate) would interleave with the report.
process.env.JSII_DEPRECATED ??= 'quiet';
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const { name, message } = error as Error;
  const expected =
    ['UsageError', 'ProfileError'].includes(name) || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(expected ? message : error);
  process.exitCode = 1;
}
