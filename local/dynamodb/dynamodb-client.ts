import { Agent } from 'node:http';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { REPORT_KEYS } from '../../lambda/adapters/report-store.ts';
import { ROLLUP_KEYS } from '../../lambda/domain/reports/campaign-rollup.ts';
import { LOCAL_CREDENTIALS } from '../kinesis/kinesis-client.ts';

/** A DynamoDB document client for the local emulator (dynalite). */
export function createLocalDynamoDbClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
      requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 16 }) }),
    }),
  );
}

/** Creates the report table with the same keys as the CDK table, unless it exists. */
export function ensureReportTable(client: DynamoDBDocumentClient, tableName: string): Promise<boolean> {
  return ensureTable(client, tableName, [
    { AttributeName: REPORT_KEYS.partitionKey, AttributeType: 'N' },
    { AttributeName: REPORT_KEYS.sortKey, AttributeType: 'S' },
  ]);
}

/** Creates the campaign rollup table with the same keys as the CDK table, unless it exists. */
export function ensureRollupTable(client: DynamoDBDocumentClient, tableName: string): Promise<boolean> {
  return ensureTable(client, tableName, [
    { AttributeName: ROLLUP_KEYS.partitionKey, AttributeType: 'S' },
    { AttributeName: ROLLUP_KEYS.sortKey, AttributeType: 'N' },
  ]);
}

/** Creates a table keyed by (partition, sort) and waits until it is active; answers whether it was created. */
async function ensureTable(
  client: DynamoDBDocumentClient,
  tableName: string,
  [partition, sort]: readonly [AttributeDefinition, AttributeDefinition],
): Promise<boolean> {
  let created = true;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [partition, sort],
        KeySchema: [
          { AttributeName: partition.AttributeName, KeyType: 'HASH' },
          { AttributeName: sort.AttributeName, KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    created = false;
  }
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return created;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
