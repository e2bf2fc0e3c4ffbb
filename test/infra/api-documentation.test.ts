import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { awsDocument } from '../../lambda/domain/openapi/documents.ts';
import { CAMPAIGN_LIST_PARAMETERS } from '../../lambda/domain/reports/campaign-list-query.ts';
import { REPORT_PARAMETERS } from '../../lambda/domain/reports/report-query.ts';
import { documentationEntries } from '../../lib/constructs/api-documentation.ts';
import { IngestionStack } from '../../lib/ingestion/ingestion-stack.ts';
import { ReportsStack } from '../../lib/reports/reports-stack.ts';
import { StreamsStack } from '../../lib/streams/streams-stack.ts';
import { PROJECT_VERSION } from '../../local/project-version.ts';

/*
 * Each deployed API publishes its OpenAPI document with its stage: documentation parts for the API,
 * its methods, parameters and responses, a documentation version, and the stage pinned to it, so
 * `aws apigateway get-export --export-type oas30 --parameters extensions=documentation` exports them.
 * (API Gateway developer guide, "Documenting REST APIs": parts, versions, export.)
 */

function stacks(context: Record<string, unknown> = {}) {
  const app = new App();
  const streams = new StreamsStack(app, 'Streams');
  const ingestion = new IngestionStack(app, 'Ingestion', {
    bcns: streams.bcns,
    apiKeyRequired: context['sdp:apiKey'] === true,
  });
  const reports = new ReportsStack(app, 'Reports', { aggregates: streams.aggregates });
  return { ingestion: Template.fromStack(ingestion), reports: Template.fromStack(reports) };
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;

function parts(template: Template) {
  return Object.values(template.findResources('AWS::ApiGateway::DocumentationPart') as Resources).map((resource) => ({
    location: resource.Properties.Location,
    properties: JSON.parse(resource.Properties.Properties as string) as Record<string, unknown>,
  }));
}

/** CloudFormation spells a location's keys capitalized. */
const cfnLocation = (location: object) =>
  Object.fromEntries(Object.entries(location).map(([key, value]) => [key[0]?.toUpperCase() + key.slice(1), value]));

describe('the stage documentation', () => {
  const { ingestion, reports } = stacks();

  it('has a part for every entity of the reports document: API, method, path and query parameters, responses', () => {
    // Act
    const found = parts(reports);

    // Assess
    const expected = documentationEntries(awsDocument('reports', ['iam'], PROJECT_VERSION));
    expect(found).toHaveLength(expected.length);
    expect(found).toEqual(
      expect.arrayContaining(
        expected.map(({ location, properties }) => ({ location: cfnLocation(location), properties })),
      ),
    );
    expect(found.filter((part) => (part.location as { Type: string }).Type === 'QUERY_PARAMETER')).toHaveLength(
      REPORT_PARAMETERS.length + CAMPAIGN_LIST_PARAMETERS.length,
    );
    expect(found).toContainEqual({
      location: { Type: 'METHOD', Path: '/reports/campaigns', Method: 'GET' },
      properties: expect.objectContaining({ summary: 'Every campaign’s totals over a range', tags: ['reports'] }),
    });
    expect(found).toContainEqual({
      location: { Type: 'METHOD', Path: '/reports/campaigns/{campaign_item_id}', Method: 'GET' },
      properties: expect.objectContaining({ summary: "A campaign's counts", tags: ['reports'] }),
    });
  });

  it('pins each stage to a documentation version named by the parts’ hash', () => {
    for (const template of [ingestion, reports]) {
      // Act
      const versions = Object.entries(template.findResources('AWS::ApiGateway::DocumentationVersion') as Resources);
      const [stage] = Object.values(template.findResources('AWS::ApiGateway::Stage') as Resources);

      // Assess
      expect(versions).toHaveLength(1);
      const [versionId, version] = versions[0] as [string, Resources[string]];
      expect(version.Properties.DocumentationVersion).toMatch(new RegExp(`^${PROJECT_VERSION}-[0-9a-f]{12}$`));
      expect(stage?.Properties.DocumentationVersion).toBe(version.Properties.DocumentationVersion);
      expect(stage?.DependsOn).toContain(versionId);
      expect(version.DependsOn?.length).toBe(parts(template).length);
    }
  });

  it('declares the reports parameters and statuses on the method, so the export lists them', () => {
    reports.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      RequestParameters: {
        'method.request.path.campaign_item_id': true,
        'method.request.querystring.from': false,
        'method.request.querystring.to': false,
        'method.request.querystring.granularity': false,
        'method.request.querystring.limit': false,
        'method.request.querystring.next_token': false,
      },
      MethodResponses: ['200', '400', '403', '404', '429'].map((StatusCode) => ({ StatusCode })),
    });
  });

  it('declares the campaign list parameters and statuses on its method', () => {
    reports.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      RequestParameters: Object.fromEntries(
        ['from', 'to', 'sort', 'order', 'limit', 'next_token'].map((name) => [
          `method.request.querystring.${name}`,
          false,
        ]),
      ),
      MethodResponses: ['200', '400', '403', '429'].map((StatusCode) => ({ StatusCode })),
    });
  });

  it('documents the ingestion API key only when the deployment requires one', () => {
    // Act
    const open = parts(ingestion).filter((part) => (part.location as { StatusCode?: string }).StatusCode === '403');
    const keyed = parts(stacks({ 'sdp:apiKey': true }).ingestion).filter(
      (part) => (part.location as { StatusCode?: string }).StatusCode === '403',
    );

    // Assess
    expect(open).toStrictEqual([]);
    expect(keyed.map((part) => (part.location as { Path: string }).Path).sort()).toStrictEqual([
      '/bid',
      '/click',
      '/impression',
    ]);
  });
});
