import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cost/cost-command.ts';
import { buildCostDoc } from '../../../cost/cost-doc.ts';
import { estimateCost, monthlyFloor } from '../../../cost/cost-model.ts';
import { readDeployment } from '../../../cost/deployment.ts';
import { costBreakdownSvg } from '../../../cost/doc/cost-chart.ts';
import { ScenarioRunner } from '../../../cost/doc/scenarios.ts';
import { READ_ON } from '../../../cost/price-table.ts';
import type { Templates } from '../../../cost/templates.ts';
import { resolveWorkload } from '../../../cost/traffic-profile.ts';

/** A one-stream deployment: an on-demand bcns stream read by one Firehose, and an alarm. */
const TEMPLATES: Templates = {
  Streams: {
    Resources: {
      Bcns00000000: {
        Type: 'AWS::Kinesis::Stream',
        Properties: { Name: 'sdp-bcns', StreamModeDetails: { StreamMode: 'ON_DEMAND' } },
      },
      Alarm00000000: { Type: 'AWS::CloudWatch::Alarm', Properties: {} },
      Raw00000000: {
        Type: 'AWS::KinesisFirehose::DeliveryStream',
        Properties: {
          KinesisStreamSourceConfiguration: { KinesisStreamARN: { 'Fn::GetAtt': ['Bcns00000000', 'Arn'] } },
          ExtendedS3DestinationConfiguration: { BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 128 } },
        },
      },
    },
  },
};

/** Only the ingested events: no queries, predictions or reports, and nothing kept. */
const QUIET = { reportQueriesPerDay: 0, predictionsPerDay: 0, athenaQueriesPerDay: 0, retentionDays: 0 };

function profileFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sdp-cost-profile-')), 'profile.json');
  writeFileSync(file, JSON.stringify(QUIET));
  return file;
}

function templatesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdp-cost-templates-'));
  for (const [stack, template] of Object.entries(TEMPLATES)) {
    writeFileSync(join(dir, `${stack}.template.json`), JSON.stringify(template));
  }
  return dir;
}

async function run(args: string[]): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await main(args);
  return log.mock.calls.map((call) => String(call[0])).join('\n');
}

describe('npm run cost', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the cost per stack, service and line item, the total, $ per million events and the floor, with the price date', async () => {
    // Act: 1 event/s of 227 bytes, 2,628,000 a month
    const out = await run(['--templates', templatesDir(), '--profile', profileFile(), '--events-per-second', '1']);

    // Assess: 730 stream-hours at $0.04, 2.506 GB written (1 KiB each) at $0.08 and read once at $0.04,
    // 12.53 GB through Firehose (5 KB each) at $0.029, its 9,490 files (one each 300 s, one more an
    // hour) at $0.005 a thousand PUTs, and the alarm.
    const written = (2_628_000 * 1024) / 1024 ** 3;
    const firehose = (2_628_000 * 5120) / 1024 ** 3;
    const total = 29.2 + written * 0.12 + firehose * 0.029 + 9.49 * 0.005 + 0.1;
    expect(out).toContain(`us-east-1 list prices read ${READ_ON}`);
    expect(out).toContain('Deployment: templates of ');
    expect(out).toContain('Traffic: 1 events/s (2.63 million a month), 1 event a request');
    expect(out).toMatch(new RegExp(`^Streams\\s+\\$${total.toFixed(2).replace('.', '\\.')}\\s+100\\.0%$`, 'm'));
    expect(out).toMatch(/^Kinesis Data Streams\s+\$29\.50\s+98\.\d%$/m);
    expect(out).toContain(`Total:               $${total.toFixed(2)} a month`);
    expect(out).toContain(`$ per million events: $${(total / 2.628).toFixed(2)} all-in`);
    expect(out).toContain('Fixed monthly floor: $29.30 a month with no traffic (Kinesis Data Streams $29.20)');
    expect(out).toMatch(
      /Streams\s+Data Firehose\s+bcns → raw JSON\s+GB ingested \(5 KB rounding\)\s+12\.5\s+GB\s+0\.029\s+\$0\.36/,
    );
  });

  it('prints the estimate as JSON', async () => {
    // Act
    const out = JSON.parse(
      await run(['--templates', templatesDir(), '--profile', profileFile(), '--events-per-second', '0', '--json']),
    );

    // Assess
    expect(out.estimate.monthly).toBeCloseTo(29.3, 9);
    expect(out.floor).toBeCloseTo(29.3, 9);
    expect(out.traffic.eventsPerSecond).toBe(0);
  });

  it('rejects -c with --templates, and a bad profile, naming what is wrong', async () => {
    await expect(main(['--templates', templatesDir(), '-c', 'sdp:profile=lean'])).rejects.toThrow(
      '-c applies to the synthesized app; it cannot change templates read with --templates',
    );
    await expect(main(['--templates', templatesDir(), '--events-per-request', '0'])).rejects.toThrow(
      'eventsPerRequest must be an integer from 1 to 500. Received 0',
    );
    await expect(main(['--templates', mkdtempSync(join(tmpdir(), 'empty-'))])).rejects.toThrow(
      'holds no *.template.json files; run `npx cdk synth` first',
    );
  });
});

