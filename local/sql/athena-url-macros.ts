/**
 * Trino's URL functions (UrlFunctions.java) over java.net.URI: a string URI cannot parse answers
 * NULL; a part the URI lacks is '' (Trino turns Java's null into an empty string); path, query and
 * fragment are percent-decoded. The parse here is Java's for ASCII URIs without brackets: an
 * authority that is not a valid server (host per RFC 2396: IPv4, or labels of letters, digits and
 * inner dashes whose last starts with a letter; a numeric port) is registry-based, so its host is ''.
 * URIs with non-ASCII characters or IPv6 brackets are refused rather than guessed at.
 */

// RFC 3986 appendix B: scheme, authority, path, query, fragment (the x groups tell an absent part from an empty one).
const PARTS =
  "regexp_extract(s, '^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\\?([^#]*))?(#(.*))?$', ['x1', 'scheme', 'x3', 'authority', 'path', 'x6', 'query', 'x8', 'fragment'])";
const HOSTNAME =
  '(([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)*[A-Za-z]([A-Za-z0-9-]*[A-Za-z0-9])?|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)\\.?';
const OCTET = '0*(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const NOT_LOCAL =
  "'url functions of a URL with non-ASCII characters or [ ] are an Athena construct the local engine (DuckDB) does not have'";

export const URL_DEFINITIONS: readonly string[] = [
  // The parts of a URI as Java parses it, or NULL where new URI(s) throws URISyntaxException.
  `__athena_url_parts(u) AS list_transform([u], s -> CASE
     WHEN s IS NULL THEN NULL
     WHEN regexp_matches(s, '[^\\x00-\\x7F]|[\\[\\]]') THEN CASE WHEN __athena_fail_bool(${NOT_LOCAL}) THEN NULL END
     WHEN regexp_matches(s, '[^A-Za-z0-9_.!~*''();/?:@&=+$,%#-]') THEN NULL
     WHEN contains(regexp_replace(s, '%[0-9A-Fa-f]{2}', '', 'g'), '%') THEN NULL
     WHEN length(s) - length(replace(s, '#', '')) > 1 OR starts_with(s, ':') THEN NULL
     ELSE list_transform([${PARTS}], m -> CASE
       WHEN m.x1 <> '' AND NOT regexp_full_match(m.scheme, '[A-Za-z][A-Za-z0-9+.-]*') THEN NULL
       WHEN m.x1 <> '' AND m.x3 = '' AND NOT starts_with(m.path, '/') THEN
         CASE WHEN m.path = '' AND m.x6 = '' THEN NULL
           ELSE struct_pack(scheme := m.scheme, host := '', port := NULL::BIGINT, path := '', raw_query := NULL::VARCHAR,
             fragment := m.fragment, opaque := true) END
       WHEN m.x3 <> '' AND m.authority = '' AND m.path = '' AND m.x6 = '' AND m.x8 = '' THEN NULL
       ELSE struct_pack(scheme := m.scheme, host := __athena_url_server(m.authority).host,
         port := __athena_url_server(m.authority).port, path := m.path,
         raw_query := CASE WHEN m.x6 = '' THEN NULL ELSE m.query END, fragment := m.fragment, opaque := false) END)[1]
     END)[1]`,
  // [userinfo@]host[:port] as a server, or registry-based (host '', no port) when it is not one.
  `__athena_url_server(a) AS list_transform(
     [regexp_extract(a, '^(([^@]*)@)?([^:]*)(:(.*))?$', ['x', 'userinfo', 'host', 'y', 'port'])], p -> CASE
       WHEN regexp_full_match(p.userinfo, '[A-Za-z0-9_.!~*''();:&=+$,%-]*')
         AND (regexp_full_match(p.host, '${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}') OR regexp_full_match(p.host, '${HOSTNAME}'))
         AND regexp_full_match(p.port, '[0-9]*') AND (length(p.port) < 10 OR CAST(p.port AS HUGEINT) <= 2147483647)
       THEN struct_pack(host := p.host, port := CASE WHEN p.port = '' THEN NULL ELSE CAST(p.port AS BIGINT) END)
       ELSE struct_pack(host := '', port := NULL::BIGINT) END)[1]`,
  // URLDecoder: + is a space; the escapes must be whole.
  `__athena_url_decode(s) AS CASE
     WHEN contains(regexp_replace(s, '%[0-9A-Fa-f]{2}', '', 'g'), '%')
       THEN __athena_fail_text('URLDecoder: Illegal hex characters in escape (%) pattern')
     ELSE url_decode(replace(s, '+', ' ')) END`,
  // Guava's urlFormParameterEscaper: letters, digits and -_.* as they are, a space as +, the rest as %XX of UTF-8.
  `__athena_url_encode(s) AS array_to_string(list_transform(range(1, length(s) + 1), i -> list_transform([substr(s, i, 1)], c ->
     CASE WHEN regexp_full_match(c, '[A-Za-z0-9_.*-]') THEN c WHEN c = ' ' THEN '+'
       ELSE regexp_replace(hex(encode(c)), '(..)', '%\\1', 'g') END)[1]), '')`,
  `__athena_url_parameter(u, name) AS list_transform([__athena_url_parts(u)], p -> CASE
     WHEN p IS NULL OR p.raw_query IS NULL THEN NULL
     ELSE list_transform([list_filter(string_split(p.raw_query, '&'), arg -> split_part(arg, '=', 1) = name)], found ->
       CASE WHEN len(found) = 0 THEN NULL
         WHEN NOT contains(found[1], '=') THEN ''
         ELSE __athena_url_decode(substr(found[1], strpos(found[1], '=') + 1)) END)[1] END)[1]`,
];
