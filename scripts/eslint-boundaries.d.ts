import type { Linter } from 'eslint'

/** One flat-config block per layer of src/, each with its no-restricted-imports patterns. */
declare const boundaries: Linter.Config[]
/** Bans HTML sinks (innerHTML and friends) in src/. */
export declare const noHtmlSinks: Linter.Config
export default boundaries
