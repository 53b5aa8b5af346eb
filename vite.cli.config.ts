import { readFileSync } from 'node:fs'
import { defineConfig } from 'vite'
import { factIndex } from './scripts/vite-plugin-fact-index.ts'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string
}

/** Builds the command line into one Node ESM file with the fact index compiled in. */
export default defineConfig({
  plugins: [factIndex()],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'dist/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { entryFileNames: 'hashtag-context.js', format: 'es' } },
  },
  ssr: { noExternal: true, target: 'node' },
})
