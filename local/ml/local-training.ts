import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RetrainTrigger } from '../../lambda/domain/ml/retrain-trigger.ts';
import { type LocalConfig, lakeDir } from '../config.ts';
import { FileObjectStore } from '../lake/file-object-store.ts';
import { LakeSql } from '../lake/lake-sql.ts';
import { type TrainingReport, trainFromLake } from './train-model.ts';

const SDP_BIN = fileURLToPath(new URL('../bin/sdp.mjs', import.meta.url));

export const modelDir = (config: Pick<LocalConfig, 'dataDir'>) => join(config.dataDir, 'models');

/** `npx sdp train`: the training set by SQL over the local lake, the trainer, the gate. */
export async function trainLocalModel(config: LocalConfig): Promise<TrainingReport> {
  const lake = await LakeSql.open(new FileObjectStore(lakeDir(config)));
  try {
    return await trainFromLake({
      query: async (sql) => (await lake.query(sql)).rows,
      modelDir: modelDir(config),
      attributionWindowMs: config.aggregation.attribution_window_seconds * 1000,
    });
  } finally {
    lake.close();
  }
}

/**
 * The local stand-in for the retraining pipeline's data trigger: once `threshold` more bids have
 * landed in the lake, `sdp train` runs as a child process (training is seconds of CPU, which must
 * not stall the API's event loop), one run at a time.
 */
export function retrainOnNewBids(config: LocalConfig, threshold: number): RetrainTrigger {
  return new RetrainTrigger({
    threshold,
    train: () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [SDP_BIN, 'train'], {
          env: {
            ...process.env,
            SDP_DATA_DIR: config.dataDir,
            SDP_ATTRIBUTION_WINDOW_SECONDS: String(config.aggregation.attribution_window_seconds),
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let output = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
        });
        child.once('error', reject);
        child.once('exit', (code) => {
          console.log(`Retraining: ${output.trim()}`);
          if (code === 0) resolve();
          else reject(new Error(`sdp train exited with ${code}`));
        });
      }),
    onError: (error) => console.error('Retraining failed; the current model keeps serving:', error),
  });
}

/**
 * Turns "bids landed in the lake" into "bids labelled": a bid's label (did it win an impression?)
 * is only known once its attribution window has passed, so landed bids are handed to the trigger
 * that much later. Counting them on landing would start a run that finds them all still unlabelled.
 */
export class LabelledBidCounter {
  readonly #landed: { at: number; bids: number }[] = [];

  constructor(
    private readonly trigger: RetrainTrigger,
    private readonly windowMs: number,
  ) {}

  landed(bids: number, now: number): void {
    if (bids > 0) this.#landed.push({ at: now, bids });
    while (this.#landed[0] && now - this.#landed[0].at >= this.windowMs) {
      this.trigger.noteLabelledBids((this.#landed.shift() as { bids: number }).bids);
    }
  }
}
