// asl-validator 4.0.0 ships no type declarations; this is the part of its API the checks use.
declare module 'asl-validator' {
  export interface AslValidation {
    readonly isValid: boolean;
    readonly errors: { readonly message: string }[];
    errorsText(separator?: string): string;
  }
  export default function aslValidator(definition: unknown): AslValidation;
}
