/**
 * Serves the benchmark's pages (bench/pages) on 127.0.0.1 and a free port: content scripts run
 * only on http(s) pages, and the loopback address keeps everything on this machine.
 */
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

const PAGES = path.join(import.meta.dirname, '..', 'pages')
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
}

/** A running server: `url` ends with a slash. */
export interface PageServer {
  url: string
  close(): Promise<void>
}

/** Starts the server. */
export async function servePages(): Promise<PageServer> {
  const server = createServer((request, response) => {
    const name = path.basename(new URL(request.url ?? '/', 'http://x').pathname)
    const type = TYPES[path.extname(name)]
    if (request.method !== 'GET' || !type) {
      response.writeHead(404).end()
      return
    }
    readFile(path.join(PAGES, name)).then(
      (body) =>
        response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body),
      () => response.writeHead(404).end(),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
