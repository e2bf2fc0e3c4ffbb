import { CONTEXT_SETTINGS } from '../lambda/domain/settings/context.ts';
import { LAMBDA_ENV, LOCAL_ENV, TOOLING_ENV } from '../lambda/domain/settings/environment.ts';
import { FLINK_PROPERTY_GROUPS } from '../lambda/domain/settings/flink.ts';
import { defaultText, type Setting } from '../lambda/domain/settings/setting.ts';

/*
 * The README's configuration tables, rendered from the settings spec (lambda/domain/settings/) and
 * written between `<!-- settings:<id> -->` and `<!-- /settings:<id> -->` by `npm run generate`.
 */

/** What a value may be, in a table cell. */
export function rangeText(setting: Setting): string {
  switch (setting.type) {
    case 'integer':
      return `${setting.min}–${setting.max}`;
    case 'boolean':
      return '`true`, `false`';
    case 'enum':
      return setting.values.map((value) => `\`${value}\``).join(', ');
    default:
      return setting.format ?? 'text';
  }
}

/** A Markdown table with aligned columns, as a formatter would leave it. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const settingsTable = (settings: readonly Setting[], first = 'Name') =>
  markdownTable(
    [first, 'Default', 'Range', 'Meaning', 'Read by'],
    settings.map((setting) => [
      `\`${setting.name}\``,
      defaultText(setting),
      rangeText(setting),
      setting.description,
      setting.readers.join(', '),
    ]),
  );

/** The tables of the root README, by marker id. */
export function readmeTables(): Record<string, string> {
  return {
    'local-env': settingsTable(Object.values(LOCAL_ENV)),
    context: settingsTable(CONTEXT_SETTINGS, 'Key'),
    'lambda-env': settingsTable(Object.values(LAMBDA_ENV)),
    'tooling-env': settingsTable(Object.values(TOOLING_ENV)),
  };
}

/** flink-job/README.md's table of runtime properties. */
export function flinkTables(): Record<string, string> {
  const rows = FLINK_PROPERTY_GROUPS.flatMap((group) =>
    Object.values(group.properties).map((property: Setting) => [
      `\`${group.id}\``,
      `\`${property.name}\``,
      property.name === 'stream.arn' && !group.required ? 'absent' : defaultText(property),
      rangeText(property),
      property.name === 'stream.arn' ? group.description : property.description,
    ]),
  );
  return { 'flink-properties': markdownTable(['Group ID', 'Key', 'Default', 'Range', 'Description'], rows) };
}

/** Replaces each marked block of `text` with its table; a marker missing from the file is an error. */
export function withTables(text: string, tables: Record<string, string>, file: string): string {
  let result = text;
  for (const [id, table] of Object.entries(tables)) {
    const block = new RegExp(`(<!-- settings:${id} -->\\n)[\\s\\S]*?(<!-- /settings:${id} -->)`);
    if (!block.test(result))
      throw new Error(`${file} has no <!-- settings:${id} --> ... <!-- /settings:${id} --> block`);
    result = result.replace(block, (_, open: string, close: string) => `${open}${table}\n${close}`);
  }
  return result;
}
