import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { main } from '../../../local/cli.ts';

const COMMANDS = ['start', 'generate', 'sql', 'train', 'compact', 'erase', 'replay'];
const VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('sdp command line', () => {
  let out: MockInstance;
  let err: MockInstance;
  const printed = (spy: MockInstance) => spy.mock.calls.map((call) => call.join(' ')).join('\n');

  beforeEach(() => {
    out = vi.spyOn(console, 'log').mockImplementation(() => {});
    err = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('prints the version with --version and -v', async () => {
    // Act
    const long = await main(['--version']);
    const short = await main(['-v']);

    // Assess
    expect([long, short]).toStrictEqual([0, 0]);
    expect(printed(out)).toMatch(new RegExp(`^sdp ${VERSION.replaceAll('.', '\\.')} \\(node v\\d+`));
  });

  it.each(['--help', '-h', 'help'])('lists every command on stdout with %s', async (flag) => {
    // Act
    const code = await main([flag]);

    // Assess
    expect(code).toBe(0);
    for (const name of COMMANDS) expect(printed(out)).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(printed(err)).toBe('');
  });

  it('rejects no command with the overview on stderr and exit 2', async () => {
    expect(await main([])).toBe(2);
    expect(printed(err)).toContain('Usage: sdp <command> [options]');
    expect(printed(out)).toBe('');
  });

  it('rejects an unknown command on stderr with exit 2', async () => {
    expect(await main(['serve'])).toBe(2);
    expect(printed(err)).toMatch(/^sdp: unknown command "serve"/);
  });

  describe.each(COMMANDS)('sdp %s', (name) => {
    it.each(['--help', '-h'])('prints its usage and options with %s, exit 0', async (flag) => {
      // Act
      const code = await main([name, flag]);

      // Assess
      expect(code).toBe(0);
      expect(printed(out)).toMatch(new RegExp(`^Usage: sdp ${name}\\b`));
      expect(printed(out)).toMatch(/^ {2}-h, --help {2,}show this help$/m);
    });

    it('prints the same help through "sdp help <command>"', async () => {
      await main([name, '--help']);
      const direct = printed(out);
      out.mockClear();

      expect(await main(['help', name])).toBe(0);
      expect(printed(out)).toBe(direct);
    });

    it('rejects an unknown option in one line on stderr with exit 2', async () => {
      // Act
      const code = await main([name, '--no-such-option']);

      // Assess
      expect(code).toBe(2);
      expect(printed(err)).toBe(
        `sdp ${name}: Unknown option '--no-such-option'\nRun "sdp ${name} --help" for its options.`,
      );
      expect(printed(out)).toBe('');
    });
  });

  it('rejects a missing query with exit 2 and says what it expects', async () => {
    expect(await main(['sql'])).toBe(2);
    expect(printed(err)).toBe(
      'sdp sql: expects 1 argument ("<query>"), got none\nRun "sdp sql --help" for its options.',
    );
  });

  it('rejects a stray argument to a command that takes none', async () => {
    expect(await main(['compact', 'now'])).toBe(2);
    expect(printed(err)).toMatch(/^sdp compact: expects 0 arguments \(\), got "now"/);
  });

  it.each([
    [['erase'], 'sdp erase: --app-uid must be a non-empty array of app_uid strings'],
    [['erase', '--app-uid', ''], 'sdp erase: --app-uid[0] must be a string of 1 to 1024 characters'],
    [['erase', '--audit', '--app-uid', 'u'], 'sdp erase: --audit takes no --app-uid'],
    [['replay', '--to', '2027-01-01'], 'sdp replay: --from is required'],
    [
      ['replay', '--from', '2027-01-01', '--to', 'tomorrow'],
      'sdp replay: --to must be ISO-8601 (e.g. 2026-11-22T10:00:00Z) or epoch seconds, got "tomorrow"',
    ],
    [['replay', '--from', '2027-01-02', '--to', '2027-01-01'], 'sdp replay: --to must be after --from'],
  ])('rejects %j in one line with exit 2, changing nothing', async (args, message) => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'sdp-cli-'));
    vi.stubEnv('SDP_DATA_DIR', dataDir);

    // Act
    const code = await main(args);

    // Assess
    vi.unstubAllEnvs();
    const leftBehind = readdirSync(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
    expect({ code, err: printed(err), out: printed(out), leftBehind }).toStrictEqual({
      code: 2,
      err: `${message}\nRun "sdp ${args[0]} --help" for its options.`,
      out: '',
      leftBehind: [],
    });
  });

  it('rejects a bad option value with the option, the rule and the value', async () => {
    expect(await main(['generate', '--batch', '501'])).toBe(2);
    expect(printed(err)).toMatch(/^sdp generate: --batch must be a number greater than 0 and at most 500, got "501"$/m);
  });

  it('says what to do when train has nothing to learn from, exit 1', async () => {
    // Prepare: a data directory with no lake at all.
    const dataDir = mkdtempSync(join(tmpdir(), 'sdp-cli-'));
    vi.stubEnv('SDP_DATA_DIR', dataDir);

    // Act
    const code = await main(['train']);

    // Assess
    vi.unstubAllEnvs();
    rmSync(dataDir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(printed(out)).toMatch(/^no model trained: not enough labelled bids: 0 training rows/);
    expect(printed(err)).toBe(
      'Nothing to learn from yet: send traffic while the platform runs ("npx sdp generate"), then wait 300 s (SDP_ATTRIBUTION_WINDOW_SECONDS): a bid is labelled once its attribution window has passed.',
    );
  });

  it('reports a bad environment value in one line naming the variable and the value, exit 2', async () => {
    // Prepare
    vi.stubEnv('PORT', 'abc');

    // Act
    const code = await main(['generate', '--duration', '1']);

    // Assess
    vi.unstubAllEnvs();
    expect(code).toBe(2);
    expect(printed(err)).toBe('sdp generate: PORT must be an integer from 0 to 65535, got "abc"');
  });

  it.each([
    ['SDP_KINESIS_PORT', '65536', 'SDP_KINESIS_PORT must be an integer from 0 to 65535, got "65536"'],
    ['SDP_LAKE_FLUSH_SECONDS', '0', 'SDP_LAKE_FLUSH_SECONDS must be an integer from 1 to 3600, got "0"'],
    ['SDP_BCNS_SHARDS', '1.5', 'SDP_BCNS_SHARDS must be an integer from 1 to 64, got "1.5"'],
  ])('reports %s=%s in one line before doing anything, exit 2', async (variable, value, message) => {
    // Prepare
    vi.stubEnv(variable, value);

    // Act
    const code = await main(['compact']);

    // Assess
    vi.unstubAllEnvs();
    expect({ code, err: printed(err), out: printed(out) }).toStrictEqual({
      code: 2,
      err: `sdp compact: ${message}`,
      out: '',
    });
  });

  describe('sql --dialect', () => {
    beforeEach(async () => vi.stubEnv('SDP_DATA_DIR', await mkdtemp(join(tmpdir(), 'sdp-cli-sql-'))));
    afterEach(() => vi.unstubAllEnvs());

    it.each([
      [[], 'integer\n-------\n      3\n(1 row)'],
      [['--dialect', 'athena'], 'integer\n-------\n      3\n(1 row)'],
      [['--dialect', 'duckdb'], 'half\n----\n 3.5\n(1 row)'],
    ])("answers in Athena's SQL by default, in DuckDB's with --dialect duckdb (%j)", async (flags, table) => {
      // Act: Trino divides integers to an integer; DuckDB's `/` divides to a double.
      const athena = flags.includes('duckdb') ? 'SELECT 7 / 2 AS half' : 'SELECT 7 / 2 AS "integer"';
      const code = await main(['sql', ...flags, athena]);

      // Assess
      expect(code).toBe(0);
      expect(printed(out)).toBe(table);
    });

    it('rejects an unknown dialect with exit 2', async () => {
      expect(await main(['sql', '--dialect', 'sqlite', 'SELECT 1'])).toBe(2);
      expect(printed(err)).toMatch(/^sdp sql: --dialect must be one of athena, duckdb, got "sqlite"$/m);
    });

    it('fails with exit 2 naming a DuckDB-only function in the Athena dialect', async () => {
      expect(await main(['sql', "SELECT strftime(DATE '2026-11-20', '%Y')"])).toBe(2);
      expect(printed(err)).toBe(
        'Function strftime() is not Athena (Trino) SQL: Athena (engine v3) has no function of that name',
      );
    });
  });
});
