import { numericLiteral } from './athena-arithmetic.ts';
import { asType } from './athena-concat.ts';
import { AGGREGATE_END, AGGREGATES, type Call, FUNCTIONS, unknownFunction } from './athena-functions.ts';
import { castWithJson } from './athena-json.ts';
import { TryOperands } from './athena-try.ts';
import { castMacro, duckType } from './athena-types.ts';
import {
  type Argument,
  COMPARISONS,
  DUCKDB_ONLY_OPS,
  DUCKDB_ONLY_WORDS,
  EXTRACT_FIELDS,
  endsSelectList,
  findOutermostSelect,
  fold,
  isUnnamed,
  KEYWORDS,
  LAKE_VARCHAR_PARTITIONS,
  RESERVED_WORDS,
  refuseZonedColumns,
  refuseZoneLoss,
  TYPED_LITERALS,
  textOf,
  UNNAMED_PREFIX,
  type Unit,
  VALUES_END,
  zoned,
} from './athena-units.ts';
import { notAthena, notLocal, SqlError } from './sql-error.ts';
import { type Group, isGroup, isOp, isWord, type Node, splitCommas, type Token } from './sql-tokens.ts';
import { instantAt, WALL_CLOCK_FUNCTIONS, wallClock, zonedText, zoneLost, zoneName } from './zoned-timestamps.ts';

/** Translates the token tree of one statement, sequence by sequence. */
export class Translator {
  usesPath = false;
  /** Output positions of selected zoned timestamps, shown as text but typed timestamp with time zone. */
  readonly zonedColumns: number[] = [];
  /** While translating the argument of the outermost `try()`: what it takes out of the expression. */
  private tryOperands?: TryOperands;

  /** The whole statement: the outermost select list names its unnamed columns the way Trino does. */
  query(nodes: Node[]): string {
    return this.sequence(nodes, true);
  }

  private sequence(nodes: readonly Node[], outermost = false): string {
    const units = this.units(nodes);
    this.check(units);
    const folded = fold(units);
    refuseZoneLoss(folded);
    if (outermost) this.nameColumns(folded);
    else refuseZonedColumns(folded);
    return folded.map((u) => u.text).join(' ');
  }

  private units(nodes: readonly Node[]): Unit[] {
    const units: Unit[] = [];
    let i = 0;
    while (i < nodes.length) {
      const previous = units[units.length - 1];
      const node = nodes[i] as Node;
      // A sign before an operand binds tighter than any binary operator.
      if (isOp(node, '-', '+') && (previous === undefined || !previous.atom)) {
        const [operand, next] = this.atom(nodes, i + 1);
        if (operand !== undefined) {
          units.push({ ...operand, text: `${node.value}${operand.text}`, kind: 'other' });
          i = next;
          continue;
        }
      }
      // `FROM (...) AS t(a, b)` and `WITH t(a, b) AS (...)`: a name with its column list, not a call.
      if (
        (node.kind === 'word' || node.kind === 'quoted') &&
        isGroup(nodes[i + 1], '(') &&
        !KEYWORDS.has(node.value) &&
        (previous?.atom || isWord(previous?.token, 'AS') || (isWord(nodes[i + 2], 'AS') && isGroup(nodes[i + 3], '(')))
      ) {
        const columns = (nodes[i + 1] as Group).items.map((n) => (isOp(n) ? n.value : this.identifier(n as Token)));
        units.push({ text: `${this.identifier(node)}(${columns.join(' ')})`, atom: false });
        i += 2;
        continue;
      }
      // `AS rows`: Trino's non-reserved keywords name a column or table like any other word.
      if (node.kind === 'word' && isWord(previous?.token, 'AS') && !RESERVED_WORDS.has(node.value)) {
        units.push({ text: this.identifier(node), atom: true, kind: 'other' });
        i++;
        continue;
      }
      if (
        this.tryOperands !== undefined &&
        isGroup(node, '(') &&
        isWord(node.items[0], 'SELECT', 'WITH', 'VALUES') &&
        isWord(previous?.token, 'IN', 'ANY', 'SOME', 'ALL')
      ) {
        throw notLocal(`try() around ${previous?.token?.value} (subquery)`);
      }
      if (isWord(node, 'UNNEST') && isGroup(nodes[i + 1], '(')) {
        const [unnest, next] = this.unnest(nodes, i);
        if (unnest !== undefined) {
          units.push(unnest);
          i = next;
          continue;
        }
      }
      const [atom, next] = this.atom(nodes, i);
      if (atom !== undefined) {
        units.push(atom);
        i = next;
        continue;
      }
      const token = node as Token;
      units.push({ text: token.kind === 'word' ? token.value : token.text, atom: false, token });
      i++;
      if (isWord(token, 'VALUES')) {
        const end = nodes.findIndex((n, k) => k >= i && isWord(n, ...VALUES_END));
        const rows = splitCommas(nodes.slice(i, end < 0 ? nodes.length : end));
        // Trino takes `VALUES 1, 2` for one-column rows; DuckDB needs each row in parentheses.
        const text = rows
          .map((row) =>
            row.length === 1 && isGroup(row[0], '(')
              ? `(${this.list((row[0] as Group).items).join(', ')})`
              : `(${this.nested(row)})`,
          )
          .join(', ');
        units.push({ text, atom: false });
        i = end < 0 ? nodes.length : end;
      }
    }
    return units;
  }

