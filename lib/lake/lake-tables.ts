import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { dataPrefix, manifestPrefix } from '../../lambda/domain/lake/lake-layout.ts';
import {
  LAKE_TABLES,
  LAKE_VIEWS,
  type LakeColumn,
  type LakeTable,
  type LakeView,
  viewSql,
} from '../../lambda/domain/lake/lake-tables.ts';

export interface LakeTablesProps {
  /** Glue database name; lowercase letters, digits and `_`, so Athena needs no quoting. */
  readonly databaseName: string;
  /** The lake bucket the tables read. */
  readonly bucket: s3.IBucket;
  /** First `dt` partition projection offers, YYYY-MM-DD. @default '2024-01-01' */
  readonly projectionStartDate?: string;
}

const SERDES = {
  json: 'org.openx.data.jsonserde.JsonSerDe',
  parquet: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
} as const;

const INPUT_FORMATS = {
  text: 'org.apache.hadoop.mapred.TextInputFormat',
  symlink: 'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat',
} as const;

const TEXT_OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

/** The prefix a table's partitions live under: raw files, or the symlink manifests of parquet_*. */
function tableRoot(table: LakeTable): string {
  return table.format === 'raw' ? dataPrefix('raw', table.stream) : manifestPrefix(table.stream);
}

/**
 * Partition projection on dt (UTC day) and hr (00–23): Athena computes partition locations from
 * these properties, so nothing registers partitions and no crawler runs.
 */
function projectionParameters(location: string, startDate: string): Record<string, string> {
  return {
    'projection.enabled': 'true',
    'projection.dt.type': 'date',
    'projection.dt.format': 'yyyy-MM-dd',
    'projection.dt.range': `${startDate},NOW`,
    'projection.dt.interval': '1',
    'projection.dt.interval.unit': 'DAYS',
    'projection.hr.type': 'integer',
    'projection.hr.range': '0,23',
    'projection.hr.digits': '2',
    'storage.location.template': `${location}dt=\${dt}/hr=\${hr}/`,
  };
}

/**
 * The Glue database and the eight tables of SPEC.md §7, columns from {@link LAKE_TABLES}.
 * raw_* read the gzip NDJSON directly; parquet_* read through symlink manifests, so that
 * compaction swaps a partition's files with one atomic manifest write.
 */
export class LakeTables extends Construct {
  readonly database: glue.CfnDatabase;
  /** The database name, as a reference that makes dependants wait for the database. */
  readonly databaseName: string;
  readonly tables: ReadonlyMap<string, glue.CfnTable>;

  constructor(scope: Construct, id: string, props: LakeTablesProps) {
    super(scope, id);
    const { databaseName, bucket, projectionStartDate = '2024-01-01' } = props;
    if (!/^[a-z][a-z0-9_]{0,254}$/.test(databaseName)) {
      throw new Error(`databaseName must be lowercase letters, digits and '_'. Received "${databaseName}"`);
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(projectionStartDate) || Number.isNaN(Date.parse(projectionStartDate))) {
      throw new Error(`projectionStartDate must be a date YYYY-MM-DD. Received "${projectionStartDate}"`);
    }
    const catalogId = Stack.of(this).account;
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId,
      databaseInput: { name: databaseName, description: 'Streaming Data Platform lake: raw_* and parquet_* tables' },
    });
    this.databaseName = this.database.ref;

    const tables = new Map<string, glue.CfnTable>();
    for (const table of LAKE_TABLES) {
      const location = bucket.s3UrlForObject(tableRoot(table));
      const cfnTable = new glue.CfnTable(this, table.name, {
        catalogId,
        databaseName: this.databaseName,
        tableInput: {
          name: table.name,
          description: `${table.stream} stream, ${table.format === 'raw' ? 'raw gzip NDJSON' : 'Parquet'}`,
          tableType: 'EXTERNAL_TABLE',
          partitionKeys: [
            { name: 'dt', type: 'string', comment: 'UTC day of arrival, YYYY-MM-DD' },
            { name: 'hr', type: 'string', comment: 'UTC hour of arrival, 00-23' },
          ],
          parameters: {
            EXTERNAL: 'TRUE',
            classification: table.format === 'raw' ? 'json' : 'parquet',
            ...(table.format === 'raw' ? { compressionType: 'gzip' } : {}),
            ...projectionParameters(location, projectionStartDate),
          },
          storageDescriptor: {
            columns: table.columns.map(({ name, type, comment }) => ({ name, type, comment })),
            location,
            ...(table.format === 'raw'
              ? {
                  inputFormat: INPUT_FORMATS.text,
                  outputFormat: TEXT_OUTPUT_FORMAT,
                  // One malformed line (a record put on the stream around the API) must not fail
                  // every query: the OpenX SerDe then reads it as a row of NULLs instead.
                  serdeInfo: { serializationLibrary: SERDES.json, parameters: { 'ignore.malformed.json': 'true' } },
                }
              : {
                  inputFormat: INPUT_FORMATS.symlink,
                  outputFormat: TEXT_OUTPUT_FORMAT,
                  serdeInfo: { serializationLibrary: SERDES.parquet, parameters: { 'serialization.format': '1' } },
                }),
          },
        },
      });
      tables.set(table.name, cfnTable);
    }
    for (const view of LAKE_VIEWS) {
      const cfnView = prestoView(this, view, databaseName, catalogId, this.databaseName);
      cfnView.addResourceDependency(tables.get(view.table.name) as glue.CfnTable);
      tables.set(view.name, cfnView);
    }
    this.tables = tables;
  }

  /** The Glue table of `name`, e.g. `parquet_bcns`. */
  table(name: string): glue.CfnTable {
    const table = this.tables.get(name);
    if (!table) throw new Error(`No lake table "${name}"; tables are ${[...this.tables.keys()].join(', ')}`);
    return table;
  }
}

const PARTITION_COLUMNS: readonly LakeColumn[] = [
  { name: 'dt', type: 'string', comment: 'UTC day of arrival, YYYY-MM-DD' },
  { name: 'hr', type: 'string', comment: 'UTC hour of arrival, 00-23' },
];

/**
 * An Athena view as a Glue table: Athena stores `CREATE VIEW` as a VIRTUAL_VIEW whose original text
 * is the base64 Presto view definition (SQL, schema, Trino column types), so CloudFormation can
 * create it without running a query. `sdp sql` creates the same view from the same SQL.
 */
function prestoView(
  scope: Construct,
  view: LakeView,
  schema: string,
  catalogId: string,
  databaseRef: string,
): glue.CfnTable {
  const columns = [...view.table.columns, ...PARTITION_COLUMNS];
  const definition = {
    originalSql: viewSql(view),
    catalog: 'awsdatacatalog',
    schema,
    columns: columns.map(({ name, type }) => ({ name, type: type === 'string' ? 'varchar' : type })),
  };
  return new glue.CfnTable(scope, view.name, {
    catalogId,
    databaseName: databaseRef,
    tableInput: {
      name: view.name,
      description: `View over ${view.table.name}`,
      tableType: 'VIRTUAL_VIEW',
      parameters: { presto_view: 'true', comment: 'Presto View' },
      viewOriginalText: `/* Presto View: ${Buffer.from(JSON.stringify(definition)).toString('base64')} */`,
      viewExpandedText: '/* Presto View */',
      storageDescriptor: {
        columns: columns.map(({ name, type, comment }) => ({ name, type, comment })),
        serdeInfo: {},
      },
    },
  });
}
