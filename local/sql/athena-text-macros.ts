/**
 * DuckDB macros for Trino's string functions where DuckDB's differ (StringFunctions.java): positions
 * and lengths count code points, an empty pattern has a meaning of its own, bad arguments fail.
 */

// Java's Character.isWhitespace, what Trino's trim, ltrim and rtrim remove (DuckDB's remove spaces only).
const WHITESPACE =
  '[\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x{1680}\\x{2000}-\\x{2006}\\x{2008}-\\x{200A}\\x{2028}\\x{2029}\\x{205F}\\x{3000}]';

export const TEXT_DEFINITIONS: readonly string[] = [
  // substr of position 0 is empty; split_part and regexp_extract answer NULL, not ''.
  `__athena_substr(s, start) AS CASE WHEN start = 0 OR -start > length(s) THEN '' ELSE substr(s, start) END`,
  `__athena_substr(s, start, len) AS CASE WHEN start = 0 OR -start > length(s) OR len < 0 THEN '' ELSE substr(s, start, len) END`,
  // An empty delimiter splits between code points.
  `__athena_split_part(s, d, i) AS CASE
     WHEN i <= 0 THEN __athena_fail_text('Index must be greater than zero')
     WHEN d = '' THEN CASE WHEN i <= length(s) THEN substr(s, i, 1) END
     WHEN i > len(string_split(s, d)) THEN NULL
     ELSE split_part(s, d, i) END`,
  `__athena_split(s, d) AS CASE
     WHEN d = '' THEN [__athena_fail_text('The delimiter may not be the empty string')]
     ELSE string_split(s, d) END`,
  // split_to_map (SplitToMapFunction): a trailing entry delimiter ends the string; every entry holds the
  // key-value delimiter exactly once; a key seen before fails.
  `__athena_split_to_map_entries(s, ed, kd) AS CASE
     WHEN ed = '' THEN [__athena_fail_text('entryDelimiter is empty')]
     WHEN kd = '' THEN [__athena_fail_text('keyValueDelimiter is empty')]
     WHEN ed = kd THEN [__athena_fail_text('entryDelimiter and keyValueDelimiter must not be the same')]
     WHEN s = '' THEN []::VARCHAR[]
     WHEN suffix(s, ed) THEN list_slice(string_split(s, ed), 1, len(string_split(s, ed)) - 1)
     ELSE string_split(s, ed) END`,
  `__athena_split_to_map(s, ed, kd) AS list_transform([__athena_split_to_map_entries(s, ed, kd)], es ->
     map_from_entries(list_transform(es, (e, i) -> CASE
       WHEN len(string_split(e, kd)) <> 2
         THEN struct_pack(k := __athena_fail_text('Key-value delimiter must appear exactly once in each entry. Bad input: ''' || e || ''''), v := '')
       WHEN list_position(list_transform(es, x -> string_split(x, kd)[1]), string_split(e, kd)[1]) < i
         THEN struct_pack(k := __athena_fail_text('Duplicate keys (' || string_split(e, kd)[1] || ') are not allowed'), v := '')
       ELSE struct_pack(k := string_split(e, kd)[1], v := string_split(e, kd)[2]) END)))[1]`,
  // With a limit n, the n-th part is the rest of the string.
  `__athena_split(s, d, n) AS CASE
     WHEN n <= 0 THEN [__athena_fail_text('Limit must be positive')]
     WHEN n > 2147483647 THEN [__athena_fail_text('Limit is too large')]
     WHEN d = '' THEN [__athena_fail_text('The delimiter may not be the empty string')]
     ELSE list_transform([string_split(s, d)], parts -> CASE WHEN len(parts) <= n THEN parts
       ELSE list_concat(parts[1:n - 1], [array_to_string(parts[n:], d)]) END)[1] END`,
  // An empty search inserts the replacement before every code point and at the end.
  `__athena_replace(s, f, r) AS CASE
     WHEN s IS NULL OR f IS NULL OR r IS NULL THEN NULL
     WHEN f <> '' THEN replace(s, f, r)
     WHEN s = '' THEN r
     ELSE r || array_to_string(list_transform(string_split(s, ''), c -> c || r), '') END`,
  // strpos(s, sub, n): the n-th occurrence (occurrences may overlap), from the end when n < 0.
  `__athena_strpos(s, sub, n) AS CASE
     WHEN n = 0 THEN CAST(__athena_fail_int('''instance'' must be a positive or negative number.') AS BIGINT)
     WHEN sub = '' THEN 1
     ELSE list_transform([list_filter(range(1, length(s) + 1), k -> substr(s, k, length(sub)) = sub)], found ->
       CASE WHEN abs(n) > len(found) THEN 0 WHEN n > 0 THEN found[n] ELSE found[len(found) + n + 1] END)[1] END`,
  `__athena_codepoint(s) AS CASE
     WHEN length(s) <> 1 THEN __athena_fail_int('Input string must be a single character string')
     ELSE unicode(s) END`,
  `__athena_pad(s, n, p, left_side) AS CASE
     WHEN n < 0 OR n > 2147483647 THEN __athena_fail_text('Target length must be in the range [0..2147483647]')
     WHEN p = '' THEN __athena_fail_text('Padding string must not be empty')
     WHEN left_side THEN lpad(s, CAST(n AS INTEGER), p)
     ELSE rpad(s, CAST(n AS INTEGER), p) END`,
  `__athena_trim(s) AS regexp_replace(s, '^${WHITESPACE}+|${WHITESPACE}+$', '', 'g')`,
  `__athena_ltrim(s) AS regexp_replace(s, '^${WHITESPACE}+', '')`,
  `__athena_rtrim(s) AS regexp_replace(s, '${WHITESPACE}+$', '')`,
  `__athena_regexp_extract(s, p) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p) END`,
  `__athena_regexp_extract(s, p, g) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p, g) END`,
  `__athena_regexp_extract_all(s, p) AS regexp_extract_all(s, p)`,
  `__athena_regexp_extract_all(s, p, g) AS regexp_extract_all(s, p, g)`,
  // Trino's binary functions take varbinary only (to_hex('a') is an error there; DuckDB would hex the text).
  `__athena_binary(b, name) AS CASE
     WHEN typeof(b) IN ('BLOB', '"NULL"') THEN CAST(b AS BLOB)
     ELSE CAST(__athena_fail_text(name || '() takes a varbinary in Athena: convert the value with to_utf8()') AS BLOB) END`,
  `__athena_to_hex(b) AS hex(__athena_binary(b, 'to_hex'))`,
  `__athena_to_base64(b) AS to_base64(__athena_binary(b, 'to_base64'))`,
];
