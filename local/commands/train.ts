import { loadLocalConfig } from '../config.ts';
import { trainLocalModel } from '../ml/local-training.ts';
import { describeTrainingReport } from '../ml/train-model.ts';
import { defineCommand } from './command.ts';

export const trainCommand = defineCommand({
  name: 'train',
  summary: 'Train the win-probability model on the local lake.',
  details:
    'The new model replaces the served one only if it is at least as good on the same holdout (AUC and log loss).',
  options: {},
  async run() {
    const report = await trainLocalModel(loadLocalConfig());
    console.log(describeTrainingReport(report));
    return 0;
  },
});
