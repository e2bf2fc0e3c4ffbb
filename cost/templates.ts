/*
 * Reading synthesized CloudFormation templates: resources by type, references followed across
 * stacks (Ref, Fn::GetAtt and the Fn::ImportValue of a CDK cross-stack export), the IAM statements
 * attached to a role, and Fn::Join strings with their tokens replaced. Plain JSON in, plain data out.
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { readonly Value: unknown; readonly Export?: { readonly Name: unknown } }>;
}

/** The synthesized templates of an app, by stack name. */
export type Templates = Readonly<Record<string, CfnTemplate>>;

/** A resource of one stack. */
export interface ResourceRef {
  readonly stack: string;
  readonly logicalId: string;
}

export interface Located<T = CfnResource> extends ResourceRef {
  readonly resource: T;
}

/** Stands for every token inside a joined string (an ARN part, an account id, ...). */
export const TOKEN = '«token»';

export class TemplateSet {
  readonly #templates: Templates;
  readonly #exports = new Map<string, { stack: string; value: unknown }>();

  constructor(templates: Templates) {
    this.#templates = templates;
    for (const [stack, template] of Object.entries(templates)) {
      for (const output of Object.values(template.Outputs ?? {})) {
        if (typeof output.Export?.Name === 'string')
          this.#exports.set(output.Export.Name, { stack, value: output.Value });
      }
    }
  }

  get stacks(): string[] {
    return Object.keys(this.#templates);
  }

  /** Every resource of `type` across the stacks, in stack order. */
  ofType(type: string): Located[] {
    return Object.entries(this.#templates).flatMap(([stack, template]) =>
      Object.entries(template.Resources ?? {})
        .filter(([, resource]) => resource.Type === type)
        .map(([logicalId, resource]) => ({ stack, logicalId, resource })),
    );
  }

  get(ref: ResourceRef): CfnResource | undefined {
    return this.#templates[ref.stack]?.Resources?.[ref.logicalId];
  }

  /**
   * The resource a value points at: `{Ref}`, `{Fn::GetAtt}`, or an `{Fn::ImportValue}` of an export
   * whose value is one of those; undefined for anything else (literals, pseudo parameters, joins).
   */
  target(value: unknown, stack: string): ResourceRef | undefined {
    if (!value || typeof value !== 'object') return undefined;
    const object = value as Record<string, unknown>;
    if (typeof object.Ref === 'string') {
      return this.#templates[stack]?.Resources?.[object.Ref] ? { stack, logicalId: object.Ref } : undefined;
    }
    const getAtt = object['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return { stack, logicalId: getAtt[0] };
    const imported = object['Fn::ImportValue'];
    if (typeof imported === 'string') {
      const exported = this.#exports.get(imported);
      return exported ? this.target(exported.value, exported.stack) : undefined;
    }
    return undefined;
  }

  /** Every resource referenced anywhere inside `value` (e.g. the function in an integration URI). */
  targetsWithin(value: unknown, stack: string): ResourceRef[] {
    const direct = this.target(value, stack);
    if (direct) return [direct];
    if (Array.isArray(value)) return value.flatMap((item) => this.targetsWithin(item, stack));
    if (value && typeof value === 'object') {
      return Object.values(value).flatMap((item) => this.targetsWithin(item, stack));
    }
    return [];
  }

  /** The IAM policy statements attached to a role by AWS::IAM::Policy resources of its stack. */
  statementsOf(role: ResourceRef): { Action: string[]; Resource: unknown[] }[] {
    return this.ofType('AWS::IAM::Policy')
      .filter(({ stack, resource }) => {
        const roles = (resource.Properties?.Roles as unknown[]) ?? [];
        return stack === role.stack && roles.some((r) => this.target(r, stack)?.logicalId === role.logicalId);
      })
      .flatMap(({ resource }) => {
        const document = resource.Properties?.PolicyDocument as { Statement?: unknown[] } | undefined;
        const statements = document?.Statement ?? [];
        return statements.map((statement) => {
          const { Action, Resource } = statement as { Action: unknown; Resource: unknown };
          return { Action: asArray(Action).map(String), Resource: asArray(Resource) };
        });
      });
  }
}

/** A string property, or `Fn::Join` of strings with every token replaced by {@link TOKEN}. */
export function joinedString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const join = (value as Record<string, unknown> | undefined)?.['Fn::Join'];
  if (!Array.isArray(join)) return undefined;
  const [separator, parts] = join as [string, unknown[]];
  return parts.map((part) => (typeof part === 'string' ? part : TOKEN)).join(separator);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Minutes between runs of an EventBridge `rate(...)` expression; undefined for a cron expression. */
export function rateMinutes(expression: string): number | undefined {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!match) return undefined;
  const unit = match[2]?.startsWith('minute') ? 1 : match[2]?.startsWith('hour') ? 60 : 1440;
  return Number(match[1]) * unit;
}

/** Hours in the month the model prices: AWS bills 730 hours a month. */
export const HOURS_PER_MONTH = 730;
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

/**
 * How often an EventBridge schedule fires in a month: exactly for `rate(...)`; for `cron(...)` the
 * product of its minute, hour and day fields' values (a day-of-week list counts its share of a week).
 */
export function scheduleRunsPerMonth(expression: string): number {
  const minutes = rateMinutes(expression);
  if (minutes !== undefined) return (HOURS_PER_MONTH * 60) / minutes;
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+)(?: (\S+))?\)$/.exec(expression);
  if (!cron) throw new Error(`Not an EventBridge schedule expression: ${JSON.stringify(expression)}`);
  const [, minute, hour, dayOfMonth, , dayOfWeek] = cron as unknown as string[];
  const days =
    dayOfMonth !== '*' && dayOfMonth !== '?'
      ? cronValues(dayOfMonth as string, 1, 31)
      : dayOfWeek !== '*' && dayOfWeek !== '?'
        ? (cronValues(dayOfWeek as string, 1, 7) * DAYS_PER_MONTH) / 7
        : DAYS_PER_MONTH;
  return cronValues(minute as string, 0, 59) * cronValues(hour as string, 0, 23) * days;
}

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** How many values a cron field selects: `*`, `a`, `a,b`, `a-b`, `*\/n`, `a/n` and lists of these. */
function cronValues(field: string, min: number, max: number): number {
  const numeric = field.toUpperCase().replace(/[A-Z]{3}/g, (name) => String(DAY_NAMES.indexOf(name) + 1));
  return numeric.split(',').reduce((sum, part) => {
    const [range = '*', step = '1'] = part.split('/');
    const [from, to] =
      range === '*'
        ? [min, max]
        : range.includes('-')
          ? range.split('-').map(Number)
          : [Number(range), step === '1' ? Number(range) : max];
    if (!Number.isFinite(from) || !Number.isFinite(to)) return sum + 1;
    return sum + Math.floor(((to as number) - (from as number)) / Number(step)) + 1;
  }, 0);
}
