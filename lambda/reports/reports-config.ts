import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbReportStore } from '../adapters/report-store.ts';

/** Environment variables the reports stack sets on its functions. */
export const REPORTS_ENV = { tableName: 'REPORTS_TABLE_NAME' } as const;

export interface ReportsConfig {
  readonly tableName: string;
}

export function loadReportsConfig(env: NodeJS.ProcessEnv = process.env): ReportsConfig {
  const tableName = env[REPORTS_ENV.tableName];
  if (!tableName) throw new Error(`Environment variable ${REPORTS_ENV.tableName} is not set`);
  return { tableName };
}

let store: DynamoDbReportStore | undefined;

/** The Lambda's store, built once per container from its environment. */
export function reportStoreFromEnv(): DynamoDbReportStore {
  store ??= new DynamoDbReportStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), loadReportsConfig().tableName);
  return store;
}