  /**
   * `UNNEST(a, b) AS t(x, y)` zips arrays and `UNNEST(m) AS t(k, v)` expands a map's entries, as in
   * Trino; DuckDB's UNNEST takes one list, so these become a lateral subquery of unnest() calls. A
   * single array is left to DuckDB's own UNNEST (WITH ORDINALITY included).
   */
  private unnest(nodes: readonly Node[], i: number): [Unit | undefined, number] {
    const args = splitCommas((nodes[i + 1] as Group).items);
    let j = i + 2;
    const ordinality = isWord(nodes[j], 'WITH') && isWord(nodes[j + 1], 'ORDINALITY');
    if (ordinality) j += 2;
    const as = isWord(nodes[j], 'AS') ? 1 : 0;
    const alias = nodes[j + as];
    const columns = isGroup(nodes[j + as + 1], '(') ? splitCommas((nodes[j + as + 1] as Group).items) : [];
    const entries = args.length === 1 && columns.length === 2 && !ordinality;
    if (args.length === 1 && !entries) return [undefined, i];
    if (ordinality) throw notLocal('UNNEST of several arrays, or of a map, WITH ORDINALITY');
    if (alias?.kind !== 'word' && alias?.kind !== 'quoted')
      throw notLocal('UNNEST of several arrays without AS t(columns)');
    const values = entries
      ? [`unnest(map_keys(${this.nested(args[0] ?? [])}))`, `unnest(map_values(${this.nested(args[0] ?? [])}))`]
      : args.map((arg) => `unnest(${this.nested(arg)})`);
    const names = columns.map((c) => c.map((n) => this.identifier(n as Token)).join(''));
    const text = `(SELECT ${values.join(', ')}) AS ${this.identifier(alias)}(${names.join(', ')})`;
    return [{ text, atom: false }, j + as + (columns.length > 0 ? 2 : 1)];
  }

  /** Reads one operand starting at `i`, with its postfix subscripts and AT TIME ZONE. */
  private atom(nodes: readonly Node[], i: number): [Unit | undefined, number] {
    const [primary, next] = this.primary(nodes, i);
    if (primary === undefined) return [undefined, i];
    let unit = primary;
    let j = next;
    for (;;) {
      const node = nodes[j];
      if (isGroup(node, '[')) {
        unit = { text: `__athena_subscript(${unit.text}, ${this.sequence(node.items)})`, atom: true, kind: 'other' };
        j++;
      } else if (isOp(node, '.') && (nodes[j + 1]?.kind === 'word' || nodes[j + 1]?.kind === 'quoted')) {
        unit = { text: `(${unit.text}).${this.identifier(nodes[j + 1] as Token)}`, atom: true, kind: 'other' };
        j += 2;
      } else if (isWord(node, 'AT') && isWord(nodes[j + 1], 'TIME') && isWord(nodes[j + 2], 'ZONE')) {
        unit = this.atTimeZone(unit, nodes[j + 3]);
        j += 4;
      } else {
        return [unit, j];
      }
    }
  }

