/**
 * Switches DuckDB resolves when it binds a query, for Athena functions whose result type depends on
 * their arguments' types. DuckDB folds `typeof()` to a constant at bind time and evaluates some
 * arguments then: `struct_extract`'s key and `json_transform`'s type. So `struct_extract` of the
 * branch a constant key names picks a branch with its own type (a branch runs only where its guard,
 * also constant, holds), and `cast_to_type(value, template)` casts to a type a constant text names
 * (only the template's type is used). A macro cannot hold these (DuckDB binds a macro's body before
 * it knows the arguments), so the translator writes them out.
 */

/** A value of the DuckDB type whose JSON name (`"DECIMAL(12,1)"`) the constant text expression gives. */
export const template = (jsonType: string) => `json_transform(CAST('0' AS JSON), ${jsonType})`;

/** Branch names: i (integer or other), f (floating), d (decimal), l (list), j (JSON), x (refused), o (other). */
export type Branch = 'i' | 'f' | 'd' | 'l' | 'j' | 'x' | 'o';

/** The branch the constant `key` names; each runs only when chosen (its guard is a constant too). */
export function typeSwitch(key: string, branches: Partial<Record<Branch, string>>): string {
  const names = Object.keys(branches) as (keyof typeof branches)[];
  const fields = names.map((name) => {
    const flags = names.map((other) => `'${other}': ${other === name}`).join(', ');
    return `${name} := CASE WHEN struct_extract({${flags}}, ${key}) THEN ${branches[name]} END`;
  });
  return `struct_extract(struct_pack(${fields.join(', ')}), ${key})`;
}

/**
 * An operand a switch may name many times as it is, unless repeating it costs (a nested switch
 * binds again for every copy, exponentially in the depth) or changes it (a subquery, random()).
 */
const repeatable = (operand: string) => !/struct_extract\(struct_pack\(|\bSELECT\b|\brandom\(|\buuid\(/i.test(operand);

/**
 * `body` over the operands, naming each as often as it needs: as they are when repeatable (DuckDB
 * folds the constants), else bound once by a lambda, `list_transform([struct_pack(…)], p -> body)[1]`
 * (in a lambda DuckDB evaluates constants per row, so the switches' guards are kept cheap).
 */
export function withOperands(operands: readonly string[], body: (...names: string[]) => string): string {
  if (operands.every(repeatable)) return `(${body(...operands.map((o) => `(${o})`))})`;
  const p = '__athena_p';
  const fields = operands.map((o, i) => `o${i} := ${o}`).join(', ');
  return `list_transform([struct_pack(${fields})], ${p} -> ${body(...operands.map((_, i) => `${p}.o${i}`))})[1]`;
}
