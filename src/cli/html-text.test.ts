import { describe, expect, it } from 'vitest'
import { htmlToText } from './html-text.ts'

describe('htmlToText', () => {
  it('keeps body text and drops script, style, noscript, template, head and hidden elements', () => {
    const html =
      '<html><head><title>#InTitle</title><style>#InStyle{}</style></head><body>' +
      '<p>Read #Visible here</p><script>var a = "#InScript"</script><noscript>#InNoscript</noscript>' +
      '<template>#InTemplate</template><div hidden>#InHidden</div><textarea>#InTextarea</textarea>' +
      '</body></html>'
    const { text } = htmlToText(html)
    expect(text).toContain('#Visible')
    for (const hidden of [
      'InTitle',
      'InStyle',
      'InScript',
      'InNoscript',
      'InTemplate',
      'InHidden',
      'InTextarea',
    ]) {
      expect(text).not.toContain(hidden)
    }
  })

  it('separates block elements so a tag at the start of a paragraph is not glued to the last word', () => {
    expect(htmlToText('<p>word</p><p>#Tag</p>').text).toMatch(/word\s+#Tag/)
    expect(htmlToText('word<br>#Tag').text).toMatch(/word\s+#Tag/)
  })

  it('keeps inline elements together, as a browser renders them', () => {
    expect(htmlToText('abc<b>#Tag</b>').text).toBe('abc#Tag')
  })

  it('decodes entities, so &#35;Tag is the text #Tag', () => {
    expect(htmlToText('<p>&#35;SoftCoup &amp; more</p>').text).toContain('#SoftCoup & more')
  })

  it('maps text offsets back to the HTML source', () => {
    const html = '<body>\n<p>see <a href="/x">#SoftCoup</a></p></body>'
    const { text, sourceOffset } = htmlToText(html)
    const at = text.indexOf('#SoftCoup')
    expect(html.slice(sourceOffset(at), sourceOffset(at) + 9)).toBe('#SoftCoup')
  })
})
