import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { estimateCost, monthlyFloor } from './cost-model.ts';
import { readDeployment } from './deployment.ts';
import { renderTextReport } from './report-text.ts';
import { parseContextArgument, readTemplates, synthesizeTemplates } from './synthesize.ts';
import { type ProfileInput, resolveWorkload } from './traffic-profile.ts';

const USAGE = `Usage: npm run cost -- [options]

Prices the platform's synthesized CloudFormation templates under a traffic profile.

  --profile <file.json>       traffic profile fields (see cost/traffic-profile.ts); defaults fill the rest
  --events-per-second <n>     overrides the profile's eventsPerSecond
  --events-per-request <n>    overrides the profile's eventsPerRequest (1-500)
  -c, --context <key=value>   CDK context, as for cdk synth (repeatable), e.g. -c sdp:profile=lean
  --templates <dir>           price the *.template.json of a cdk synth output (e.g. cdk.out) instead
  --lines                     print every line item, not only the 25 largest
  --json                      print the estimate as JSON
  --doc                       regenerate docs/cost.md and docs/cost-breakdown.svg (all profiles)

The profile is also passed to the app as sdp:traffic, so sdp:shards "auto" (and sdp:profile) size
the streams for the traffic priced, unless -c sdp:traffic=... says otherwise.`;

export async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      profile: { type: 'string' },
      'events-per-second': { type: 'string' },
      'events-per-request': { type: 'string' },
      context: { type: 'string', short: 'c', multiple: true },
      templates: { type: 'string' },
      lines: { type: 'boolean' },
      json: { type: 'boolean' },
      doc: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.doc) {
    const { writeCostDoc } = await import('./cost-doc.ts');
    const written = writeCostDoc();
    console.log(`Wrote ${written.join(' and ')}`);
    return 0;
  }
  const input: ProfileInput = {
    ...(values.profile ? (JSON.parse(readFileSync(values.profile, 'utf8')) as ProfileInput) : {}),
    ...(values['events-per-second'] !== undefined ? { eventsPerSecond: Number(values['events-per-second']) } : {}),
    ...(values['events-per-request'] !== undefined ? { eventsPerRequest: Number(values['events-per-request']) } : {}),
  };
  const workload = resolveWorkload(input);
  const context = Object.fromEntries((values.context ?? []).map(parseContextArgument));
  if (values.templates && Object.keys(context).length > 0) {
    throw new UsageError('-c applies to the synthesized app; it cannot change templates read with --templates');
  }
  context['sdp:traffic'] ??= JSON.stringify(input);
  const templates = values.templates ? readTemplates(values.templates) : synthesizeTemplates(context);
  const deployment = readDeployment(templates);
  const estimate = estimateCost(deployment, workload);
  const floor = monthlyFloor(deployment, workload);
  if (values.json) {
    console.log(JSON.stringify({ traffic: workload.traffic, estimate, floor: floor.monthly }, null, 2));
    return 0;
  }
  const described = values.templates
    ? `templates of ${values.templates}`
    : `synthesized with cdk.json${Object.entries(context)
        .filter(([key]) => key !== 'sdp:traffic' || values.context?.some((c) => c.startsWith('sdp:traffic=')))
        .map(([key, value]) => ` -c ${key}=${String(value)}`)
        .join('')}`;
  console.log(
    renderTextReport({ deployment: described, traffic: workload.traffic, estimate, floor }, { allLines: values.lines }),
  );
  return 0;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