  private primary(nodes: readonly Node[], i: number): [Unit | undefined, number] {
    const node = nodes[i];
    const next = nodes[i + 1];
    if (node === undefined) return [undefined, i];
    if (isGroup(node, '(')) {
      if (isWord(node.items[0], 'SELECT', 'WITH', 'VALUES')) {
        const subquery = this.outsideTry(() => `(${this.nested(node.items)})`);
        return [this.taken({ text: subquery, atom: true, kind: 'other' }, true), i + 1];
      }
      // A parenthesised zoned timestamp keeps its zone.
      const inner = this.argument(node.items);
      return [
        { text: `(${inner.text})`, atom: true, kind: inner.zone === undefined ? 'other' : 'zoned', zone: inner.zone },
        i + 1,
      ];
    }
    if (isGroup(node, '[')) throw notAthena('A bare [ ] list', 'write ARRAY[...]');
    if (node.kind === 'number') return [{ text: numericLiteral(node.text), atom: true, kind: 'number' }, i + 1];
    if (node.kind === 'string') return [{ text: node.text, atom: true, kind: 'string' }, i + 1];
    if (node.kind === 'quoted') return this.name(nodes, i);
    if (node.kind !== 'word') return [undefined, i];
    switch (node.value) {
      case 'CASE':
        return this.caseExpression(nodes, i);
      case 'CAST':
      case 'TRY_CAST':
        if (isGroup(next, '(')) return [{ text: this.cast(node.value, next), atom: true, kind: 'other' }, i + 2];
        break;
      case 'EXTRACT':
        if (isGroup(next, '(')) return [{ text: this.extract(next), atom: true, kind: 'other' }, i + 2];
        break;
      case 'ARRAY':
        if (isGroup(next, '[')) {
          return [{ text: `[${this.list(next.items).join(', ')}]`, atom: true, kind: 'other' }, i + 2];
        }
        break;
      case 'ROW':
        if (isGroup(next, '(')) {
          return [{ text: `row(${this.list(next.items).join(', ')})`, atom: true, kind: 'other' }, i + 2];
        }
        break;
      case 'EXISTS':
        if (isGroup(next, '(')) {
          const exists = this.outsideTry(() => `EXISTS (${this.nested(next.items)})`);
          return [this.taken({ text: exists, atom: true }, true), i + 2];
        }
        break;
      case 'INTERVAL':
        return this.interval(nodes, i);
      case 'TRUE':
      case 'FALSE':
      case 'NULL':
        return [{ text: node.value, atom: true, kind: 'other' }, i + 1];
      case 'CURRENT_DATE':
        return [{ text: 'current_date', atom: true, kind: 'date' }, i + 1];
      case 'CURRENT_TIMESTAMP':
      case 'LOCALTIMESTAMP':
        if (isGroup(next, '(')) throw notLocal(`${node.value}(p)`);
        return [
          {
            text:
              node.value === 'CURRENT_TIMESTAMP'
                ? 'CAST(current_timestamp AS TIMESTAMPTZ)'
                : 'CAST(current_timestamp AS TIMESTAMP)',
            atom: true,
            kind: 'other',
          },
          i + 1,
        ];
      case 'CURRENT_TIME':
      case 'LOCALTIME':
        throw notLocal(node.value);
      case 'POSITION':
        if (isGroup(next, '(')) return [{ text: this.position(next), atom: true, kind: 'other' }, i + 2];
        break;
      case 'SUBSTRING':
      case 'TRIM':
        // substring(s FROM start FOR length), trim(LEADING 'x' FROM s): SQL's spelling of the calls.
        if (isGroup(next, '(') && next.items.some((n) => isWord(n, 'FROM', 'BOTH', 'LEADING', 'TRAILING'))) {
          const text = node.value === 'TRIM' ? this.trimSyntax(next) : this.substringSyntax(next);
          return [{ text, atom: true, kind: 'other' }, i + 2];
        }
        break;
    }
    if (next?.kind === 'string' && TYPED_LITERALS.has(node.value)) {
      return [this.typedLiteral(node.value, next), i + 2];
    }
    if (isGroup(next, '(') && !KEYWORDS.has(node.value)) return this.call(nodes, i);
    if (KEYWORDS.has(node.value)) return [undefined, i];
    if (node.value in DUCKDB_ONLY_WORDS) {
      throw notAthena(node.value, DUCKDB_ONLY_WORDS[node.value as keyof typeof DUCKDB_ONLY_WORDS]);
    }
    return this.name(nodes, i);
  }

  /** A column or table name, possibly qualified (`t.col`, `t.*`). */
  private name(nodes: readonly Node[], i: number): [Unit, number] {
    const parts = [this.identifier(nodes[i] as Token)];
    let last = nodes[i] as Token;
    let j = i + 1;
    while (isOp(nodes[j], '.')) {
      const part = nodes[j + 1];
      if (isOp(part, '*')) {
        return [{ text: `${parts.join('.')}.*`, atom: true, kind: 'star' }, j + 2];
      }
      if (part?.kind !== 'word' && part?.kind !== 'quoted') break;
      if (isGroup(nodes[j + 2], '('))
        throw notAthena(`${parts.join('.')}.${part.text}()`, 'call functions by their bare name');
      parts.push(this.identifier(part));
      last = part;
      j += 2;
    }
    const name = last.kind === 'word' ? last.text.toLowerCase() : last.value;
    return [this.taken({ text: parts.join('.'), atom: true, kind: 'identifier', name }, false), j];
  }

