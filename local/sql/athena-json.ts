import { typeSwitch, withOperands } from './athena-switch.ts';
import { notLocal } from './sql-error.ts';

/**
 * CAST to and from Trino's JSON type (functions/json.md "Cast to JSON", "Cast from JSON";
 * JsonUtil.currentTokenAs*): from JSON, a string becomes its value (CAST(JSON '"abc"' AS varchar) is
 * abc, where DuckDB keeps the quotes), a number or boolean converts as the SQL value would, JSON null
 * is NULL, arrays and objects cast element by element to ARRAY and MAP(varchar, …). To JSON, a
 * varchar becomes a JSON string (DuckDB would parse it).
 */

/** The SQL of `CAST(value AS type)` (DuckDB type name) when `value` may be JSON; `other` casts anything else. */
export function castWithJson(value: string, type: string, other: (value: string) => string): string {
  if (type === 'JSON') return toJson(value);
  if (!fromJsonTypes(type)) return other(value);
  return withOperands([value], (v) =>
    typeSwitch(`CASE WHEN typeof(${v}) = 'JSON' THEN 'j' ELSE 'o' END`, {
      j: fromJson(`CAST(${v} AS JSON)`, type),
      o: other(v),
    }),
  );
}

const SCALARS = /^(VARCHAR|BIGINT|INTEGER|SMALLINT|TINYINT|DOUBLE|FLOAT|BOOLEAN|DATE|JSON|DECIMAL\(\d+, ?\d+\))$/;

function fromJsonTypes(type: string): boolean {
  const list = /^(.*)\[\]$/.exec(type);
  if (list) return fromJsonTypes(list[1] as string);
  const map = /^MAP\(VARCHAR, (.*)\)$/.exec(type);
  if (map) return fromJsonTypes(map[1] as string);
  return SCALARS.test(type);
}

/** Trino's name of a DuckDB type, for messages. */
const trinoName = (type: string): string =>
  type
    .replace(/^(.*)\[\]$/, (_, element: string) => `array(${trinoName(element)})`)
    .replace(/^MAP\(VARCHAR, (.*)\)$/, (_, value: string) => `map(varchar, ${trinoName(value)})`)
    .replace(/^FLOAT$/, 'real')
    .replace(/^DECIMAL\((\d+), ?(\d+)\)$/, 'decimal($1,$2)')
    .toLowerCase();

/** Converts the JSON value `j` to `type`, one JSON token at a time (JsonUtil.currentTokenAs*). */
function fromJson(j: string, type: string): string {
  if (type === 'JSON') return j;
  const cannot = `'Cannot cast ''' || CAST(__athena_jx.j AS VARCHAR) || ''' to ${trinoName(type)}'`;
  const fail = `cast_to_type(__athena_fail_text(${cannot}), ${typed(type)})`;
  const list = /^(.*)\[\]$/.exec(type);
  const map = /^MAP\(VARCHAR, (.*)\)$/.exec(type);
  const body = list
    ? `CASE WHEN __athena_jx.t = 'a' THEN list_transform(json_extract(__athena_jx.j, '$[*]'), __athena_je -> ${fromJson('__athena_je', list[1] as string)}) ELSE ${fail} END`
    : map
      ? `CASE WHEN __athena_jx.t = 'o' THEN map_from_entries(list_transform(map_entries(CAST(__athena_jx.j AS MAP(VARCHAR, JSON))),
           __athena_je -> struct_pack(k := __athena_je.key, v := ${fromJson('__athena_je.value', map[1] as string)}))) ELSE ${fail} END`
      : scalar(type, fail);
  return `list_transform([struct_pack(j := ${j}, t := __athena_json_token(${j}))], __athena_jx ->
    CASE WHEN __athena_jx.j IS NULL OR __athena_jx.t = 'n' THEN NULL ELSE ${body} END)[1]`;
}

/** A value of the DuckDB type, for cast_to_type. */
const typed = (type: string) => `CAST(NULL AS ${type})`;

