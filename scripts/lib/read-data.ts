/**
 * Reads the curator's files from data/ for compileIndex (src/index/compile.ts), which is pure and
 * sees only what this returns. Paths come back repo-relative with forward slashes so error
 * messages read the same on every OS and link in editors.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DataFile } from '../../src/index/compile.ts'

/** The repository root (this file is scripts/lib/read-data.ts). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/** The folders under the data directory that hold data files. */
export const DATA_SUBDIRS = ['entries', 'sources'] as const

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory()
  } catch {
    return false
  }
}

/**
 * Reads dataDir/entries/*.json and dataDir/sources/*.json in sorted order. Paths are relative to
 * `root` (default: the repository root). Throws a message naming the folder when the data
 * directory or one of its two folders is missing.
 */
export async function readDataFiles(dataDir: string, root: string = repoRoot): Promise<DataFile[]> {
  const absolute = path.resolve(dataDir)
  if (!(await isDirectory(absolute))) {
    throw new Error(
      `data directory not found: ${absolute} (expected it to hold entries/ and sources/ with one JSON file per entry and source)`,
    )
  }
  const files: DataFile[] = []
  for (const sub of DATA_SUBDIRS) {
    const dir = path.join(absolute, sub)
    if (!(await isDirectory(dir))) {
      throw new Error(`data directory ${absolute} has no ${sub}/ folder: expected ${dir}`)
    }
    const names = (await readdir(dir, { withFileTypes: true }))
      .filter((d) => d.isFile() && d.name.endsWith('.json'))
      .map((d) => d.name)
      .sort()
    for (const name of names) {
      const file = path.join(dir, name)
      files.push({
        path: path.relative(root, file).split(path.sep).join('/'),
        // A byte-order mark (some Windows editors add one) is not JSON.
        text: (await readFile(file, 'utf8')).replace(/^\uFEFF/, ''),
      })
    }
  }
  return files
}

/** The absolute paths of the files readDataFiles returned, for watchers. */
export function absolutePaths(files: DataFile[], root: string = repoRoot): string[] {
  return files.map((f) => path.resolve(root, f.path))
}