  private identifier(token: Token): string {
    if (token.kind === 'quoted') {
      if (token.value === '$path') this.usesPath = true;
      return `"${token.value.replaceAll('"', '""')}"`;
    }
    // Trino folds unquoted names to lower case, so `AS Foo` is the column foo (DuckDB keeps the case).
    return token.text.toLowerCase();
  }

  private nested(items: readonly Node[]): string {
    return this.sequence(items);
  }

  private list(items: readonly Node[]): string[] {
    return splitCommas(items).map((part) => this.nested(part));
  }

  private caseExpression(nodes: readonly Node[], i: number): [Unit, number] {
    let depth = 0;
    for (let j = i; j < nodes.length; j++) {
      if (isWord(nodes[j], 'CASE')) depth++;
      if (isWord(nodes[j], 'END') && --depth === 0) {
        return [{ text: `CASE ${this.nested(nodes.slice(i + 1, j))} END`, atom: true, kind: 'other' }, j + 1];
      }
    }
    throw new SqlError('CASE without END');
  }

  private cast(kind: string, node: Group): string {
    const as = node.items.findLastIndex((n) => isWord(n, 'AS'));
    if (as < 0) throw new SqlError(`${kind} needs AS <type>`);
    const argument = this.argument(node.items.slice(0, as));
    const type = duckType(node.items.slice(as + 1));
    const zone = argument.zone;
    const value =
      zone === undefined
        ? argument.text
        : type === 'VARCHAR'
          ? zonedText(argument.text, zone)
          : ['TIMESTAMP', 'DATE'].includes(type)
            ? wallClock(argument.text, zone)
            : argument.text;
    if (zone !== undefined && type === 'VARCHAR') return value;
    const macro = castMacro(type);
    const cast = (v: string) =>
      castWithJson(v, type, (other) =>
        type === 'VARCHAR[]'
          ? // Elements as CAST(… AS varchar) writes them (1.0E10), not in DuckDB's text.
            `list_transform(${asType(other, `CASE WHEN typeof(${other}) LIKE '%[]' THEN typeof(${other}) ELSE 'VARCHAR[]' END`)},
              __athena_e -> __athena_cast_varchar(__athena_e))`
          : macro === undefined
            ? `CAST(${other} AS ${type})`
            : `${macro}(${other})`,
      );
    const length = varcharLength(node.items.slice(as + 1));
    // varchar(n): a string is cut to n characters, any other value longer than n fails (Trino's casts).
    const cut = (v: string, text: string) =>
      length === undefined
        ? text
        : `list_transform([${text}], __athena_s -> CASE WHEN typeof(${v}) = 'VARCHAR' OR length(__athena_s) <= ${length}
            THEN substr(__athena_s, 1, ${length})
            ELSE __athena_fail_text('Value ' || __athena_s || ' cannot be represented as varchar(${length})') END)[1]`;
    // TRY_CAST answers NULL for a value that does not cast; an error computing the value still fails.
    return kind === 'TRY_CAST'
      ? `list_transform([${value}], __athena_v -> try(${cut('__athena_v', cast('__athena_v'))}))[1]`
      : cut(value, cast(value));
  }

  private extract(node: Group): string {
    const [field, from, ...rest] = node.items;
    if (!isWord(field) || !isWord(from, 'FROM')) throw new SqlError('EXTRACT needs (field FROM value)');
    const fn = EXTRACT_FIELDS[field.value];
    if (fn === undefined) throw notLocal(`EXTRACT(${field.text} FROM ...)`);
    return textOf(this.rewriteCall(fn, [rest], '')).replaceAll(AGGREGATE_END, '');
  }

  private position(node: Group): string {
    const inAt = node.items.findIndex((n) => isWord(n, 'IN'));
    if (inAt < 0) return textOf(this.rewriteCall('strpos', splitCommas(node.items), '')).replaceAll(AGGREGATE_END, '');
    return `CAST(strpos(${this.nested(node.items.slice(inAt + 1))}, ${this.nested(node.items.slice(0, inAt))}) AS BIGINT)`;
  }

  private substringSyntax(node: Group): string {
    const from = node.items.findIndex((n) => isWord(n, 'FROM'));
    const forAt = node.items.findIndex((n) => isWord(n, 'FOR'));
    const parts = [node.items.slice(0, from), node.items.slice(from + 1, forAt < 0 ? undefined : forAt)];
    if (forAt >= 0) parts.push(node.items.slice(forAt + 1));
    return textOf(this.rewriteCall('substr', parts, '')).replaceAll(AGGREGATE_END, '');
  }

