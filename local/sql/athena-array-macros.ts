/**
 * DuckDB macros for Trino's array functions where DuckDB's differ (functions/array.md; the
 * Array*Function classes): NULL elements, empty arrays, bounds and their error messages.
 */
export const ARRAY_DEFINITIONS: readonly string[] = [
  // array_max/array_min: NULL when an element is NULL.
  '__athena_array_max(a) AS CASE WHEN list_count(a) < len(a) THEN NULL ELSE list_max(a) END',
  '__athena_array_min(a) AS CASE WHEN list_count(a) < len(a) THEN NULL ELSE list_min(a) END',
  // NULL elements stay (only elements equal to e go); a NULL e answers NULL.
  '__athena_array_remove(a, e) AS CASE WHEN e IS NOT NULL THEN list_filter(a, x -> x IS NULL OR x <> e) END',
  // arrays_overlap: NULL when no non-null element is common but either array holds a NULL.
  `__athena_arrays_overlap(a, b) AS CASE
     WHEN list_has_any(a, b) THEN true
     WHEN list_count(a) < len(a) OR list_count(b) < len(b) THEN NULL
     ELSE false END`,
  // any_match/all_match/none_match over the predicate's results r: NULL decides only where no element does.
  `__athena_any_match(r) AS CASE WHEN list_contains(r, true) THEN true WHEN list_count(r) < len(r) THEN NULL ELSE false END`,
  `__athena_all_match(r) AS CASE WHEN list_contains(r, false) THEN false WHEN list_count(r) < len(r) THEN NULL ELSE true END`,
  `__athena_none_match(r) AS CASE WHEN list_contains(r, true) THEN false WHEN list_count(r) < len(r) THEN NULL ELSE true END`,
  `__athena_repeat(e, n) AS list_transform(range(CASE
     WHEN n < 0 THEN __athena_fail_int('count argument of repeat function must be greater than or equal to 0')
     WHEN n > 10000 THEN __athena_fail_int('count argument of repeat function must be less than or equal to 10000')
     ELSE n END), i -> e)`,
  `__athena_trim_array(a, n) AS a[1:len(a) - CASE
     WHEN n < 0 THEN __athena_fail_int('size must not be negative')
     WHEN n > len(a) THEN __athena_fail_int('size must not exceed array cardinality ' || len(a) || ': ' || n)
     ELSE n END]`,
  // ngrams: an array shorter than n is its only n-gram.
  `__athena_ngrams(a, n) AS CASE
     WHEN n <= 0 THEN [a[1:__athena_fail_int('N must be positive')]]
     WHEN n >= len(a) THEN [a]
     ELSE list_transform(range(1, len(a) - n + 2), i -> a[i:i + n - 1]) END`,
  // sequence: step 1 or -1 by the bounds' order; a step against them, a zero step, more than 10000 entries fail.
  `__athena_sequence_step(a, b, s) AS CASE
     WHEN s = 0 THEN __athena_fail_int('step must not be zero')
     WHEN (s > 0 AND a > b) OR (s < 0 AND a < b) THEN __athena_fail_int('sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start')
     WHEN (b - a) // s >= 10000 THEN __athena_fail_int('result of sequence function must not have more than 10000 entries')
     ELSE s END`,
  '__athena_sequence(a, b) AS generate_series(a, b, __athena_sequence_step(a, b, CASE WHEN a <= b THEN 1 ELSE -1 END))',
  '__athena_sequence(a, b, s) AS generate_series(a, b, __athena_sequence_step(a, b, s))',
  // Dates and timestamps step by an interval (a day by default); a date sequence stays dates.
  `__athena_sequence_temporal(a, b, s) AS list_transform([CASE
       WHEN s = INTERVAL '0 seconds' THEN [__athena_fail_ts('step must not be zero')]
       WHEN (s > INTERVAL '0 seconds' AND a > b) OR (s < INTERVAL '0 seconds' AND a < b)
         THEN [__athena_fail_ts('sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start')]
       ELSE generate_series(CAST(a AS TIMESTAMP), CAST(b AS TIMESTAMP), s) END], r ->
     CASE WHEN len(r) > 10000 THEN [__athena_fail_ts('result of sequence function must not have more than 10000 entries')] ELSE r END)[1]`,
  // contains: NULL where no element matches but one is NULL (ArrayContains); a NULL element sought is NULL.
  `__athena_contains(a, e) AS CASE WHEN list_contains(a, e) THEN true WHEN e IS NULL OR list_count(a) < len(a) THEN NULL
     ELSE false END`,
  '__athena_array_position(a, e) AS CASE WHEN e IS NOT NULL THEN CAST(coalesce(list_position(a, e), 0) AS BIGINT) END',
  `__athena_map_agg(es) AS list_transform([list_filter(es, e -> e.k IS NOT NULL)], fs ->
     map_from_entries(list_filter(fs, (e, i) -> list_position(list_transform(fs, x -> x.k), e.k) = i)))[1]`,
  `__athena_max_by_n(es, n) AS CASE
     WHEN n <= 0 THEN [__athena_fail_text('third argument of max_by/min_by must be a positive integer')]
     ELSE list_transform(list_slice(list_sort(list_filter(es, e -> e.y IS NOT NULL), 'DESC'), 1, n), e -> e.x) END`,
  `__athena_min_by_n(es, n) AS CASE
     WHEN n <= 0 THEN [__athena_fail_text('third argument of max_by/min_by must be a positive integer')]
     ELSE list_transform(list_slice(list_sort(list_filter(es, e -> e.y IS NOT NULL), 'ASC'), 1, n), e -> e.x) END`,
];
