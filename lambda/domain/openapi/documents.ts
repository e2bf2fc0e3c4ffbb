import { EVENT_KINDS, EVENT_SPECS } from '../events.ts';
import {
  campaignListOperation,
  documentationOperations,
  healthOperation,
  ingestOperation,
  metricsOperation,
  modelOperation,
  type Operation,
  predictOperation,
  reportOperation,
} from './operations.ts';
import { type JsonSchema, SCHEMAS } from './schemas.ts';

/** The three APIs of the platform; on AWS each is its own REST API with its own URL. */
export const API_NAMES = ['ingestion', 'reports', 'predictions'] as const;
export type ApiName = (typeof API_NAMES)[number];

/** How callers authenticate: `none`, an `x-api-key` header, or an AWS SigV4 signature (`iam`). */
export type ApiAuth = 'none' | 'apiKey' | 'iam';

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: {
    readonly title: string;
    readonly version: string;
    readonly description: string;
    readonly license: { readonly name: string; readonly identifier: string };
  };
  readonly servers: readonly {
    readonly url: string;
    readonly description: string;
    readonly variables?: Readonly<Record<string, { readonly default: string; readonly description: string }>>;
  }[];
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>;
    readonly securitySchemes?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  };
}

const TAGS = {
  ingestion: 'Bids, impressions and clicks into the `bcns` stream.',
  reports: 'Real-time campaign counts from the reports table.',
  predictions: 'Win probability of a bid at its price, from the current model.',
  local: 'Only on the local platform.',
} as const;

/** How each API authenticates on AWS, as OpenAPI security schemes (the erasure API's document uses `iam`). */
export const SECURITY_SCHEMES = {
  apiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description: "An API key of the API's usage plan (`aws apigateway get-api-key --include-value`).",
  },
  iam: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    'x-amazon-apigateway-authtype': 'awsSigv4',
    description: 'An AWS Signature Version 4 over the request (service `execute-api`), e.g. by `awscurl`.',
  },
} as const;

const CONTRACT =
  'Generated from the platform’s schema source (lambda/domain/events.ts and its peers); every response is JSON. ' +
  'Prices are integers in micro-units of the account currency.';

/** The local platform's one document: every API on one server, no authentication. */
export function localDocument(url: string, version: string): OpenApiDocument {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const kind of EVENT_KINDS) paths[EVENT_SPECS[kind].route] = { post: ingestOperation(kind, 'local', false) };
  paths['/reports/campaigns'] = { get: campaignListOperation('local') };
  paths['/reports/campaigns/{campaign_item_id}'] = { get: reportOperation('local') };
  paths['/reports/model'] = { get: modelOperation() };
  paths['/predictions'] = { post: predictOperation('local') };
  paths['/metrics'] = { get: metricsOperation() };
  paths['/health'] = { get: healthOperation() };
  const { openapi, docs } = documentationOperations();
  paths['/openapi.json'] = { get: openapi };
  paths['/docs'] = { get: docs };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Streaming Data Platform (local)',
      version,
      description:
        `The APIs of the local platform (\`npm start\`): ingestion, reports and predictions on one server. ${CONTRACT} ` +
        'A request to an unknown path answers 404, and a known path with another method 405 with an `Allow` header, ' +
        'both with `{"message"}`.',
      license: LICENSE,
    },
    servers: [{ url, description: 'The local platform' }],
    security: [{}],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: { schemas: usedSchemas(paths) },
  };
}

/**
 * One API's document on AWS. `auth` lists the ways a deployment may authenticate callers: one for
 * a stage's own export, several (alternatives) for the documentation of every deployment.
 */
export function awsDocument(api: ApiName, auth: readonly ApiAuth[], version: string): OpenApiDocument {
  const keyed = auth.some((scheme) => scheme !== 'none');
  const paths: Record<string, Record<string, Operation>> = {};
  if (api === 'ingestion') {
    for (const kind of EVENT_KINDS) paths[EVENT_SPECS[kind].route] = { post: ingestOperation(kind, 'aws', keyed) };
  } else if (api === 'reports') {
    paths['/reports/campaigns'] = { get: campaignListOperation('aws') };
    paths['/reports/campaigns/{campaign_item_id}'] = { get: reportOperation('aws') };
  } else {
    paths['/'] = { post: predictOperation('aws') };
  }
  const schemes = Object.fromEntries(
    auth.filter((scheme) => scheme !== 'none').map((scheme) => [scheme, SECURITY_SCHEMES[scheme]]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: `Streaming Data Platform ${api} API`,
      version,
      description: `${TAGS[api]} ${CONTRACT} ${AUTH_TEXT[api]}`,
      license: LICENSE,
    },
    servers: [
      {
        url: 'https://{restApiId}.execute-api.{region}.amazonaws.com/v1',
        description: `The deployed stage (the stack output ${OUTPUTS[api]})`,
        variables: {
          restApiId: { default: 'abcde12345', description: 'The REST API id.' },
          region: { default: 'us-east-1', description: 'The AWS region of the deployment.' },
        },
      },
    ],
    security: auth.map((scheme) => (scheme === 'none' ? {} : { [scheme]: [] })),
    tags: [{ name: api, description: TAGS[api] }],
    paths,
    components: {
      schemas: usedSchemas(paths),
      ...(Object.keys(schemes).length > 0 ? { securitySchemes: schemes } : {}),
    },
  };
}

/** The auth alternatives a deployment may choose, by its CDK context. */
export const AWS_AUTH_CHOICES: Readonly<Record<ApiName, readonly ApiAuth[]>> = {
  ingestion: ['none', 'apiKey'],
  reports: ['iam', 'apiKey'],
  predictions: ['iam', 'apiKey'],
};

const AUTH_TEXT: Readonly<Record<ApiName, string>> = {
  ingestion: 'Open by default; `-c sdp:apiKey=true` requires an `x-api-key` header.',
  reports: 'Signed with SigV4 by default (`sdp:reportsAuth=iam`); `sdp:reportsAuth=apiKey` requires `x-api-key`.',
  predictions:
    'Signed with SigV4 by default (`sdp:predictionsAuth=iam`); `sdp:predictionsAuth=apiKey` requires `x-api-key`.',
};

const OUTPUTS: Readonly<Record<ApiName, string>> = {
  ingestion: 'UrlForAPI',
  reports: 'UrlForReports',
  predictions: 'UrlForPredictions',
};

const LICENSE = { name: 'Apache 2.0', identifier: 'Apache-2.0' } as const;

/** The schemas the paths reach, directly or through other schemas, in SCHEMAS order. */
function usedSchemas(paths: object): Record<string, JsonSchema> {
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === '$ref' && typeof inner === 'string') {
          const name = inner.replace('#/components/schemas/', '');
          if (!used.has(name)) {
            used.add(name);
            visit(SCHEMAS[name as keyof typeof SCHEMAS]);
          }
        } else visit(inner);
      }
    }
  };
  visit(paths);
  return Object.fromEntries(Object.entries(SCHEMAS as Record<string, JsonSchema>).filter(([name]) => used.has(name)));
}