  private trimSyntax(node: Group): string {
    const items = [...node.items];
    const side = isWord(items[0], 'BOTH', 'LEADING', 'TRAILING') ? (items.shift() as Token).value : 'BOTH';
    const from = items.findIndex((n) => isWord(n, 'FROM'));
    const characters = from < 0 ? [] : items.slice(0, from);
    const source = items.slice(from + 1);
    const name = { BOTH: 'trim', LEADING: 'ltrim', TRAILING: 'rtrim' }[side] as string;
    const parts = characters.length === 0 ? [source] : [source, characters];
    return textOf(this.rewriteCall(name, parts, '')).replaceAll(AGGREGATE_END, '');
  }

  private typedLiteral(type: string, value: Token): Unit {
    switch (type) {
      case 'DATE':
        return { text: `DATE ${value.text}`, atom: true, kind: 'date' };
      case 'TIMESTAMP': {
        const zone = /^\s*\d{4}-\d\d-\d\d( \d\d?:\d\d(:\d\d(\.\d+)?)?)?\s*(.*)$/.exec(value.value)?.[4] ?? '';
        if (zone === '') return { text: `TIMESTAMP ${value.text}`, atom: true, kind: 'other' };
        const local = value.value.slice(0, value.value.length - zone.length).trim();
        return zoned(instantAt(`TIMESTAMP '${local}'`, zone), zone);
      }
      case 'TIME':
        throw notLocal('TIME literals');
      case 'DECIMAL': {
        const literal = /^\s*([+-]?)(\d+\.?\d*|\.\d+)\s*$/.exec(value.value);
        if (literal === null) throw new SqlError(`Invalid decimal literal ${value.text}`);
        const text = numericLiteral(literal[2]?.includes('.') ? (literal[2] as string) : `${literal[2]}.`);
        return { text: literal[1] === '-' ? `(-${text})` : text, atom: true, kind: 'number' };
      }
      case 'X':
        throw notLocal("varbinary literals (X'...')");
      case 'JSON':
        return { text: `json(${value.text})`, atom: true, kind: 'other' };
      default: {
        const duck = duckType([{ kind: 'word', text: type, value: type, pos: value.pos }]);
        const macro = castMacro(duck);
        return { text: macro === undefined ? `CAST(${value.text} AS ${duck})` : `${macro}(${value.text})`, atom: true };
      }
    }
  }

  private interval(nodes: readonly Node[], i: number): [Unit, number] {
    let j = i + 1;
    let sign = '';
    if (isOp(nodes[j], '-', '+')) {
      sign = (nodes[j] as Token).value === '-' ? '-' : '';
      j++;
    }
    const value = nodes[j];
    const unit = nodes[j + 1];
    if (value?.kind !== 'string' || !isWord(unit))
      throw new SqlError("INTERVAL needs a quoted value and a unit, e.g. INTERVAL '1' DAY");
    if (isWord(nodes[j + 2], 'TO')) throw notLocal(`INTERVAL '${value.value}' ${unit.value} TO ...`);
    const units: Record<string, string> = {
      YEAR: 'year',
      MONTH: 'month',
      DAY: 'day',
      HOUR: 'hour',
      MINUTE: 'minute',
      SECOND: 'second',
    };
    const duckUnit = units[unit.value];
    if (duckUnit === undefined)
      throw new SqlError(`INTERVAL unit ${unit.text} is not one of ${Object.keys(units).join(', ')}`);
    if (!/^\s*-?\d+(\.\d+)?\s*$/.test(value.value)) throw notLocal(`INTERVAL '${value.value}' ${unit.value}`);
    return [
      { text: `INTERVAL '${sign}${value.value.trim()} ${duckUnit}'`, atom: true, kind: 'interval', name: duckUnit },
      j + 2,
    ];
  }

  /** `x AT TIME ZONE 'zone'`: the same instant, shown in that zone (a timestamp is read as UTC, the session zone). */
  private atTimeZone(unit: Unit, zone: Node | undefined): Unit {
    if (zone?.kind !== 'string') throw notLocal('AT TIME ZONE with a zone that is not a string literal');
    // Trino's analyzer: a date has no time to put in a zone.
    if (unit.kind === 'date')
      throw new SqlError('Type of value must be a time or timestamp with or without time zone (actual date)');
    return zoned(`CAST(${unit.text} AS TIMESTAMPTZ)`, zone.value);
  }

