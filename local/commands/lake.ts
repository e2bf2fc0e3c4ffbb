import { UsageError } from '../cli-error.ts';
import { loadLocalConfig } from '../config.ts';
import { runLakeVerify } from '../lake/lake-commands.ts';
import { describeLakeVerification } from '../lake/verify-lake.ts';
import { defineCommand } from './command.ts';

export const lakeCommand = defineCommand({
  name: 'lake',
  args: 'verify',
  positionals: { min: 1, max: 1 },
  summary: 'Check the local lake: exit 1 with a list of problems if it finds any.',
  details: `verify: every manifest entry exists and reads, row counts match what the lake writers
recorded, and no data file is outside the manifests. Run it while the platform is idle.`,
  options: {},
  async run({ positionals }) {
    if (positionals[0] !== 'verify') throw new UsageError(`unknown lake action "${positionals[0]}"; try "verify"`);
    const verification = await runLakeVerify(loadLocalConfig());
    console.log(describeLakeVerification(verification));
    return verification.problems.length === 0 ? 0 : 1;
  },
});
