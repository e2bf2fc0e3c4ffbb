import { SqlError } from './sql-error.ts';

/** One lexical token of a Trino (Athena) statement; comments are dropped, `text` is the source spelling. */
export interface Token {
  readonly kind: 'word' | 'quoted' | 'string' | 'number' | 'op';
  readonly text: string;
  /** Words upper-cased, quoted identifiers unquoted and lower-cased (Trino folds identifiers), else the text. */
  readonly value: string;
  readonly pos: number;
}

/** A parenthesised or bracketed run of the statement, so that rewrites see whole arguments. */
export interface Group {
  readonly kind: 'group';
  readonly open: '(' | '[';
  readonly items: Node[];
  readonly pos: number;
}

export type Node = Token | Group;

// Longest first, so that `<=` wins over `<`. DuckDB-only operators are tokens too, to be refused by name.
const OPERATORS = [
  '->>',
  '<=>',
  '::',
  '->',
  '||',
  '<>',
  '!=',
  '<=',
  '>=',
  '//',
  '**',
  '==',
  '=>',
  ...'+-*/%<>=,.;()[]{}?:^~&|#$@!'.split(''),
];

/** Splits Trino SQL into tokens: `'strings'` with `''` escapes, `"identifiers"` with `""` escapes, numbers, words. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new SqlError(`Unterminated comment at position ${i + 1}`);
      i = end + 2;
    } else if (c === "'" || c === '"') {
      const end = closingQuote(sql, i, c);
      const text = sql.slice(i, end + 1);
      const inner = text.slice(1, -1).replaceAll(c + c, c);
      tokens.push(
        c === "'"
          ? { kind: 'string', text, value: inner, pos: i }
          : { kind: 'quoted', text, value: inner.toLowerCase(), pos: i },
      );
      i = end + 1;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const match = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', text: match[0], value: match[0], pos: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_@$]*/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: match[0], value: match[0].toUpperCase(), pos: i });
      i += match[0].length;
    } else {
      const op = OPERATORS.find((o) => sql.startsWith(o, i));
      if (op === undefined) throw new SqlError(`Unexpected character "${c}" at position ${i + 1}`);
      tokens.push({ kind: 'op', text: op, value: op, pos: i });
      i += op.length;
    }
  }
  return tokens;
}

function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  for (;;) {
    const end = sql.indexOf(quote, i);
    if (end < 0) {
      throw new SqlError(`Unterminated ${quote === "'" ? 'string' : 'quoted identifier'} at position ${start + 1}`);
    }
    if (sql[end + 1] !== quote) return end;
    i = end + 2;
  }
}

/** Nests the tokens by `(`…`)` and `[`…`]`. */
export function group(tokens: readonly Token[]): Node[] {
  const root: Node[] = [];
  const stack: { items: Node[]; open: Token }[] = [];
  let items = root;
  for (const token of tokens) {
    if (token.kind === 'op' && (token.value === '(' || token.value === '[')) {
      stack.push({ items, open: token });
      items = [];
    } else if (token.kind === 'op' && (token.value === ')' || token.value === ']')) {
      const top = stack.pop();
      const expected = top?.open.value === '(' ? ')' : ']';
      if (top === undefined || token.value !== expected) {
        throw new SqlError(`Unbalanced "${token.value}" at position ${token.pos + 1}`);
      }
      const node: Group = { kind: 'group', open: top.open.value as '(' | '[', items, pos: top.open.pos };
      items = top.items;
      items.push(node);
    } else {
      items.push(token);
    }
  }
  const open = stack.pop();
  if (open !== undefined) throw new SqlError(`Unclosed "${open.open.value}" at position ${open.open.pos + 1}`);
  return root;
}

export const isGroup = (node: Node | undefined, open?: '(' | '['): node is Group & { readonly kind: 'group' } =>
  node?.kind === 'group' && (open === undefined || node.open === open);
export const isWord = (node: Node | undefined, ...words: string[]): node is Token & { readonly kind: 'word' } =>
  node?.kind === 'word' && (words.length === 0 || words.includes(node.value));
export const isOp = (node: Node | undefined, ...ops: string[]): node is Token & { readonly kind: 'op' } =>
  node?.kind === 'op' && (ops.length === 0 || ops.includes(node.value));

/** Splits a group's items at its top-level commas. */
export function splitCommas(items: readonly Node[]): Node[][] {
  const parts: Node[][] = [[]];
  for (const item of items) {
    if (isOp(item, ',')) parts.push([]);
    else (parts[parts.length - 1] as Node[]).push(item);
  }
  return items.length === 0 ? [] : parts;
}
