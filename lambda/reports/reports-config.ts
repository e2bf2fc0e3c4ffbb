import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbReportStore } from '../adapters/report-store.ts';
import { LAMBDA_ENV } from '../domain/settings/environment.ts';
import { parseSetting } from '../domain/settings/setting.ts';

/** Environment variables the reports stack sets on its functions (declared in the settings spec). */
export const REPORTS_ENV = { tableName: LAMBDA_ENV.REPORTS_TABLE_NAME.name } as const;

export interface ReportsConfig {
  readonly tableName: string;
}

export function loadReportsConfig(env: NodeJS.ProcessEnv = process.env): ReportsConfig {
  return { tableName: parseSetting(LAMBDA_ENV.REPORTS_TABLE_NAME, env[REPORTS_ENV.tableName]) };
}

let store: DynamoDbReportStore | undefined;

/** The Lambda's store, built once per container from its environment. */
export function reportStoreFromEnv(): DynamoDbReportStore {
  store ??= new DynamoDbReportStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), loadReportsConfig().tableName);
  return store;
}
