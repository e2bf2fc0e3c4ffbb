/** One option of a command: what `parseArgs` needs, plus the line its help shows. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly default?: string | boolean;
  readonly multiple?: boolean;
  /** The value's placeholder in the help, e.g. `N` for `--rate N`. */
  readonly value?: string;
  readonly description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The parsed values of a command's options, typed from its specs. */
export type OptionValues<O extends OptionSpecs> = {
  readonly [K in keyof O]: O[K]['type'] extends 'boolean'
    ? boolean
    : O[K]['multiple'] extends true
      ? string[]
      : O[K]['default'] extends string
        ? string
        : string | undefined;
};

export interface CommandInput<O extends OptionSpecs> {
  readonly values: OptionValues<O>;
  readonly positionals: readonly string[];
}

/** A subcommand of `sdp`: its help is generated from these fields. */
export interface Command<O extends OptionSpecs = OptionSpecs> {
  readonly name: string;
  /** Positional arguments as the usage line shows them, e.g. `"<query>"`. */
  readonly args?: string;
  /** How many positional arguments it takes. @default { min: 0, max: 0 } */
  readonly positionals?: { readonly min: number; readonly max: number };
  /** One line for the command list. */
  readonly summary: string;
  /** Further lines for the command's own help. */
  readonly details?: string;
  readonly options: O;
  /** Does the work; resolves to the process's exit code. */
  run(input: CommandInput<O>): Promise<number>;
}

/** Keeps a command's option types when it is written as a literal. */
export function defineCommand<const O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}
