/**
 * A forward proxy on 127.0.0.1 that refuses everything and writes down what it was asked for.
 * The browsers under test send all non-loopback traffic here (Chromium `--proxy-server`,
 * Firefox's `network.proxy.*` prefs), so the list is every request that tried to leave the
 * machine, from any part of the browser: pages, extension pages, the extension's service worker
 * or event page. Nothing is forwarded: https gets a 403 to its CONNECT, plain http a 403 reply.
 */
import { createServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

/** A request that reached the proxy: `CONNECT host:443` or `GET http://host/path`. */
export interface ProxiedRequest {
  method: string
  target: string
}

/** A running proxy; `requests` grows as the browser asks. */
export interface RecordingProxy {
  port: number
  requests: ProxiedRequest[]
  close(): Promise<void>
}

/** Starts the proxy on a free loopback port. */
export async function startRecordingProxy(): Promise<RecordingProxy> {
  const requests: ProxiedRequest[] = []
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    let head = ''
    socket.on('data', (chunk) => {
      if (head.includes('\r\n')) return
      head += chunk.toString('latin1')
      const line = head.split('\r\n', 1)[0] ?? ''
      if (!head.includes('\r\n')) return
      const [method = '', target = ''] = line.split(' ')
      requests.push({ method, target })
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** The host of a proxied request (`www.example.org` for both CONNECT and absolute URIs). */
export function proxiedHost(request: ProxiedRequest): string {
  if (request.method === 'CONNECT') return request.target.replace(/:\d+$/, '')
  try {
    return new URL(request.target).hostname
  } catch {
    return request.target
  }
}
