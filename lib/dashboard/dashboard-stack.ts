import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnOutput, CfnResource, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as deployment from 'aws-cdk-lib/aws-s3-deployment';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { buildDashboardSync, CONFIG_PATH, writeDashboardSync } from '../../dashboard/build/build-dashboard.ts';
import type { PageConfig } from '../../dashboard/src/page-config.ts';

export interface DashboardStackProps extends StackProps {
  /** The reports API the page reads; CloudFront serves it under `/reports/*` beside the page. */
  readonly reportsApi: apigw.RestApi;
  /** How the reports API authenticates: the page can only send an API key (a browser holds no IAM credentials). */
  readonly reportsAuth: 'iam' | 'apiKey';
  /** The aggregation window, for the page's polling and labels. */
  readonly periodSeconds: number;
  readonly allowedLatenessSeconds: number;
}

/**
 * The dashboard as a static site: the page's files in a private bucket that only this CloudFront
 * distribution reads (origin access control), and the reports API behind the same distribution at
 * `/reports/*`, uncached, so the page calls it on its own origin (no CORS) with the API key the
 * operator enters.
 */
export class DashboardStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: DashboardStackProps) {
    super(scope, id, props);
    if (props.reportsAuth !== 'apiKey') {
      throw new Error(
        `The dashboard site needs the reports API to take an API key: a browser cannot sign IAM requests. Set sdp:reportsAuth=apiKey (received "${props.reportsAuth}")`,
      );
    }
    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Only build outputs live here: a deploy recreates them.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Streaming Data Platform dashboard',
      defaultRootObject: 'index.html',
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      additionalBehaviors: {
        '/reports/*': {
          origin: new origins.RestApiOrigin(props.reportsApi),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // Query strings and the x-api-key header go through; Host must be the API's own.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
    });

    const built = buildDashboardSync();
    const staged = mkdtempSync(join(tmpdir(), 'sdp-dashboard-'));
    writeDashboardSync(staged, built);
    const config: PageConfig = {
      apiBase: '',
      auth: 'apiKey',
      healthUrl: null,
      model: false,
      periodSeconds: props.periodSeconds,
      allowedLatenessSeconds: props.allowedLatenessSeconds,
      refreshSeconds: Math.max(5, Math.round(props.periodSeconds / 2)),
    };
    // CDK's handlers log here, not to a group Lambda would create on first use and the stack not delete.
    const handlerLogs = new logs.LogGroup(this, 'HandlerLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Bundles are named by their hash and cached for good; the page and its settings never.
    new deployment.BucketDeployment(this, 'Bundles', {
      logGroup: handlerLogs,
      destinationBucket: this.bucket,
      sources: [deployment.Source.asset(staged, { exclude: ['index.html'] })],
      cacheControl: [deployment.CacheControl.fromString('public, max-age=31536000, immutable')],
      prune: false,
    });
    new deployment.BucketDeployment(this, 'Page', {
      logGroup: handlerLogs,
      destinationBucket: this.bucket,
      sources: [
        deployment.Source.data('index.html', built.find((file) => file.path === 'index.html')?.body ?? ''),
        deployment.Source.jsonData(CONFIG_PATH, config),
      ],
      cacheControl: [deployment.CacheControl.noCache()],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/index.html', `/${CONFIG_PATH}`],
    });

    // The auto-delete provider is a CloudFormation-level function of CDK's, with no log group option.
    const autoDelete = this.node.tryFindChild('Custom::S3AutoDeleteObjectsCustomResourceProvider');
    const autoDeleteHandler = autoDelete?.node.tryFindChild('Handler');
    if (!(autoDeleteHandler instanceof CfnResource)) throw new Error('The site bucket has no auto-delete handler');
    autoDeleteHandler.addPropertyOverride('LoggingConfig.LogGroup', handlerLogs.logGroupName);

    new CfnOutput(this, 'UrlForDashboard', {
      value: `https://${this.distribution.distributionDomainName}/`,
      description: 'The dashboard; it asks for the reports API key (the ApiKey of SdpReports)',
    });
    NagSuppressions.addResourceSuppressions(this.bucket, [
      { id: 'AwsSolutions-S1', reason: 'The bucket holds only the built page; CloudFront is its only reader.' },
    ]);
    NagSuppressions.addResourceSuppressions(this.distribution, [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Operators may open the dashboard from anywhere; the API key guards the data.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'WAF is left to the operator (cost); the reports API is authenticated and throttled.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason: 'Access logs would need an ACL-enabled bucket; the reports API logs every call.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate allows TLSv1; a custom domain with its certificate raises it.',
      },
    ]);
    // The bucket deployment's function is CDK's own singleton: its runtime and policy come with the CDK release.
    const deployer = this.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!deployer) throw new Error('The bucket deployment created no handler function');
    NagSuppressions.addResourceSuppressions(
      deployer,
      [
        { id: 'AwsSolutions-L1', reason: 'CDK picks the runtime of its bucket deployment handler.' },
        {
          id: 'AwsSolutions-IAM4',
          reason: 'CDK gives its bucket deployment handler the basic execution role for its logs.',
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'CDK grants its bucket deployment handler the reads of its asset objects, the writes of the site objects, and CloudFront invalidations (which take no resource).',
          appliesTo: [
            'Action::s3:GetObject*',
            'Action::s3:GetBucket*',
            'Action::s3:List*',
            'Action::s3:DeleteObject*',
            'Action::s3:Abort*',
            // The CDK asset bucket, named with the account and region whether resolved at synth or not.
            { regex: '/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-[^/]+\\/\\*$/' },
            `Resource::<${this.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`,
            'Resource::*',
          ],
        },
      ],
      true,
    );
  }
}
