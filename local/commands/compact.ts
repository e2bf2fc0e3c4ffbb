import { loadLocalConfig } from '../config.ts';
import { runCompaction } from '../lake/lake-commands.ts';
import { defineCommand } from './command.ts';

export const compactCommand = defineCommand({
  name: 'compact',
  summary: 'Merge the small Parquet files of closed hours now.',
  details: 'The platform does this every SDP_COMPACTION_MINUTES while it runs; this works whether it runs or not.',
  options: {
    all: { type: 'boolean', default: false, description: 'every hour, including the open one' },
  },
  async run({ values }) {
    const result = await runCompaction(loadLocalConfig(), values.all);
    if (!result.ran) {
      console.log(`Compaction skipped: ${result.reason}`);
      return 0;
    }
    for (const c of result.compacted) {
      console.log(
        `${c.stream} dt=${c.partition.dt}/hr=${c.partition.hr}: ${c.inputs} files -> ${c.outputs}, ${c.rows} rows`,
      );
    }
    console.log(`Compacted ${result.compacted.length} partitions; deleted ${result.deleted} retired files.`);
    return 0;
  },
});
