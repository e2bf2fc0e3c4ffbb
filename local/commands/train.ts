import { loadLocalConfig } from '../config.ts';
import { trainLocalModel } from '../ml/local-training.ts';
import { describeTrainingReport } from '../ml/train-model.ts';
import { defineCommand } from './command.ts';

export const trainCommand = defineCommand({
  name: 'train',
  summary: 'Train the win-probability model on the local lake.',
  details: `The new model replaces the served one only if it is at least as good on the same holdout (AUC and log loss).
It learns from bids in the lake whose attribution window (SDP_ATTRIBUTION_WINDOW_SECONDS) has passed: send
traffic with "npx sdp generate" while the platform runs, then wait that long. The platform need not be running.`,
  options: {},
  async run() {
    const config = loadLocalConfig();
    const report = await trainLocalModel(config);
    console.log(describeTrainingReport(report));
    if (report.trained) return 0;
    const window = config.aggregation.attribution_window_seconds;
    console.error(
      `Nothing to learn from yet: send traffic while the platform runs ("npx sdp generate"), then wait ${window} s (SDP_ATTRIBUTION_WINDOW_SECONDS): a bid is labelled once its attribution window has passed.`,
    );
    return 1;
  },
});
