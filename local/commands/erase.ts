import { RequestError } from '../../lambda/domain/errors.ts';
import { parseErasureIds } from '../../lambda/domain/lifecycle/erasure-request.ts';
import { readAudit } from '../../lambda/lake/erasure-store.ts';
import { UsageError } from '../cli-error.ts';
import { lakeDir, loadLocalConfig } from '../config.ts';
import { FileObjectStore } from '../lake/file-object-store.ts';
import { eraseLocally, type LocalErasure } from '../lifecycle/local-erasure.ts';
import { defineCommand } from './command.ts';

export const eraseCommand = defineCommand({
  name: 'erase',
  summary: "Erase everything the lake holds about users (GDPR): their events and their transactions'.",
  details: `Removes every event of the users' transactions received up to now from every lake table (raw and
Parquet, compacted or not, malformed records included) and from the aggregation processor's join
state, and keeps dropping records sent before now that are still on their way (for the streams'
retention, a week locally). The Parquet files replaced are deleted after SDP_COMPACTION_GRACE_MINUTES
by compaction. Reports keep their counts: aggregates hold no user ids. The ids are recorded only as
salted hashes, in the audit log (--audit). Works whether the platform runs or not.`,
  options: {
    'app-uid': { type: 'string', multiple: true, value: 'ID', description: 'a user to erase (repeat for several)' },
    audit: {
      type: 'boolean',
      default: false,
      description: 'print the audit log of past erasures (JSON lines) instead',
    },
  },
  async run({ values }) {
    const config = loadLocalConfig();
    if (values.audit) {
      if (values['app-uid']) throw new UsageError('--audit takes no --app-uid');
      for (const entry of await readAudit(new FileObjectStore(lakeDir(config)))) console.log(JSON.stringify(entry));
      return 0;
    }
    let ids: string[];
    try {
      ids = parseErasureIds(values['app-uid'] ?? [], '--app-uid');
    } catch (error) {
      if (error instanceof RequestError)
        throw new UsageError(error.errors.map((e) => `${e.path} ${e.message}`).join('; '));
      throw error;
    }
    const erasure = await eraseLocally(config, ids, {
      onWait: (until) =>
        console.error(`Waiting for the compaction run that holds the lake until ${new Date(until).toISOString()}...`),
    });
    console.log(describeErasure(erasure, config.lake.compactionGraceMs));
    return 0;
  },
});

export function describeErasure(
  { record, sweep, purgedTransactions, purgedByPlatform }: LocalErasure,
  graceMs: number,
) {
  const tables = Object.entries(sweep.rows).sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(0, ...tables.map(([table]) => table.length)) + 2;
  const parquet = sweep.files.filter((file) => file.startsWith('parquet/')).length;
  return [
    `Erasure ${record.id}: ${record.appUids.length} app_uid${record.appUids.length === 1 ? '' : 's'}, ${record.txIds.length} transactions`,
    ...(tables.length === 0
      ? ['  no rows in the lake']
      : tables.map(([table, rows]) => `  ${table.padEnd(width)}${rows} rows erased`)),
    `  ${sweep.files.length} files rewritten; the ${parquet} Parquet files replaced are deleted by the first compaction run ${graceMs / 60_000} min from now (SDP_COMPACTION_GRACE_MINUTES), or "npx sdp compact" then`,
    `  join state: ${purgedTransactions} transactions purged ${purgedByPlatform ? "by the running platform's processor" : 'from the stopped processor'}`,
    `  pending until ${new Date(record.pendingUntil).toISOString()}: records sent before now that arrive later are dropped too`,
  ].join('\n');
}
