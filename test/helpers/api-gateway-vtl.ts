import velocity from 'velocityjs';

/*
 * A model of API Gateway's mapping-template runtime: `$input`, `$util` and `$context` as AWS
 * documents them, rendered with velocityjs. `$input.path` hands out Java-like collections
 * (Map.containsKey/get/keySet/size, List.size/get) because API Gateway exposes Java objects.
 */

export interface RenderOptions {
  readonly body: string;
  readonly requestTimeEpoch?: number;
}

export interface RenderResult {
  readonly output: string;
  /** `$context.responseOverride.status`, when the template set one. */
  readonly statusOverride: number | undefined;
}

export function renderTemplate(template: string, { body, requestTimeEpoch = 0 }: RenderOptions): RenderResult {
  const parsed = body.trim() === '' ? {} : JSON.parse(body);
  const context = {
    requestTimeEpoch,
    responseOverride: { status: undefined as number | undefined },
  };
  const input = {
    body,
    path: (path: string) => javaLike(evaluatePath(parsed, path)),
    json: (path: string) => JSON.stringify(evaluatePath(parsed, path) ?? null),
  };
  const util = {
    base64Encode: (value: unknown) => Buffer.from(String(value), 'utf8').toString('base64'),
    base64Decode: (value: unknown) => Buffer.from(String(value), 'base64').toString('utf8'),
  };
  const output = velocity.render(template, { input, util, context });
  return { output, statusOverride: context.responseOverride.status };
}

/** The JSONPath subset API Gateway templates use here: `$`, `.name` and `[index]` steps. */
function evaluatePath(root: unknown, path: string): unknown {
  if (!path.startsWith('$')) throw new Error(`unsupported JSONPath ${path}`);
  let value = root;
  for (const step of path.slice(1).match(/\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]/g) ?? []) {
    if (value === null || typeof value !== 'object') return undefined;
    const key = step.startsWith('[') ? Number(step.slice(1, -1)) : step.slice(1);
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function javaLike(value: unknown): unknown {
  if (Array.isArray(value)) {
    const list = value.map(javaLike);
    Object.defineProperties(list, {
      size: { value: () => list.length },
      get: { value: (i: number) => list[i] },
    });
    return list;
  }
  if (value !== null && typeof value === 'object') {
    const map: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) map[k] = javaLike(v);
    Object.defineProperties(map, {
      containsKey: { value: (key: string) => Object.hasOwn(map, key) },
      get: { value: (key: string) => map[key] },
      keySet: { value: () => Object.keys(map) },
      size: { value: () => Object.keys(map).length },
    });
    return map;
  }
  return value;
}
