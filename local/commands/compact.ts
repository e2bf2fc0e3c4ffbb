import type { PartitionCompaction } from '../../lambda/lake/compact-partition.ts';
import { IncompleteCompactionError } from '../../lambda/lake/run-compaction.ts';
import { CommandError } from '../cli-error.ts';
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
    let result: Awaited<ReturnType<typeof runCompaction>>;
    try {
      result = await runCompaction(loadLocalConfig(), values.all);
    } catch (error) {
      if (!(error instanceof IncompleteCompactionError)) throw error;
      printCompacted(error.compacted);
      throw new CommandError(`${error.message}. Run \`npx sdp lake verify\` to list every problem in the lake.`);
    }
    if (!result.ran) {
      console.log(`Compaction skipped: ${result.reason}`);
      return 0;
    }
    for (const table of result.expired) {
      console.log(`${table.table}: ${table.partitions} partitions past their retention removed (${table.files} files)`);
    }
    for (const sweep of result.erasures) {
      const rows = Object.values(sweep.rows).reduce((sum, n) => sum + n, 0);
      const state = sweep.completed ? 'completed' : sweep.finished ? 'still pending' : 'sweep continues next run';
      console.log(`erasure ${sweep.id}: ${rows} rows erased in ${sweep.files.length} files (${state})`);
    }
    printCompacted(result.compacted);
    console.log(`Compacted ${result.compacted.length} partitions; deleted ${result.deleted} retired files.`);
    return 0;
  },
});

function printCompacted(compacted: readonly PartitionCompaction[]): void {
  for (const c of compacted) {
    console.log(
      `${c.stream} dt=${c.partition.dt}/hr=${c.partition.hr}: ${c.inputs} files -> ${c.outputs}, ${c.rows} rows`,
    );
  }
}
