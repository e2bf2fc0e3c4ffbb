/** How numbers read on the page; shared by every panel so a figure looks the same everywhere. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const metric = new Intl.NumberFormat('en-US', { minimumFractionDigits: 4, maximumFractionDigits: 4 });

/** Prices and spend are integers in micro-units of the account currency (1,500,000 = 1.50). */
export const MICROS = 1_000_000;

export function formatCount(value: number): string {
  return integer.format(value);
}

export function formatSpend(micros: number): string {
  return money.format(micros / MICROS);
}

export function formatRatio(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

export function formatMetric(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : metric.format(value);
}

/** A duration for people: `850 ms`, `12.3 s`, `4 min`, `2.5 h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** `2026-11-22T10:15:00Z` → `2026-11-22 10:15:00 UTC`. */
export function formatInstant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
