/**
 * Marks near the viewport are drawn, far ones are not; the intersection observer that
 * decides it watches only while things move (marks.ts). These tests move marks in the ways a
 * page does and check what a reader would see: the mark drawn once it comes near.
 */
import { describe, expect, it, vi } from 'vitest'
import { page, startTestApp } from './test-support/app.ts'
import { paintedTags } from './test-support/marks-view.ts'

async function settled() {
  const t = startTestApp()
  await t.app.settled()
  return t
}

const painted = (tag: string): boolean => paintedTags().includes(tag)

describe('marks: drawn near the viewport, watched while things move', () => {
  it('draws a far mark that a layout change brings near, with no scroll and no change of text', async () => {
    const root = page('<div style="height: 6000px"></div><p>later #SoftCoup</p>')
    await settled()
    // Well past the observer's watching time after the scan.
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect(painted('#SoftCoup')).toBe(false)
    ;(root.firstElementChild as HTMLElement).style.height = '10px'
    await vi.waitFor(() => expect(painted('#SoftCoup')).toBe(true), { timeout: 3_000 })
  })

  it('draws a mark scrolled into view long after the page last changed', async () => {
    const root = page('<div style="height: 6000px"></div><p>later #WeSupportCorbyn</p>')
    await settled()
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect(painted('#WeSupportCorbyn')).toBe(false)
    root.lastElementChild?.scrollIntoView()
    try {
      await vi.waitFor(() => expect(painted('#WeSupportCorbyn')).toBe(true))
    } finally {
      window.scrollTo(0, 0)
    }
  })

  it('takes the mark away again once it is scrolled far off', async () => {
    const root = page('<p>first #SoftCoup</p><div style="height: 8000px"></div><p>end</p>')
    await settled()
    await vi.waitFor(() => expect(painted('#SoftCoup')).toBe(true))
    await new Promise((resolve) => setTimeout(resolve, 800))
    root.lastElementChild?.scrollIntoView()
    try {
      await vi.waitFor(() => expect(painted('#SoftCoup')).toBe(false))
    } finally {
      window.scrollTo(0, 0)
    }
  })

  it('does not list the flagged tags again when marks only come near or go far', async () => {
    const root = page(
      '<p>first #SoftCoup</p><div style="height: 8000px"></div><p>#WeSupportCorbyn</p>',
    )
    const { app, reports } = await settled()
    await vi.waitFor(() => expect(reports.at(-1)).toHaveLength(2))
    const listed = vi.spyOn(app.marks, 'ordered')
    try {
      root.lastElementChild?.scrollIntoView()
      await vi.waitFor(() => expect(painted('#WeSupportCorbyn')).toBe(true))
      window.scrollTo(0, 0)
      await vi.waitFor(() => expect(painted('#SoftCoup')).toBe(true))
      // Past the report's debounce (10 ms in tests) several times over.
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(listed).not.toHaveBeenCalled()
      // A change of the page's tags is still reported.
      root.lastElementChild!.textContent = 'gone'
      await vi.waitFor(() => expect(reports.at(-1)).toHaveLength(1))
    } finally {
      window.scrollTo(0, 0)
    }
  })
})
