import { createHash } from 'node:crypto';
import type { CfnResource } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import type { OpenApiDocument } from '../../lambda/domain/openapi/documents.ts';

export interface ApiDocumentationProps {
  /** The REST API whose stage publishes the documentation. */
  readonly api: apigw.RestApi;
  /** This deployment's OpenAPI document (its own auth), from lambda/domain/openapi/documents.ts. */
  readonly document: OpenApiDocument;
}

type Location = apigw.CfnDocumentationPart.LocationProperty;

/**
 * Publishes an API's OpenAPI document with its stage, the way API Gateway supports: one documentation
 * part per entity (the API, each method, parameter and response), a documentation version named by
 * their content's hash, and the stage pinned to that version. Then
 * `aws apigateway get-export --rest-api-id <id> --stage-name v1 --export-type oas30
 * --parameters extensions=documentation out.json` exports the deployed API with these texts.
 */
export class ApiDocumentation extends Construct {
  /** The documentation version the stage publishes: a hash of every part. */
  readonly version: string;
  readonly parts: apigw.CfnDocumentationPart[] = [];

  constructor(scope: Construct, id: string, props: ApiDocumentationProps) {
    super(scope, id);
    const { api, document } = props;
    const entries = documentationEntries(document);
    this.version = `${document.info.version}-${createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 12)}`;
    entries.forEach(({ location, properties }, i) => {
      const part = new apigw.CfnDocumentationPart(this, `Part${i}`, {
        restApiId: api.restApiId,
        location,
        properties: JSON.stringify(properties),
      });
      // A part names its method: create it once the method exists (the method resource only; its
      // Lambda permission names the stage, which waits for this documentation).
      for (const method of api.methods) part.addDependency(method.node.defaultChild as CfnResource);
      this.parts.push(part);
    });
    const version = new apigw.CfnDocumentationVersion(this, 'Version', {
      restApiId: api.restApiId,
      documentationVersion: this.version,
      description: `${document.info.title} ${document.info.version}`,
    });
    for (const part of this.parts) version.addDependency(part);
    const stage = api.deploymentStage.node.defaultChild as apigw.CfnStage;
    stage.documentationVersion = this.version;
    stage.addDependency(version);
  }
}

/** The documentation parts of a document: what API Gateway exports for each entity. */
export function documentationEntries(document: OpenApiDocument): { location: Location; properties: object }[] {
  const entries: { location: Location; properties: object }[] = [
    {
      location: { type: 'API' },
      properties: { info: { title: document.info.title, description: document.info.description } },
    },
  ];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [verb, operation] of Object.entries(item)) {
      const method = verb.toUpperCase();
      entries.push({
        location: { type: 'METHOD', path, method },
        properties: { summary: operation.summary, description: operation.description, tags: operation.tags },
      });
      for (const parameter of operation.parameters ?? []) {
        entries.push({
          location: {
            type: parameter.in === 'path' ? 'PATH_PARAMETER' : 'QUERY_PARAMETER',
            path,
            method,
            name: parameter.name,
          },
          properties: { description: parameter.description },
        });
      }
      // API Gateway documents responses by their exact status code; a range such as 5XX has no method response.
      for (const [statusCode, response] of Object.entries(operation.responses)) {
        if (!/^\d{3}$/.test(statusCode)) continue;
        entries.push({
          location: { type: 'RESPONSE', path, method, statusCode },
          properties: { description: response.description },
        });
      }
    }
  }
  return entries;
}

/**
 * The method responses of a document's one operation (or the one at `path`), for a Lambda proxy method: API Gateway passes
 * the function's answer through whatever they say, but the export lists (and documents) only these.
 */
export function documentedStatuses(document: OpenApiDocument, path?: string): apigw.MethodResponse[] {
  const items = path === undefined ? Object.values(document.paths) : [document.paths[path] ?? {}];
  const [operation] = items.flatMap((item) => Object.values(item));
  return Object.keys(operation?.responses ?? {})
    .filter((statusCode) => /^\d{3}$/.test(statusCode))
    .map((statusCode) => ({ statusCode }));
}
