// The installed command as a user runs it: plain `node bin/hashtag-context.js` on the build.
import { spawnSync } from 'node:child_process'
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
      hashtags: [{ tag: 'WeSupportCorbyn', start: 2, end: 18, entry: 'wesupportcorbyn' }],
    })
  })

  it('exits 2 with a one-line error for a missing file', () => {
    const r = cli(['scan', '/nonexistent/file.txt'])
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })
})
