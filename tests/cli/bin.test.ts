// The installed command as a user runs it: plain `node bin/hashtag-context.js` on the build.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = join(root, 'bin/hashtag-context.js')

function cli(
  args: string[],
  input?: string,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, input, encoding: 'utf8' })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('bin/hashtag-context.js (built CLI)', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'dist/cli/hashtag-context.js'))) {
      throw new Error(
        'dist/cli/hashtag-context.js is missing: run "npm run build" before these tests',
      )
    }
  })

  it('scans a file and flags #SoftCoup', () => {
    const dir = mkdtempSync(join(tmpdir(), 'htc-'))
    const file = join(dir, 'post.txt')
    writeFileSync(file, 'The #SoftCoup has started. #cult\n')
    const r = cli(['scan', file])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('#SoftCoup')
    expect(r.stdout).toContain('1 flagged of 2 hashtags')
  })

  it('reads standard input and prints JSON', () => {
    const r = cli(['scan', '--json', '-'], 'x #WeSupportCorbyn')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      hashtags: [
        {
          tag: 'WeSupportCorbyn',
          start: 2,
          end: 18,
          entry: 'wesupportcorbyn',
          file: '<stdin>',
          line: 1,
          column: 3,
        },
      ],
    })
  })

  it('exits 2 with a one-line error for a missing file', () => {
    const r = cli(['scan', '/nonexistent/file.txt'])
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('ends quietly with status 0 when the reader closes the pipe early (| head -n 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'htc-'))
    const file = join(dir, 'many.txt')
    // far more output than a pipe buffers, so the writer meets the closed pipe
    writeFileSync(file, 'a #cult b #SoftCoup\n'.repeat(200_000))
    const child = spawn(process.execPath, [bin, 'scan', '--all', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const firstLine = await new Promise<string>((resolve) => {
      let got = ''
      child.stdout.on('data', (d: Buffer) => {
        got += d.toString()
        if (got.includes('\n')) {
          child.stdout.destroy() // what head does after its line: close the read end
          resolve(got.slice(0, got.indexOf('\n')))
        }
      })
    })
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(firstLine).toMatch(/many\.txt:1:3 {2}#cult/)
    expect(stderr).toBe('')
    expect(status).toBe(0)
  })

  it('prints no progress line when stderr is a pipe, even on a long input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'htc-'))
    const file = join(dir, 'long.txt')
    writeFileSync(file, 'words and words #SoftCoup\n'.repeat(400_000))
    const r = cli(['scan', '--summary', file])
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('400,000 flagged')
  })
})