describe('docs/cost.md', () => {
  it('is built from the scenarios it prices: profiles, levers beside the default, drivers, published figures, prices', () => {
    // Act: every deployment is the one-stream fixture, so every figure is known
    const contexts: Record<string, unknown>[] = [];
    const { markdown, svg } = buildCostDoc(
      new ScenarioRunner((context) => {
        contexts.push(context);
        return TEMPLATES;
      }),
    );

    // Assess
    const deployment = readDeployment(TEMPLATES);
    const lever = resolveWorkload({ eventsPerSecond: 1000, eventsPerRequest: 100 });
    const expected = estimateCost(deployment, lever);
    expect(markdown).toContain(`read ${READ_ON}`);
    expect(markdown).toContain(
      `costs **$${Math.round(expected.monthly).toLocaleString('en-US')} a month, $${expected.perMillionEvents?.toFixed(3)} per million events all-in**, ` +
        `of which **$${monthlyFloor(deployment, lever).monthly.toFixed(2)}** is the fixed monthly floor`,
    );
    expect(markdown).toContain('| 10,000 events/s × 100 |');
    expect(markdown).toContain('| all of them: sdp:profile=lean | `-c sdp:profile=lean` |');
    expect(markdown).toContain(
      '| Clickstream Analytics on AWS | ingestion (Fargate, Kinesis on-demand) | 100 | $87.80 | $0.339 |',
    );
    expect(markdown).toContain('| serverless-website-analytics | worst case');
    expect(markdown).toContain('| firehose.ingestGB | $0.029 |');
    expect(markdown).toContain('![Monthly cost by service');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // Each distinct context is synthesized once, with the profile as sdp:traffic.
    expect(contexts).toContainEqual({
      'sdp:profile': 'lean',
      'sdp:traffic': '{"eventsPerSecond":1000,"eventsPerRequest":100}',
    });
    expect(new Set(contexts.map((c) => JSON.stringify(c))).size).toBe(contexts.length);
  });

  it('in the repository was generated with the price table’s date', () => {
    expect(readFileSync('docs/cost.md', 'utf8')).toContain(`list prices read ${READ_ON}`);
  });
});

describe('the cost-breakdown chart', () => {
  it('draws one bar a scenario, stacked by service on one scale, with a legend', () => {
    // Prepare
    const scenario = (label: string, eventsPerSecond: number) => {
      const workload = resolveWorkload({ ...QUIET, eventsPerSecond });
      const deployment = readDeployment(TEMPLATES);
      return {
        label,
        context: {},
        workload,
        estimate: estimateCost(deployment, workload),
        floor: monthlyFloor(deployment, workload),
      };
    };

    // Act
    const svg = costBreakdownSvg('Title & more', [scenario('small', 1), scenario('large', 100)]);

    // Assess
    expect(svg).toContain('>Title &amp; more</text>');
    expect(svg.match(/<title>small: /g)).toHaveLength(4); // Kinesis, Firehose, S3, CloudWatch
    expect(svg.match(/<title>large: /g)).toHaveLength(4);
    const width = (label: string, service: string) =>
      Number(new RegExp(`width="([0-9.]+)" height="24" fill="[^"]+"><title>${label}: ${service}`).exec(svg)?.[1]);
    // The largest bar spans the whole area (980 − 330 − 90 − 20 = 540 px).
    const large = ['Kinesis Data Streams', 'Data Firehose', 'CloudWatch'].reduce(
      (sum, s) => sum + width('large', s),
      0,
    );
    expect(large).toBeCloseTo(540, 0);
    expect(width('small', 'Kinesis Data Streams')).toBeLessThan(width('large', 'Kinesis Data Streams'));
  });
});
