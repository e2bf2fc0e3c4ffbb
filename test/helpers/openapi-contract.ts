import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { OpenApiDocument } from '../../lambda/domain/openapi/documents.ts';
import type { JsonSchema } from '../../lambda/domain/openapi/schemas.ts';

/** One answer of the platform, as a test saw it. */
export interface SeenResponse {
  readonly method: string;
  /** The request path, without the query. */
  readonly path: string;
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

interface CompiledOperation {
  readonly pattern: RegExp;
  readonly method: string;
  readonly responses: ReadonlyMap<string, ValidateFunction | undefined>;
}

// The documents say so in their description: an unknown path answers 404, a known path with another method 405.
const UNROUTED = { type: 'object', required: ['message'], properties: { message: { type: 'string' } } };

/**
 * Checks responses against an OpenAPI document: the status must be one the operation documents
 * (or 404/405 off its routes), and the body must match that status's schema.
 */
export class OpenApiContract {
  readonly #operations: CompiledOperation[] = [];
  readonly #unrouted: ValidateFunction;

  constructor(document: OpenApiDocument) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    ajv.addSchema({ $id: 'doc', components: document.components });
    const compile = (schema: JsonSchema) =>
      ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')));
    for (const [path, item] of Object.entries(document.paths)) {
      const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+');
      for (const [method, operation] of Object.entries(item)) {
        const responses = new Map(
          Object.entries(operation.responses).map(([status, response]) => {
            const schema = response.content?.['application/json']?.schema;
            return [status, schema ? compile(schema) : undefined] as const;
          }),
        );
        this.#operations.push({ pattern: new RegExp(`^${source}$`), method: method.toUpperCase(), responses });
      }
    }
    this.#unrouted = ajv.compile(UNROUTED);
  }

  /** What is wrong with the response, or an empty list. */
  problems(seen: SeenResponse): string[] {
    const onPath = this.#operations.filter((operation) => operation.pattern.test(seen.path));
    const operation = onPath.find((candidate) => candidate.method === seen.method);
    if (!operation) {
      const expected = onPath.length > 0 ? 405 : 404;
      if (seen.status !== expected) return [`answered ${seen.status} off the documented routes, not ${expected}`];
      return this.#bodyProblems(this.#unrouted, seen.body);
    }
    const documented = operation.responses.has(String(seen.status))
      ? String(seen.status)
      : `${String(seen.status)[0]}XX`;
    if (!operation.responses.has(documented)) {
      return [
        `answered ${seen.status}, which the document does not list (${[...operation.responses.keys()].join(', ')})`,
      ];
    }
    const validate = operation.responses.get(documented);
    if (!validate) return [];
    if (!seen.contentType?.startsWith('application/json')) return [`answered ${seen.contentType}, not JSON`];
    return this.#bodyProblems(validate, seen.body);
  }

  /** Throws naming the request and every problem when the response breaks the document. */
  assert(seen: SeenResponse): void {
    const problems = this.problems(seen);
    if (problems.length > 0) {
      throw new Error(
        `${seen.method} ${seen.path} answered ${seen.status} against its OpenAPI document: ${problems.join('; ')}\n` +
          `body: ${JSON.stringify(seen.body)}`,
      );
    }
  }

  #bodyProblems(validate: ValidateFunction, body: unknown): string[] {
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath || '(body)'} ${error.message}`);
  }
}
