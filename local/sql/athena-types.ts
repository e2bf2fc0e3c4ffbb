import { notAthena, notLocal, SqlError } from './sql-error.ts';
import { isGroup, isOp, isWord, type Node, splitCommas, type Token } from './sql-tokens.ts';

/** A Trino type as written in CAST (`bigint`, `decimal(10,2)`, `array(varchar)`, `row(a bigint)`), in DuckDB's words. */
export function duckType(nodes: readonly Node[]): string {
  const words = nodes.filter((n): n is Token => !isGroup(n));
  const head = words[0];
  if (!isWord(head)) throw new SqlError('CAST needs a type name');
  const args = nodes.find((n) => isGroup(n, '('));
  const rest = words
    .slice(1)
    .map((w) => w.value)
    .join(' ');
  switch (head.value) {
    case 'VARCHAR':
    case 'STRING':
      if (head.value === 'STRING') throw notAthena('Type string', 'write varchar');
      return 'VARCHAR';
    case 'CHAR':
      throw notLocal('Type char(n)', 'its blank padding is not reproduced; cast to varchar');
    case 'BIGINT':
    case 'INTEGER':
    case 'SMALLINT':
    case 'TINYINT':
    case 'BOOLEAN':
    case 'DATE':
    case 'DOUBLE':
      return head.value;
    case 'INT':
      return 'INTEGER';
    case 'REAL':
      return 'FLOAT';
    case 'VARBINARY':
      return 'BLOB';
    case 'JSON':
      return 'JSON';
    case 'DECIMAL': {
      const parts = isGroup(args) ? splitCommas(args.items).map((p) => p.map(text).join('')) : [];
      return `DECIMAL(${parts[0] ?? '38'}, ${parts[1] ?? '0'})`;
    }
    case 'TIMESTAMP': {
      // Locally every timestamp is timestamp(3), Athena's precision for table timestamps and the default.
      const precision = isGroup(args) ? args.items.map(text).join('').trim() : '3';
      if (precision !== '3') throw notLocal(`Type timestamp(${precision})`, 'timestamps are timestamp(3) locally');
      return rest === 'WITH TIME ZONE' ? 'TIMESTAMPTZ' : 'TIMESTAMP';
    }
    case 'ARRAY':
      return `${duckType(groupItems(args))}[]`;
    case 'MAP': {
      const [key, value] = splitCommas(groupItems(args));
      return `MAP(${duckType(key ?? [])}, ${duckType(value ?? [])})`;
    }
    case 'ROW': {
      const fields = splitCommas(groupItems(args)).map((field) => {
        const [name, ...type] = field;
        return `${name === undefined ? '' : text(name)} ${duckType(type)}`;
      });
      return `STRUCT(${fields.join(', ')})`;
    }
    default:
      throw notLocal(`Type ${head.text}`);
  }
}

function groupItems(node: Node | undefined): Node[] {
  if (!isGroup(node, '(')) throw new SqlError('a type argument list is missing');
  return node.items;
}

function text(node: Node): string {
  if (isGroup(node)) return `${node.open}${node.items.map(text).join(' ')}${node.open === '(' ? ')' : ']'}`;
  return isOp(node) ? node.value : node.text;
}

/** The macro that casts to this DuckDB type with Trino's semantics, if DuckDB's own cast differs. */
export function castMacro(duck: string): string | undefined {
  return ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'VARCHAR', 'BOOLEAN'].includes(duck)
    ? `__athena_cast_${duck.toLowerCase()}`
    : undefined;
}