function scalar(type: string, fail: string): string {
  const text = `json_extract_string(__athena_jx.j, '$')`;
  const truth = `(${text} = 'true')`;
  const number = `CAST(__athena_jx.j AS VARCHAR)`;
  switch (type) {
    case 'VARCHAR':
      return `CASE __athena_jx.t WHEN 's' THEN ${text} WHEN 'b' THEN ${text} WHEN 'i' THEN ${number}
        WHEN 'f' THEN __athena_double_text(CAST(__athena_jx.j AS DOUBLE)) ELSE ${fail} END`;
    case 'BIGINT':
    case 'INTEGER':
    case 'SMALLINT':
    case 'TINYINT': {
      const cast = `__athena_cast_${type.toLowerCase()}`;
      return `CASE __athena_jx.t WHEN 's' THEN ${cast}(${text}) WHEN 'i' THEN CAST(${number} AS ${type})
        WHEN 'f' THEN ${cast}(CAST(__athena_jx.j AS DOUBLE)) WHEN 'b' THEN CAST(${truth} AS ${type}) ELSE ${fail} END`;
    }
    case 'DOUBLE':
    case 'FLOAT':
      return `CASE __athena_jx.t WHEN 's' THEN coalesce(TRY_CAST(${text} AS ${type}),
          cast_to_type(__athena_fail_text('Cannot cast ''' || ${text} || ''' to ${trinoName(type)}'), ${typed(type)}))
        WHEN 'i' THEN CAST(__athena_jx.j AS ${type}) WHEN 'f' THEN CAST(__athena_jx.j AS ${type}) WHEN 'b' THEN CAST(${truth} AS ${type}) ELSE ${fail} END`;
    case 'BOOLEAN':
      return `CASE __athena_jx.t WHEN 's' THEN __athena_varchar_to_boolean(${text}) WHEN 'b' THEN ${truth}
        WHEN 'i' THEN CAST(__athena_jx.j AS DOUBLE) <> 0 WHEN 'f' THEN CAST(__athena_jx.j AS DOUBLE) <> 0 ELSE ${fail} END`;
    case 'DATE':
      return `CASE __athena_jx.t WHEN 's' THEN CAST(${text} AS DATE)
        ELSE cast_to_type(__athena_fail_text('Cannot cast JSON value to date; expected a JSON string'), ${typed(type)}) END`;
    default:
      // decimal(p, s): the token's text rounded HALF_UP to the scale.
      return `CASE __athena_jx.t WHEN 's' THEN CAST(${text} AS ${type}) WHEN 'i' THEN CAST(${number} AS ${type})
        WHEN 'f' THEN CAST(${number} AS ${type}) WHEN 'b' THEN CAST(CAST(${truth} AS INTEGER) AS ${type}) ELSE ${fail} END`;
  }
}

/**
 * CAST(x AS json): a varchar becomes a JSON string, numbers and booleans their JSON text, arrays, maps
 * and rows JSON arrays and objects. Doubles and decimals are refused: Trino writes them with Java's
 * number formats (1.0E10, 1.50), which DuckDB's JSON type normalizes away.
 */
function toJson(value: string): string {
  return withOperands([value], (v) =>
    typeSwitch(
      `CASE WHEN typeof(${v}) = 'JSON' THEN 'j' WHEN regexp_matches(typeof(${v}), 'DOUBLE|FLOAT|DECIMAL') THEN 'f'
        WHEN regexp_matches(typeof(${v}), 'DATE|TIME|INTERVAL|BLOB') THEN 'x' ELSE 'o' END`,
      {
        j: v,
        f: `CAST(__athena_fail_text(${sqlString(notLocal('CAST of a double, real or decimal to json').message)}) AS JSON)`,
        x: `CAST(__athena_fail_text('Cannot cast ' || __athena_typeof(${v}) || ' to json') AS JSON)`,
        o: `to_json(${v})`,
      },
    ),
  );
}

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;
