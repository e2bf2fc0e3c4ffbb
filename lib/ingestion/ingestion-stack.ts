import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type { Construct } from 'constructs';
import { IngestionApi, type IngestionApiProps } from './ingestion-api.ts';

export interface IngestionStackProps extends StackProps, Omit<IngestionApiProps, 'stream'> {
  /** The `bcns` stream from the streams stack. */
  readonly bcns: kinesis.IStream;
}

/** The ingestion API: POST /bid, /impression, /click straight into the bcns stream. */
export class IngestionStack extends Stack {
  readonly ingestionApi: IngestionApi;

  constructor(scope: Construct, id: string, props: IngestionStackProps) {
    super(scope, id, props);
    const { bcns, ...apiProps } = props;
    this.ingestionApi = new IngestionApi(this, 'Api', { ...apiProps, stream: bcns });
    new CfnOutput(this, 'UrlForAPI', {
      value: this.ingestionApi.url,
      description: 'Ingestion API base URL: POST <url>/bid, <url>/impression, <url>/click',
    });
    if (this.ingestionApi.apiKey) {
      new CfnOutput(this, 'ApiKeyId', {
        value: this.ingestionApi.apiKey.keyId,
        description: 'aws apigateway get-api-key --include-value --api-key <id> prints the x-api-key value',
      });
    }
  }
}
