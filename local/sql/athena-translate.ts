import { Translator } from './athena-translator.ts';
import { notLocal, SqlError } from './sql-error.ts';
import { group, isOp, isWord, type Token, tokenize } from './sql-tokens.ts';

export { UNNAMED_PREFIX } from './athena-units.ts';

/** What one Athena statement asks of the local lake. */
export type AthenaStatement =
  | {
      readonly kind: 'query';
      readonly sql: string;
      readonly usesPath: boolean;
      /** A bare VALUES statement, whose columns Trino names _col0, _col1, … */
      readonly values: boolean;
      /** Columns holding a zoned timestamp's text: their type is `timestamp(3) with time zone`. */
      readonly zonedColumns: readonly number[];
    }
  | { readonly kind: 'show-tables'; readonly like?: string }
  | { readonly kind: 'show-columns'; readonly table: string }
  | { readonly kind: 'describe'; readonly table: string };

/**
 * Translates one statement of Athena's SQL (engine v3, Trino) into DuckDB's, or refuses it with a
 * message naming the construct. DuckDB parses the result; this layer rewrites what means something
 * else in DuckDB (functions, `/`, casts, literals) and refuses what only one of the two engines has.
 */
export function translateAthena(sql: string): AthenaStatement {
  const tokens = tokenize(sql);
  while (isOp(tokens[tokens.length - 1], ';')) tokens.pop();
  if (tokens.length === 0) throw new SqlError('The query is empty');
  const semicolon = tokens.find((t) => isOp(t, ';'));
  if (semicolon !== undefined) throw new SqlError('Run one statement at a time (Athena takes one per query)');
  const first = tokens[0] as Token;
  if (isWord(first, 'SHOW', 'DESCRIBE', 'DESC')) return metadataStatement(tokens);
  if (isWord(first, ...ATHENA_STATEMENTS)) {
    throw notLocal(`${first.value} statements`, 'sdp sql runs queries (SELECT, WITH, VALUES, SHOW, DESCRIBE)');
  }
  if (!isWord(first, 'SELECT', 'WITH', 'VALUES') && !isOp(first, '(')) {
    throw new SqlError(
      `syntax error at or near "${first.text}": a query starts with SELECT, WITH, VALUES, SHOW or DESCRIBE`,
    );
  }
  const translator = new Translator();
  const nodes = group(tokens);
  const text = translator.query(nodes);
  return {
    kind: 'query',
    sql: text,
    usesPath: translator.usesPath,
    values: isWord(first, 'VALUES'),
    zonedColumns: translator.zonedColumns,
  };
}

const ATHENA_STATEMENTS = [
  'CREATE',
  'INSERT',
  'DROP',
  'ALTER',
  'MSCK',
  'EXPLAIN',
  'UNLOAD',
  'DELETE',
  'UPDATE',
  'MERGE',
  'PREPARE',
  'EXECUTE',
  'DEALLOCATE',
  'VACUUM',
  'OPTIMIZE',
];

function metadataStatement(tokens: Token[]): AthenaStatement {
  const words = tokens.map((t) => (t.kind === 'word' ? t.value : t.text));
  const name = (token: Token | undefined) => {
    if (token === undefined || (token.kind !== 'word' && token.kind !== 'quoted')) {
      throw new SqlError(`${words.slice(0, 2).join(' ')} needs a table name`);
    }
    return token.kind === 'word' ? token.text.toLowerCase() : token.value;
  };
  const tableAt = (i: number) => {
    // db.table: the local lake has one database, so the qualifier is dropped.
    return isOp(tokens[i + 1], '.') ? name(tokens[i + 2]) : name(tokens[i]);
  };
  if (words[0] === 'SHOW' && words[1] === 'TABLES') {
    const like = tokens.findIndex((t) => isWord(t, 'LIKE'));
    const pattern = like >= 0 ? tokens[like + 1] : undefined;
    return pattern?.kind === 'string' ? { kind: 'show-tables', like: pattern.value } : { kind: 'show-tables' };
  }
  if (words[0] === 'SHOW' && words[1] === 'COLUMNS' && (words[2] === 'IN' || words[2] === 'FROM')) {
    return { kind: 'show-columns', table: tableAt(3) };
  }
  if (words[0] === 'DESCRIBE' || words[0] === 'DESC') {
    if (isWord(tokens[1], 'FORMATTED', 'EXTENDED')) throw notLocal(`DESCRIBE ${tokens[1]?.text.toUpperCase()}`);
    return { kind: 'describe', table: tableAt(1) };
  }
  throw notLocal(words.slice(0, 2).join(' '), 'the local lake answers SHOW TABLES, SHOW COLUMNS and DESCRIBE');
}
