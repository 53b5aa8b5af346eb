/** The part of web-ext's programmatic API the scripts use (web-ext ships no type declarations). */
declare module 'web-ext' {
  interface BuildOptions {
    sourceDir: string
    artifactsDir: string
    filename?: string
    overwriteDest?: boolean
    ignoreFiles?: string[]
  }
  const webExt: {
    cmd: {
      build(
        options: BuildOptions,
        extra?: { showReadyMessage?: boolean },
      ): Promise<{ extensionPath: string }>
    }
  }
  export default webExt
}