  private call(nodes: readonly Node[], i: number): [Unit, number] {
    const name = (nodes[i] as Token).text.toLowerCase();
    if (name === 'try') return this.tryCall(nodes, i);
    const windowed = (k: number) => isWord(nodes[k], 'OVER', 'FILTER', 'IGNORE', 'RESPECT', 'WITHIN');
    if (this.tryOperands !== undefined && (AGGREGATES.has(name) || windowed(i + 2))) {
      const [unit, next] = this.outsideTry(() => this.call(nodes, i));
      return [this.taken(unit, true), next];
    }
    const args = nodes[i + 1] as Group;
    let j = i + 2;
    let suffix = '';
    let nulls = '';
    // Trino writes `first_value(x) IGNORE NULLS OVER (...)`; DuckDB `first_value(x IGNORE NULLS) OVER (...)`.
    if (isWord(nodes[j], 'IGNORE', 'RESPECT') && isWord(nodes[j + 1], 'NULLS')) {
      nulls = ` ${(nodes[j] as Token).value} NULLS`;
      j += 2;
    }
    // listagg(x, ',') WITHIN GROUP (ORDER BY …): the order goes inside DuckDB's aggregate call.
    let orderBy: string | undefined;
    if (isWord(nodes[j], 'WITHIN') && isWord(nodes[j + 1], 'GROUP') && isGroup(nodes[j + 2], '(')) {
      orderBy = this.nested((nodes[j + 2] as Group).items);
      j += 3;
    }
    if (isWord(nodes[j], 'FILTER') && isGroup(nodes[j + 1], '(')) {
      suffix += ` FILTER (${this.nested((nodes[j + 1] as Group).items)})`;
      j += 2;
    }
    if (isWord(nodes[j], 'OVER')) {
      const window = nodes[j + 1];
      if (isGroup(window, '(')) suffix += ` OVER (${this.nested(window.items)})`;
      else if (window?.kind === 'word' || window?.kind === 'quoted') suffix += ` OVER ${this.identifier(window)}`;
      else throw new SqlError('OVER needs a window');
      j += 2;
    }
    const parts = splitCommas(args.items);
    let quantifier = '';
    const firstArg = parts[0] ?? [];
    const head = firstArg[0];
    if (isWord(head, 'DISTINCT', 'ALL')) {
      quantifier = `${head.value} `;
      parts[0] = firstArg.slice(1);
    }
    const last = parts[parts.length - 1] ?? [];
    const overflow = last.findIndex((n, k) => isWord(n, 'ON') && isWord(last[k + 1], 'OVERFLOW'));
    if (name === 'listagg' && overflow >= 0) {
      if (!isWord(last[overflow + 2], 'ERROR')) throw notLocal('listagg() ON OVERFLOW TRUNCATE');
      parts[parts.length - 1] = last.slice(0, overflow);
    }
    const result = this.rewriteCall(name, parts, quantifier, orderBy);
    if (typeof result !== 'string') {
      if (suffix !== '') throw notLocal(`${name}() with FILTER or OVER`);
      return [result, j];
    }
    const text = nulls === '' ? result : `${result.slice(0, result.lastIndexOf(')'))}${nulls})`;
    // An aggregate's FILTER/OVER belongs to the aggregate, inside any wrapper the rewrite added.
    const attached = text.includes(AGGREGATE_END) ? text.replaceAll(AGGREGATE_END, suffix) : `${text}${suffix}`;
    return [{ text: attached, atom: true, kind: 'other' }, j];
  }

  /** `try(x)`: DuckDB's, with the aggregates, windows and subqueries of `x` computed outside it. */
  private tryCall(nodes: readonly Node[], i: number): [Unit, number] {
    const parts = splitCommas((nodes[i + 1] as Group).items);
    if (parts.length !== 1) throw new SqlError(`try() takes 1 argument, got ${parts.length}`);
    if (isWord(nodes[i + 2], 'OVER', 'FILTER')) throw notAthena('try() with OVER or FILTER');
    const outer = this.tryOperands;
    const operands = outer ?? new TryOperands();
    this.tryOperands = operands;
    try {
      const argument = this.argument(parts[0] as Node[]).text;
      if (outer !== undefined) return [{ text: `try(${argument})`, atom: true, kind: 'other' }, i + 2];
      if (operands.lifted && hasArrow(parts[0] as Node[])) {
        throw notLocal('try() around an aggregate, a window or a subquery together with a lambda');
      }
      return [{ text: operands.wrap(argument), atom: true, kind: 'other' }, i + 2];
    } finally {
      this.tryOperands = outer;
    }
  }

  /** The unit, or in the argument of `try()` the name of its value computed outside it. */
  private taken(unit: Unit, lift: boolean): Unit {
    if (this.tryOperands === undefined) return unit;
    return { ...unit, text: this.tryOperands.take(unit.text, lift) };
  }

