import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';

/**
 * API Gateway's account-wide CloudWatch Logs role, which every REST API stage with logging needs,
 * in a stack of its own: no API stack owns it, so destroying one API cannot break the others'
 * logging. Both the role and the account setting are retained on delete, since other APIs of the
 * account may log through them too (see the README's "Deploy to AWS").
 */
export class ApiGatewayLoggingStack extends Stack {
  readonly role: iam.Role;
  readonly loggingSetting: apigw.CfnAccount;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.role = new iam.Role(this, 'CloudWatchRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway writes the access and execution logs of REST API stages with it (account setting)',
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
      ],
    });
    this.role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.loggingSetting = new apigw.CfnAccount(this, 'Account', { cloudWatchRoleArn: this.role.roleArn });
    this.loggingSetting.applyRemovalPolicy(RemovalPolicy.RETAIN);
    NagSuppressions.addResourceSuppressions(this.role, [
      {
        id: 'AwsSolutions-IAM4',
        reason: 'The AWS-documented policy for API Gateway logging (AmazonAPIGatewayPushToCloudWatchLogs).',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
      },
    ]);
  }
}
