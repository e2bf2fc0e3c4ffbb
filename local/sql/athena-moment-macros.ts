/**
 * Trino's statistical aggregates as its AggregationUtils computes them: Welford-style updates, one value
 * at a time in input order, so that the last digits agree (DuckDB's own skewness, regr_slope and corr
 * divide in another order, and its skewness is the sample-adjusted one). The aggregate collects the
 * values with list(); these reduce them.
 */
export const MOMENT_DEFINITIONS: readonly string[] = [
  // The first element is the empty state, each value an element of the same struct (mx, my; m1) after it.
  // updateCovarianceState, with updateCorrelationState's and updateRegressionState's M2X and M2Y.
  `__athena_covariance_state(ps) AS list_reduce(
     [struct_pack(n := 0::BIGINT, mx := 0::DOUBLE, my := 0::DOUBLE, c2 := 0::DOUBLE, m2x := 0::DOUBLE, m2y := 0::DOUBLE)]
       || list_transform(list_filter(ps, p -> p.x IS NOT NULL AND p.y IS NOT NULL), p ->
         struct_pack(n := 0::BIGINT, mx := p.x, my := p.y, c2 := 0::DOUBLE, m2x := 0::DOUBLE, m2y := 0::DOUBLE)),
     (s, p) -> list_transform([struct_pack(n := s.n + 1, mx := s.mx + (p.mx - s.mx) / (s.n + 1), my := s.my + (p.my - s.my) / (s.n + 1))], t ->
       struct_pack(n := t.n, mx := t.mx, my := t.my,
         c2 := s.c2 + (p.mx - s.mx) * (p.my - t.my),
         m2x := s.m2x + (p.mx - s.mx) * (p.mx - t.mx),
         m2y := s.m2y + (p.my - s.my) * (p.my - t.my)))[1])`,
  // corr, regr_slope, regr_intercept: NULL where the result is not finite (DuckDB's x / 0 is NULL already).
  '__athena_finite(d) AS CASE WHEN isfinite(d) THEN d END',
  `__athena_corr(ps) AS list_transform([__athena_covariance_state(ps)], s ->
     __athena_finite(s.c2 / sqrt(s.m2x) / sqrt(s.m2y)))[1]`,
  `__athena_regr_slope(ps) AS list_transform([__athena_covariance_state(ps)], s -> __athena_finite(s.c2 / s.m2x))[1]`,
  `__athena_regr_intercept(ps) AS list_transform([__athena_covariance_state(ps)], s ->
     __athena_finite(s.my - s.c2 / s.m2x * s.mx))[1]`,
  // updateCentralMomentsState.
  `__athena_central_moments(vs) AS list_reduce(
     [struct_pack(n := 0::BIGINT, m1 := 0::DOUBLE, m2 := 0::DOUBLE, m3 := 0::DOUBLE, m4 := 0::DOUBLE)]
       || list_transform(list_filter(vs, v -> v IS NOT NULL), v ->
         struct_pack(n := 0::BIGINT, m1 := v, m2 := 0::DOUBLE, m3 := 0::DOUBLE, m4 := 0::DOUBLE)),
     (s, e) -> list_transform([struct_pack(n := s.n + 1, d := e.m1 - s.m1, dn := (e.m1 - s.m1) / (s.n + 1))], t ->
       list_transform([t.d * t.dn * s.n], dm2 ->
         struct_pack(n := t.n, m1 := s.m1 + t.dn, m2 := s.m2 + dm2,
           m3 := s.m3 + dm2 * t.dn * (t.n - 2) - 3 * t.dn * s.m2,
           m4 := s.m4 + dm2 * (t.dn * t.dn) * (t.n * t.n::DOUBLE - 3 * t.n + 3) + 6 * (t.dn * t.dn) * s.m2 - 4 * t.dn * s.m3))[1])[1])`,
  // skewness (n >= 3) and kurtosis (n >= 4); a constant input is 0 / 0, NaN.
  `__athena_skewness(vs) AS list_transform([__athena_central_moments(vs)], s -> CASE
     WHEN s.n < 3 THEN NULL
     WHEN s.m2 = 0 THEN 'NaN'::DOUBLE
     ELSE sqrt(s.n) * s.m3 / pow(s.m2, 1.5) END)[1]`,
  `__athena_kurtosis(vs) AS list_transform([__athena_central_moments(vs)], s -> list_transform([s.n::DOUBLE], n -> CASE
     WHEN n < 4 THEN NULL
     WHEN s.m2 = 0 THEN 'NaN'::DOUBLE
     ELSE ((n - 1) * n * (n + 1)) / ((n - 2) * (n - 3)) * s.m4 / (s.m2 * s.m2) - 3 * ((n - 1) * (n - 1)) / ((n - 2) * (n - 3)) END)[1])[1]`,
];
