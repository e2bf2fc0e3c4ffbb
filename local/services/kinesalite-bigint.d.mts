/** Types of kinesalite-bigint.mjs (a plain module, because it runs in the emulator worker). */
export interface SequenceHelpers {
  parseSequence(seq: string): Record<string, unknown>;
  stringifySequence(obj: Record<string, unknown>): string;
  incrementSequence(seqObj: string | Record<string, unknown>, seqTime: number | undefined): string;
  partitionKeyToHashKey(partitionKey: string): unknown;
}
export declare const bigIntSequences: SequenceHelpers;
export declare function useBigIntSequences(db: object): void;
