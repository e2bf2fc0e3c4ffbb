import { CommandError, UsageError } from '../cli-error.ts';
import { loadLocalConfig } from '../config.ts';
import { formatStatus, readPlatformStatus } from '../ops/platform-status.ts';
import { defineCommand } from './command.ts';

export const statusCommand = defineCommand({
  name: 'status',
  summary: 'Show the health of every stage of the running platform.',
  details: `Lag and last window closed of the aggregation, the reports writer, the last lake file, the last
compaction, the model's age, the freshness canary, and the failed events of the last hour.
Exits 1 when a stage is stuck or failing (as GET /health answers 503).`,
  options: {
    url: {
      type: 'string',
      value: 'URL',
      description: 'platform URL (default http://localhost:$PORT, PORT default 3000)',
    },
    format: { type: 'string', default: 'table', value: 'F', description: 'table (default) or json' },
  },
  async run({ values }) {
    if (values.format !== 'table' && values.format !== 'json') {
      throw new UsageError(`--format must be table or json, got "${values.format}"`);
    }
    const config = loadLocalConfig();
    const url = values.url ?? `http://localhost:${config.port}`;
    const status = await readPlatformStatus(config, url).catch((error: Error) => {
      throw new CommandError(error.message, 1);
    });
    console.log(values.format === 'json' ? JSON.stringify(status) : formatStatus(status));
    return status.status === 'ok' ? 0 : 1;
  },
});