  private outsideTry<T>(translate: () => T): T {
    const operands = this.tryOperands;
    this.tryOperands = undefined;
    try {
      return translate();
    } finally {
      this.tryOperands = operands;
    }
  }

  private argument(part: readonly Node[]): Argument {
    const raw = this.units(part);
    this.check(raw);
    const units = fold(raw);
    refuseZoneLoss(units);
    const only = units.length === 1 ? units[0] : undefined;
    if (only?.kind === 'zoned') return { text: only.text, zone: only.zone as string };
    return { text: units.map((u) => u.text).join(' ') };
  }

  private rewriteCall(
    name: string,
    parts: readonly (readonly Node[])[],
    quantifier: string,
    orderBy?: string,
  ): string | Unit {
    const args = parts.map((part) => this.argument(part));
    const zonedCall = this.zonedCall(name, args, parts);
    if (zonedCall !== undefined) return zonedCall;
    const rewrite = FUNCTIONS[name];
    if (rewrite === undefined) throw unknownFunction(name);
    const call: Call = {
      name,
      args: args.map((arg, i) => {
        if (arg.zone === undefined) return arg.text;
        if (i === 0 && WALL_CLOCK_FUNCTIONS.has(name)) return wallClock(arg.text, arg.zone);
        if (name === 'format_datetime' && i === 0) {
          if (/[zZ]/.test(parts[1]?.[0]?.kind === 'string' ? (parts[1][0] as Token).value : 'z')) {
            zoneLost('format_datetime with a zone pattern letter', arg.zone);
          }
          return wallClock(arg.text, arg.zone);
        }
        if (name !== 'to_unixtime') zoneLost(`${name}()`, arg.zone);
        return arg.text;
      }),
      literals: parts.map((part) => (part.length === 1 && part[0]?.kind === 'string' ? part[0].value : undefined)),
      arrays: parts.map((part) => isWord(part[0], 'ARRAY') && isGroup(part[1], '[')),
      quantifier,
      ...(orderBy === undefined ? {} : { orderBy }),
    };
    return rewrite(call);
  }

  /** The functions that make or keep a zoned timestamp; undefined for every other call. */
  private zonedCall(name: string, args: readonly Argument[], parts: readonly (readonly Node[])[]): Unit | undefined {
    const zoneArg = (i: number) => {
      const part = parts[i];
      if (part?.length !== 1 || part[0]?.kind !== 'string')
        throw notLocal(`${name}() with a zone that is not a string literal`);
      return part[0].value;
    };
    switch (name) {
      case 'at_timezone':
        return zoned(`CAST(${args[0]?.text} AS TIMESTAMPTZ)`, zoneArg(1));
      case 'with_timezone':
        return zoned(instantAt(args[0]?.text ?? '', zoneArg(1)), zoneArg(1));
      case 'from_unixtime':
        if (args.length === 2) return zoned(`__athena_from_unixtime(${args[0]?.text})`, zoneArg(1));
        if (args.length === 3) return zoned(`__athena_from_unixtime(${args[0]?.text})`, offsetZone(parts));
        return undefined;
      case 'from_iso8601_timestamp': {
        const literal = parts[0]?.length === 1 && parts[0][0]?.kind === 'string' ? parts[0][0].value : undefined;
        // An offset follows a time: the -11 of a date alone is its day.
        const zone = literal === undefined ? undefined : /T[\d:.,]*([+-]\d{2}(:?\d{2})?)$/.exec(literal)?.[1];
        return zone === undefined ? undefined : zoned(`CAST(${args[0]?.text} AS TIMESTAMPTZ)`, zone);
      }
      case 'date_trunc': {
        const zone = args[1]?.zone;
        if (zone === undefined) return undefined;
        const truncated = FUNCTIONS.date_trunc?.({
          name,
          args: [args[0]?.text ?? '', wallClock(args[1]?.text ?? '', zone)],
          literals: [parts[0]?.[0]?.kind === 'string' ? (parts[0][0] as Token).value : undefined],
          arrays: [],
          quantifier: '',
        });
        return zoned(instantAt(truncated ?? '', zone), zone);
      }
      case 'timezone': {
        const zone = args[0]?.zone;
        return { text: `'${zone === undefined ? 'UTC' : zoneName(zone)}'`, atom: true, kind: 'other' };
      }
      default:
        return undefined;
    }
  }

