import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { createLocalDynamoDbClient } from '../../local/dynamodb/dynamodb-client.ts';
import { type EmulatorService, startEmulator } from '../../local/services/emulator-service.ts';
import { makeDataDir, removeDataDir } from './local-platform.ts';

/**
 * A real DynamoDB API (dynalite on a temporary folder) for the tests of the enclosing `describe`:
 * started before them, stopped and removed after. Call it at the top of the `describe`; `client()`
 * answers the document client once the tests run.
 */
export function useDynalite(): { client: () => DynamoDBDocumentClient } {
  let dataDir: string | undefined;
  let dynamodb: EmulatorService | undefined;
  let client: DynamoDBDocumentClient | undefined;

  beforeAll(async () => {
    dataDir = await makeDataDir();
    dynamodb = await startEmulator('dynamodb', { dataDir });
    client = createLocalDynamoDbClient(dynamodb.endpoint);
  });

  afterAll(async () => {
    client?.destroy();
    await dynamodb?.stop();
    if (dataDir) await removeDataDir(dataDir);
  });

  return {
    client: () => {
      if (!client) throw new Error('useDynalite: the client exists only while the tests run');
      return client;
    },
  };
}
