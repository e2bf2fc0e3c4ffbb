import { lakeDir, loadLocalConfig } from '../config.ts';
import { startPlatform } from '../platform.ts';
import { defineCommand } from './command.ts';

export const startCommand = defineCommand({
  name: 'start',
  summary: 'Run the whole platform locally in the foreground (Ctrl-C stops it).',
  details: 'Ports and the data directory come from PORT, SDP_KINESIS_PORT, SDP_DYNAMODB_PORT and SDP_DATA_DIR.',
  options: {
    'ingest-only': {
      type: 'boolean',
      default: false,
      description:
        'only the APIs and the streams: no processor, reports writer, lake writers or retraining; the next full start processes what was stored',
    },
  },
  async run({ values }) {
    const ingestOnly = values['ingest-only'];
    const config = loadLocalConfig();
    const platform = await startPlatform(config, { ingestOnly });
    // Listening before the banner: a script that sends SIGINT as soon as it reads the URL must not kill
    // the process before it has flushed (stdout to a pipe is written synchronously).
    const stopRequested = new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        console.log(`\n${signal}: answering requests in flight and flushing to the streams...`);
        resolve();
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
    console.log(`Streaming Data Platform is running (data in ${config.dataDir})${ingestOnly ? ', ingestion only: events wait on the streams' : ''}
  Ingestion API   ${platform.url}/bid  ${platform.url}/impression  ${platform.url}/click
  Dashboard       ${platform.url}/
  Reports         ${platform.url}/reports/campaigns  ${platform.url}/reports/campaigns/{campaign_item_id}
  Predictions     ${platform.url}/predictions
  Health          ${platform.url}/health
  Kinesis         ${platform.kinesisEndpoint}  (streams: bcns, impressions, clicks, aggregates)
  DynamoDB        ${platform.dynamodbEndpoint}  (tables: reports, campaign_rollups)
  Lake            ${lakeDir(config)}  (query it: npx sdp sql "SELECT count(*) FROM parquet_bcns")
Press Ctrl-C to stop.`);
    await stopRequested;
    await platform.stop();
    console.log('Stopped cleanly.');
    return 0;
  },
});
