/**
 * Vite plugin: `import index from 'virtual:fact-index'` gives the CompiledIndex built from data/
 * at build time, so the extension ships the index inside its bundle (no fetch, works offline) and
 * vitest tests see exactly what ships. Bad data fails the build with every error listed.
 */
import path from 'node:path'
import type { Plugin, ViteDevServer } from 'vite'
import { compileIndex, formatBuildError } from '../src/index/compile.ts'
import { absolutePaths, DATA_SUBDIRS, readDataFiles } from './lib/read-data.ts'

/** The id code imports. */
export const VIRTUAL_ID = 'virtual:fact-index'
// The \0 prefix tells other plugins (and Vite's file-system checks) that this is not a file.
const RESOLVED_ID = `\0${VIRTUAL_ID}`

/** Options of factIndex(). */
export interface FactIndexOptions {
  /** The data folder, absolute or relative to the Vite root. Default: data. */
  dataDir?: string
}

/** The plugin that serves 'virtual:fact-index'. */
export function factIndex(options: FactIndexOptions = {}): Plugin {
  let root = process.cwd()
  const dataDir = (): string => path.resolve(root, options.dataDir ?? 'data')

  const invalidate = (server: ViteDevServer, file: string): void => {
    const dir = dataDir()
    const inData = DATA_SUBDIRS.some((sub) => path.dirname(file) === path.join(dir, sub))
    if (!inData || !file.endsWith('.json')) return
    for (const environment of Object.values(server.environments)) {
      const mod = environment.moduleGraph.getModuleById(RESOLVED_ID)
      if (mod) environment.moduleGraph.invalidateModule(mod)
    }
    server.ws.send({ type: 'full-reload' })
  }

  return {
    name: 'hashtag-context:fact-index',
    configResolved(config) {
      root = config.root
    },
    configureServer(server) {
      // addWatchFile covers edits to files that exist; a new or deleted entry changes the set of
      // files, which only a watch on the folders sees.
      server.watcher.add(DATA_SUBDIRS.map((sub) => path.join(dataDir(), sub)))
      for (const event of ['add', 'unlink', 'change'] as const) {
        server.watcher.on(event, (file: string) => invalidate(server, file))
      }
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined
      const files = await readDataFiles(dataDir(), root)
      for (const file of absolutePaths(files, root)) this.addWatchFile(file)
      const result = compileIndex(files)
      if (!result.ok) {
        const lines = result.errors.map(formatBuildError)
        throw new Error(
          `fact index: ${lines.length} error(s) in ${dataDir()}:\n${lines.join('\n')}`,
        )
      }
      for (const warning of result.warnings) this.warn(formatBuildError(warning))
      // JSON.parse of a string literal: parsed faster than an object literal, and a key such as
      // "__proto__" stays data instead of setting the prototype.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(result.index))})\n`
    },
  }
}
