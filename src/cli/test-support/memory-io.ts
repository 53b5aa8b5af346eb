/** A CliIo over in-memory files, for the CLI's tests. */
import type { CliIo } from '../run.ts'

/** What a test reads back after a run. */
export interface MemoryIo {
  io: CliIo
  out: () => string
  err: () => string
  /** Files the run wrote (pack -o FILE). */
  written: Map<string, string>
}

const bytes = (v: string | Uint8Array): Uint8Array =>
  typeof v === 'string' ? new TextEncoder().encode(v) : v

/**
 * In-memory files (a path with a slash in it makes its folders) and standard input, handed over
 * in pieces of `piece` bytes, as a stream would.
 */
export function memoryIo(
  files: Record<string, string | Uint8Array> = {},
  stdin: string | Uint8Array = '',
  piece = 7,
): MemoryIo {
  let out = ''
  let err = ''
  const written = new Map<string, string>()
  const isDir = (path: string): boolean => Object.keys(files).some((f) => f.startsWith(path + '/'))
  const io: CliIo = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    stat: (path) =>
      Promise.resolve(
        files[path] !== undefined
          ? { directory: false, size: bytes(files[path]).length }
          : isDir(path)
            ? { directory: true, size: 0 }
            : null,
      ),
    list: (path) =>
      Promise.resolve([
        ...new Set(
          Object.keys(files)
            .filter((f) => f.startsWith(path + '/'))
            .map((f) => f.slice(path.length + 1).split('/')[0]!),
        ),
      ]),
    read: async function* (path) {
      const file = path === '-' ? stdin : files[path]
      if (file === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
      const all = bytes(file)
      for (let i = 0; i < all.length; i += piece)
        yield await Promise.resolve(all.subarray(i, i + piece))
    },
    writeFile: (path, text) => {
      written.set(path, text)
      return Promise.resolve()
    },
  }
  return { io, out: () => out, err: () => err, written }
}
