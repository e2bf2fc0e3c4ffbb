import { Agent } from 'node:http';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { REPORT_KEYS } from '../../lambda/adapters/report-store.ts';
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
export async function ensureReportTable(client: DynamoDBDocumentClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: REPORT_KEYS.partitionKey, AttributeType: 'N' },
          { AttributeName: REPORT_KEYS.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: REPORT_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: REPORT_KEYS.sortKey, KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
