import { describe, expect, it } from 'vitest';
import { parseGatlingStats, reportFileFromOutput } from '../../../gatling/verify/gatling-stats.ts';

const HEADERS = [
  'Total',
  'OK',
  'KO',
  '% KO',
  '<abbr title="Count of events per second">Cnt/s</abbr>',
  'Min',
  '50th pct',
  '75th pct',
  '95th pct',
  '99th pct',
  'Max',
  'Mean',
  '<abbr title="Standard Deviation">Std Dev</abbr>',
];

/** The statistics table of a Gatling 3.15.1 index.html, as it lays it out. */
function report(rows: readonly { id: string; name: string; values: readonly string[] }[]): string {
  const head = HEADERS.map((label, i) => `<th id="col-${i + 2}" class="header sortable"><span>${label}</span></th>`);
  const body = rows.map(
    ({ id, name, values }) => `<tr id="${id}" data-parent="ROOT">
  <td class="total col-1">
    <div class="expandable-container">
          <span class="table-cell-tooltip" id="parent-stats-table-${id}" data-toggle="popover" data-placement="right" data-container="body" data-content="">
            <span onmouseover="isEllipsed('stats-table-${id}')" id="stats-table-${id}" class="ellipsed-name">${name}</span>
          </span>
    </div>
  </td>
${values.map((value, i) => `  <td class="value ${i === 1 ? 'ok' : i === 2 || i === 3 ? 'ko' : 'total'} col-${i + 2}">${value}</td>`).join('\n')}
</tr>`,
  );
  return `<html><table><thead><tr><th rowspan="2" id="col-1" class="header sortable sorted-up"><span>Requests</span></th></tr>
<tr>${head.join('\n')}</tr></thead><tbody>${body.join('')}</tbody></table></html>`;
}

describe('parseGatlingStats', () => {
  it('reads the global row and each request row of the statistics table', () => {
    // Prepare
    const html = report([
      {
        id: 'ROOT',
        name: 'All Requests',
        values: ['91234', '91230', '4', '0', '1369.48', '1', '3', '5', '21', '87', '1204', '6', '19'],
      },
      {
        id: 'req_post--bid-464887278',
        name: 'POST /bid',
        values: ['60000', '60000', '0', '0', '900.6', '1', '3', '5', '20', '85', '1204', '6', '18'],
      },
      {
        id: 'req_post--click-81096249',
        name: 'POST /click &amp; more',
        values: ['0', '0', '0', '-', '0', '-', '-', '-', '-', '-', '-', '-', '-'],
      },
    ]);

    // Act
    const stats = parseGatlingStats(html, 'index.html');

    // Assess
    expect(stats).toStrictEqual({
      global: {
        name: 'All Requests',
        total: 91_234,
        ok: 91_230,
        ko: 4,
        perSecond: 1369.48,
        responseTimeMs: { min: 1, p50: 3, p75: 5, p95: 21, p99: 87, max: 1204, mean: 6, stdDev: 19 },
      },
      requests: [
        {
          name: 'POST /bid',
          total: 60_000,
          ok: 60_000,
          ko: 0,
          perSecond: 900.6,
          responseTimeMs: { min: 1, p50: 3, p75: 5, p95: 20, p99: 85, max: 1204, mean: 6, stdDev: 18 },
        },
        {
          name: 'POST /click & more',
          total: 0,
          ok: 0,
          ko: 0,
          perSecond: 0,
          responseTimeMs: {
            min: null,
            p50: null,
            p75: null,
            p95: null,
            p99: null,
            max: null,
            mean: null,
            stdDev: null,
          },
        },
      ],
    });
  });

  it('rejects a report without the All Requests row', () => {
    // Prepare
    const html = report([{ id: 'req_x', name: 'POST /bid', values: Array(13).fill('1') }]);

    // Act + Assess
    expect(() => parseGatlingStats(html, 'r/index.html')).toThrow(
      'r/index.html is not a Gatling 3.15 report: no All Requests row',
    );
  });

  it('rejects a page without a statistics table', () => {
    expect(() => parseGatlingStats('<html></html>', 'r/index.html')).toThrow(
      'r/index.html is not a Gatling 3.15 report: no statistics table',
    );
  });

  it('rejects a count that is not a number', () => {
    // Prepare
    const values = ['1,204', '1', '0', '0', '1', '1', '1', '1', '1', '1', '1', '1', '1'];

    // Act + Assess
    expect(() => parseGatlingStats(report([{ id: 'ROOT', name: 'All Requests', values }]), 'index.html')).toThrow(
      'index.html is not a Gatling 3.15 report: All Requests: Total is "1,204"',
    );
  });
});

describe('reportFileFromOutput', () => {
  it('finds the report Gatling names at the end of its output', () => {
    // Prepare
    const output = [
      'Generating reports...',
      'Reports generated, please open the following file: file:///work/main/gatling/target/gatling/apiperformancetest-20261122052617609/index.html',
      'Global: percentage of failed events is less than or equal to 0.0 : true (actual : 0.0)',
    ].join('\n');

    // Act
    const file = reportFileFromOutput(output);

    // Assess
    expect(file).toBe('/work/main/gatling/target/gatling/apiperformancetest-20261122052617609/index.html');
  });

  it('finds none when the run generated no report', () => {
    expect(reportFileFromOutput('[ERROR] Failed to execute goal io.gatling:gatling-maven-plugin')).toBeUndefined();
  });
});
