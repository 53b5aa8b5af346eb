/// <reference types="vite/client" />

declare module 'virtual:fact-index' {
  /** The fact index compiled from data/ at build time (scripts/vite-plugin-fact-index.ts). */
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports -- an ambient module cannot import a relative path
  const index: import('./index/types.ts').CompiledIndex
  export default index
}

/** package.json version, defined at build time. */
declare const __APP_VERSION__: string

/** True only in the benchmark's build (BENCH=1, vite.config.ts); absent in tests. */
declare const __BENCH__: boolean | undefined
