import { totalsBy } from '../cost-model.ts';
import { usd } from '../report-format.ts';
import type { Scenario } from './scenarios.ts';

/*
 * The cost-breakdown chart of docs/cost.md, drawn as SVG by hand: one horizontal bar per scenario,
 * stacked by service, on a shared linear scale. No charting service, no dependency.
 */

const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];
const OTHER = 'Other services';

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The services that get their own colour: the largest across the scenarios; the rest are "Other". */
function legendServices(scenarios: readonly Scenario[], slots: number): string[] {
  const totals = new Map<string, number>();
  for (const scenario of scenarios) {
    for (const { name, monthly } of totalsBy(scenario.estimate, 'service')) {
      totals.set(name, Math.max(totals.get(name) ?? 0, monthly));
    }
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, slots)
    .map(([name]) => name);
}

export function costBreakdownSvg(title: string, scenarios: readonly Scenario[]): string {
  const services = legendServices(scenarios, PALETTE.length - 1);
  const colour = (service: string) => PALETTE[services.indexOf(service)] ?? (PALETTE.at(-1) as string);
  const width = 980;
  const labelWidth = 330;
  const totalWidth = 90;
  const barArea = width - labelWidth - totalWidth - 20;
  const barHeight = 24;
  const gap = 12;
  const top = 48;
  const max = Math.max(...scenarios.map((s) => s.estimate.monthly));
  const scale = (value: number) => (value / max) * barArea;

  const bars = scenarios.map((scenario, row) => {
    const y = top + row * (barHeight + gap);
    const groups = new Map<string, number>();
    for (const { name, monthly } of totalsBy(scenario.estimate, 'service')) {
      const key = services.includes(name) ? name : OTHER;
      groups.set(key, (groups.get(key) ?? 0) + monthly);
    }
    let x = labelWidth;
    const segments = [...services, OTHER]
      .filter((service) => (groups.get(service) ?? 0) > 0)
      .map((service) => {
        const w = scale(groups.get(service) ?? 0);
        const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${colour(service)}"><title>${escapeXml(`${scenario.label}: ${service} ${usd(groups.get(service) ?? 0)} a month`)}</title></rect>`;
        x += w;
        return rect;
      });
    return [
      `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escapeXml(scenario.label)}</text>`,
      ...segments,
      `<text x="${(x + 6).toFixed(1)}" y="${y + 16}">${escapeXml(usd(scenario.estimate.monthly))}</text>`,
    ].join('\n  ');
  });

  const legendTop = top + scenarios.length * (barHeight + gap) + 8;
  const legend = [...services, OTHER].map((service, i) => {
    const x = 20 + (i % 4) * 240;
    const y = legendTop + Math.floor(i / 4) * 22;
    return `<rect x="${x}" y="${y}" width="14" height="14" fill="${colour(service)}"/><text x="${x + 20}" y="${y + 12}">${escapeXml(service)}</text>`;
  });
  const height = legendTop + Math.ceil((services.length + 1) / 4) * 22 + 12;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `  <rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `  <text x="20" y="28" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    `  ${bars.join('\n  ')}`,
    `  ${legend.join('\n  ')}`,
    '</svg>',
    '',
  ].join('\n');
}
