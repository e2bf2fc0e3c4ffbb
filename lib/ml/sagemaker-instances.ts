/*
 * The SageMaker instance types the platform runs, in one place: the retraining pipeline launches them
 * and `npx sdp preflight` checks the account's quota for each (Service Quotas names them
 * `<instance type> for <use>`, e.g. "ml.m5.large for endpoint usage").
 */

export type SageMakerUse = 'training' | 'transform' | 'endpoint';

export const SAGEMAKER_INSTANCE_TYPES: Readonly<Record<SageMakerUse, string>> = {
  training: 'ml.m5.large',
  transform: 'ml.m5.large',
  endpoint: 'ml.m5.large',
};

/** How Service Quotas names each use in its SageMaker quota names. */
export const SAGEMAKER_QUOTA_USES: Readonly<Record<SageMakerUse, string>> = {
  training: 'training job usage',
  transform: 'transform job usage',
  endpoint: 'endpoint usage',
};
