import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbCampaignRollups } from '../adapters/campaign-rollups.ts';
import { DynamoDbReportStore } from '../adapters/report-store.ts';
import { LAMBDA_ENV } from '../domain/settings/environment.ts';
import { parseSetting } from '../domain/settings/setting.ts';

/** Environment variables the reports stack sets on its functions (declared in the settings spec). */
export const REPORTS_ENV = {
  tableName: LAMBDA_ENV.REPORTS_TABLE_NAME.name,
  rollupsTableName: LAMBDA_ENV.ROLLUPS_TABLE_NAME.name,
} as const;

export interface ReportsConfig {
  readonly tableName: string;
}

export function loadReportsConfig(env: NodeJS.ProcessEnv = process.env): ReportsConfig {
  return { tableName: parseSetting(LAMBDA_ENV.REPORTS_TABLE_NAME, env[REPORTS_ENV.tableName]) };
}

let client: DynamoDBDocumentClient | undefined;
let store: DynamoDbReportStore | undefined;
let rollups: DynamoDbCampaignRollups | undefined;

const documentClient = () => {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return client;
};

/** The Lambda's store, built once per container from its environment. */
export function reportStoreFromEnv(): DynamoDbReportStore {
  store ??= new DynamoDbReportStore(documentClient(), loadReportsConfig().tableName);
  return store;
}

/** The Lambda's campaign rollups (they read the report table to recompute an hour), built once per container. */
export function campaignRollupsFromEnv(env: NodeJS.ProcessEnv = process.env): DynamoDbCampaignRollups {
  rollups ??= new DynamoDbCampaignRollups(
    documentClient(),
    parseSetting(LAMBDA_ENV.ROLLUPS_TABLE_NAME, env[REPORTS_ENV.rollupsTableName]),
    reportStoreFromEnv(),
  );
  return rollups;
}