  /** Refuses what Athena would: DuckDB-only operators, and a varchar partition compared with a number. */
  private check(units: readonly Unit[]): void {
    units.forEach((unit, i) => {
      const token = unit.token;
      if (token?.kind === 'op' && token.value in DUCKDB_ONLY_OPS) {
        throw notAthena(`The operator ${token.value}`, DUCKDB_ONLY_OPS[token.value as keyof typeof DUCKDB_ONLY_OPS]);
      }
      if (token?.kind === 'word' && token.value in DUCKDB_ONLY_WORDS) {
        throw notAthena(token.value, DUCKDB_ONLY_WORDS[token.value as keyof typeof DUCKDB_ONLY_WORDS]);
      }
      if (token?.kind === 'op' && COMPARISONS.has(token.value)) {
        const [left, right] = [units[i - 1], units[i + 1]];
        for (const [column, other] of [
          [left, right],
          [right, left],
        ]) {
          if (
            column?.kind === 'identifier' &&
            LAKE_VARCHAR_PARTITIONS.has(column.name ?? '') &&
            other?.kind === 'number'
          ) {
            throw new SqlError(
              `Cannot apply operator: varchar ${token.value} integer (Athena): the partition column ${column.name} is a string, compare it with '${other.text.padStart(2, '0')}'`,
            );
          }
        }
      }
      if (token?.kind === 'word' && token.value === 'BY' && isWord(units[i + 1]?.token, 'ALL')) {
        throw notAthena(`${units[i - 1]?.text} BY ALL`);
      }
      if (token?.kind === 'word' && token.value === 'ON' && isWord(units[i - 1]?.token, 'DISTINCT')) {
        throw notAthena('DISTINCT ON');
      }
      if (unit.kind === 'star' && this.usesPath) {
        throw notLocal('SELECT * together with "$path"', 'list the columns you want next to "$path"');
      }
      if (
        isOp(token, '*') &&
        this.usesPath &&
        (isWord(units[i - 1]?.token, 'SELECT', 'DISTINCT', 'ALL') || isOp(units[i - 1]?.token, ','))
      ) {
        throw notLocal('SELECT * together with "$path"', 'list the columns you want next to "$path"');
      }
    });
  }

  /** Trino names an unnamed select item `_colN` (N its output position); DuckDB would name it by its text. */
  private nameColumns(units: Unit[]): void {
    const select = findOutermostSelect(units);
    if (select < 0) return;
    let item: number[] = [];
    let position = 0;
    let star = false;
    const finish = () => {
      const first = units[item[0] ?? -1];
      if (
        first?.kind === 'zoned' &&
        (item.length === 1 || isWord(units[item[1] as number]?.token, 'AS') || item.length === 2)
      ) {
        // Selected directly, a zoned timestamp shows its zone, as Athena prints it.
        units[item[0] as number] = { ...first, text: zonedText(first.text, first.zone as string) };
        if (!star) this.zonedColumns.push(position);
      }
      if (item.some((k) => (units[k] as Unit).kind === 'star' || isOp((units[k] as Unit).token, '*'))) star = true;
      if (item.length > 0 && isUnnamed(item.map((k) => units[k] as Unit))) {
        const last = item[item.length - 1] as number;
        units[last] = {
          ...(units[last] as Unit),
          text: `${(units[last] as Unit).text} AS "${UNNAMED_PREFIX}${position}"`,
        };
      }
      position++;
      item = [];
    };
    for (let k = select + 1; k < units.length; k++) {
      const unit = units[k] as Unit;
      if (endsSelectList(units, k)) break;
      if (k === select + 1 && isWord(unit.token, 'DISTINCT', 'ALL')) continue;
      if (isOp(unit.token, ',')) finish();
      else item.push(k);
    }
    finish();
  }
}

const hasArrow = (nodes: readonly Node[]): boolean =>
  nodes.some((node) => isOp(node, '->') || (isGroup(node) && hasArrow(node.items)));

/** from_unixtime(x, hours, minutes): the zone of that offset (hours * 60 + minutes minutes), as Trino names it. */
function offsetZone(parts: readonly (readonly Node[])[]): string {
  const integer = (part: readonly Node[] | undefined) => {
    const written = part?.map((n) => (n as Token).value ?? '').join('') ?? '';
    if (!/^[+-]?\d+$/.test(written))
      throw notLocal('from_unixtime(x, hours, minutes) with an offset that is not integer literals');
    return Number(written);
  };
  const minutes = integer(parts[1]) * 60 + integer(parts[2]);
  if (Math.abs(minutes) > 14 * 60) throw new SqlError(`Invalid offset minutes ${minutes}`);
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The n of a `varchar(n)` type, undefined for any other type. */
function varcharLength(type: readonly Node[]): number | undefined {
  const [head, args] = type;
  if (!isWord(head, 'VARCHAR') || !isGroup(args, '(')) return undefined;
  const n = args.items.map((item) => (item as Token).value ?? '').join('');
  return /^\d+$/.test(n) ? Number(n) : undefined;
}
