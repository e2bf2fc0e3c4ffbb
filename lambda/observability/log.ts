/**
 * What handlers log through: Powertools' Logger on AWS and locally (JSON lines with level, service,
 * request id), a recording stub in tests. Fields become keys of the JSON line; an Error is logged
 * with its name, message and stack.
 */
export interface Log {
  info(message: string, ...fields: Record<string, unknown>[]): void;
  warn(message: string, ...fields: Record<string, unknown>[]): void;
  error(message: string, error: Error): void;
  error(message: string, ...fields: Record<string, unknown>[]): void;
}
