/**
 * DuckDB macros for Trino's JSON functions (functions/json.md). Trino's extractors answer NULL for
 * text that is not JSON (JsonExtract.extract); DuckDB's CAST to JSON would fail.
 */
export const JSON_DEFINITIONS: readonly string[] = [
  '__athena_json(j) AS TRY_CAST(j AS JSON)',
  // json_extract_scalar answers only scalars.
  `__athena_json_extract_scalar(j, p) AS list_transform([__athena_json(j)], v ->
     CASE WHEN json_type(v, p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(v, p) END)[1]`,
  '__athena_json_extract(j, p) AS json_extract(__athena_json(j), p)',
  `__athena_json_array_length(j) AS list_transform([__athena_json(j)], v ->
     CASE WHEN json_type(v) = 'ARRAY' THEN CAST(json_array_length(v) AS BIGINT) END)[1]`,
  // json_size: members of an object or array, 0 for a scalar, NULL where the path leads nowhere.
  `__athena_json_size(j, p) AS list_transform([__athena_json(j)], v -> CASE
     WHEN json_type(v, p) IS NULL THEN NULL
     WHEN json_type(v, p) = 'ARRAY' THEN CAST(json_array_length(v, p) AS BIGINT)
     WHEN json_type(v, p) = 'OBJECT' THEN CAST(len(json_keys(v, p)) AS BIGINT)
     ELSE 0 END)[1]`,
  // The kind of Jackson token a JSON value is: s(tring), b(oolean), n(ull), a(rray), o(bject), i(nteger), f(loat).
  `__athena_json_token(j) AS CASE json_type(j)
     WHEN 'VARCHAR' THEN 's' WHEN 'BOOLEAN' THEN 'b' WHEN 'NULL' THEN 'n' WHEN 'ARRAY' THEN 'a' WHEN 'OBJECT' THEN 'o'
     ELSE CASE WHEN regexp_full_match(CAST(j AS VARCHAR), '-?[0-9]+') THEN 'i' ELSE 'f' END END`,
  // json_array_contains (JsonFunctions.jsonArrayContains): a top-level element of the value's JSON kind
  // equal to it; NULL for text that is not a JSON array.
  `__athena_json_array_contains(j, x) AS list_transform([__athena_json(j)], v -> CASE
     WHEN x IS NULL OR v IS NULL OR json_type(v) <> 'ARRAY' THEN NULL
     ELSE coalesce(list_bool_or(list_transform(json_extract(v, '$[*]'), e -> CASE
       WHEN typeof(x) = 'VARCHAR' THEN __athena_json_token(e) = 's' AND json_extract_string(e, '$') = CAST(x AS VARCHAR)
       WHEN typeof(x) = 'BOOLEAN' THEN __athena_json_token(e) = 'b' AND CAST(e AS VARCHAR) = CAST(x AS VARCHAR)
       WHEN typeof(x) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT')
         THEN __athena_json_token(e) = 'i' AND TRY_CAST(CAST(e AS VARCHAR) AS HUGEINT) = TRY_CAST(x AS HUGEINT)
       ELSE __athena_json_token(e) IN ('i', 'f') AND TRY_CAST(CAST(e AS VARCHAR) AS DOUBLE) = TRY_CAST(x AS DOUBLE) END)), false) END)[1]`,
  // VarcharOperators.castToBoolean.
  `__athena_varchar_to_boolean(s) AS CASE
     WHEN lower(s) IN ('true', 't', '1') THEN true
     WHEN lower(s) IN ('false', 'f', '0') THEN false
     ELSE __athena_fail_bool('Cannot cast ''' || s || ''' to BOOLEAN') END`,
  // CAST(varchar AS boolean) takes only those spellings (DuckDB's takes 'yes', 'on', …).
  `__athena_cast_boolean(x) AS CASE WHEN typeof(x) = 'VARCHAR' THEN __athena_varchar_to_boolean(CAST(x AS VARCHAR))
     ELSE CAST(x AS BOOLEAN) END`,
];
