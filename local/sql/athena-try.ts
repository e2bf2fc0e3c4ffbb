/**
 * `try(expression)` around aggregates, windows and subqueries. Trino computes those below the
 * expression and applies `try` to what is computed from their results, so an error inside an
 * aggregate is not caught, one in the expression over it is. DuckDB refuses an aggregate or a
 * subquery inside TRY, so they are taken out of it: computed in a struct, and the expression
 * evaluated inside TRY over its fields, in a lambda:
 * `list_transform([struct_pack(v0 := count(*), v1 := k)], __athena_t -> try(v1 / v0))[1]`. The
 * columns the expression names go into the struct too (a lambda over a grouped query cannot name
 * them). Without an aggregate, window or subquery, the expression stays as it is inside `try()`.
 */
export class TryOperands {
  private readonly operands: string[] = [];
  /** Whether something was taken out that DuckDB's TRY cannot hold, so the lambda is needed. */
  lifted = false;

  /** Takes `text` out of the expression; `lift` when DuckDB's TRY cannot hold it (not a plain column). */
  take(text: string, lift: boolean): string {
    this.lifted ||= lift;
    this.operands.push(text);
    return `${PARAMETER}.v${this.operands.length - 1}`;
  }

  /** `try()` of the translated argument, which names the operands taken out of it. */
  wrap(argument: string): string {
    if (!this.lifted) return `try(${argument.replace(OPERAND, (_, i: string) => this.operands[Number(i)] as string)})`;
    const fields = this.operands.map((operand, i) => `v${i} := ${operand}`).join(', ');
    return `list_transform([struct_pack(${fields})], ${PARAMETER} -> try(${argument}))[1]`;
  }
}

const PARAMETER = '__athena_t';
const OPERAND = new RegExp(`${PARAMETER}\\.v(\\d+)`, 'g');
