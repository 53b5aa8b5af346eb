// The benchmark's page: a social timeline built by page script, as React-style apps build theirs
// (no whitespace text nodes, hashtags as links). `timeline.html?posts=N` builds N posts; about 1%
// carry a flagged hashtag (#SoftCoup, #WeSupportCorbyn in several spellings) and 10% an unflagged
// one. Everything is deterministic: post i is the same on every run. `window.HCBench` lets the
// benchmark append, edit, scroll, run a per-frame ticker and simulate minutes of DOM churn.
'use strict'
;(() => {
  const FLAGGED = ['SoftCoup', 'WeSupportCorbyn', 'softcoup', 'SOFTCOUP', 'wesupportcorbyn']
  const TOPICS = ['Budget', 'Election', 'Climate', 'Housing', 'Energy', 'Health', 'Jobs', 'Tax']
  const WORDS = (
    'the council voted on tuesday after a long debate about local services while residents ' +
    'asked why the plan changed again and who would pay for it this year or next one said ' +
    'that nothing had been decided yet but everyone expected news before the weekend'
  ).split(' ')
  const NAMES = ['Alex', 'Sam', 'Robin', 'Kim', 'Jo', 'Chris', 'Pat', 'Lee', 'Max', 'Ash']
  const SURNAMES = ['Smith', 'Jones', 'Khan', 'Garcia', 'Novak', 'Okafor', 'Li', 'Silva']

  /** Deterministic pseudo-random numbers for post i (mulberry32). */
  function rng(seed) {
    let a = seed >>> 0
    return () => {
      a = (a + 0x6d2b79f5) >>> 0
      let t = a
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }

  function el(tag, className, ...children) {
    const node = document.createElement(tag)
    if (className) node.className = className
    for (const child of children) node.append(child)
    return node
  }

  function words(random, count) {
    const out = []
    for (let k = 0; k < count; k++) out.push(WORDS[Math.floor(random() * WORDS.length)])
    return out.join(' ')
  }

  // `timeline.html?posts=N&extra=A,B`: post 1000k + 255 carries the k-th extra hashtag (tags
  // that only an index pack flags, say), as a link; without it the page is as before.
  const EXTRA = (new URLSearchParams(location.search).get('extra') ?? '').split(',').filter(Boolean)

  /** Which hashtag post i carries: a flagged one (1%), an unflagged one (10%) or none. */
  function tagOf(i) {
    if (i % 1000 === 255 && EXTRA[(i - 255) / 1000] !== undefined) return EXTRA[(i - 255) / 1000]
    if (i % 100 === 50) return FLAGGED[Math.floor(i / 100) % FLAGGED.length]
    if (i % 10 === 3) return TOPICS[i % TOPICS.length] + ((i * 7) % 300)
    return null
  }

  /** Post i as a detached element. */
  function makePost(i) {
    const random = rng(i + 1)
    const name = NAMES[i % NAMES.length] + ' ' + SURNAMES[i % SURNAMES.length]
    const body = el('div', 'text', words(random, 6 + Math.floor(random() * 20)) + ' ')
    const tag = tagOf(i)
    if (tag !== null) {
      if (i % 200 < 100) {
        // As sites render it: the tag is a link, its own text node.
        const link = el('a', 'tag', '#' + tag)
        link.href = '/hashtag/' + tag
        body.append(link, ' ' + words(random, 5) + '.')
      } else {
        body.append('then #' + tag + ' ' + words(random, 5) + '.')
      }
    } else if (i % 50 === 7) {
      // A hash sign that is no hashtag: still has to be tokenised.
      body.append('issue #' + (i % 97) + ' is still open.')
    }
    const time = el('time', null, (i % 23) + 1 + 'h')
    time.dateTime = '2026-01-01T00:00:00Z'
    const head = el(
      'div',
      'head',
      el('span', 'avatar'),
      el('a', 'name', name),
      el('span', 'handle', '@user' + i),
      el('span', 'dot', '·'),
      time,
    )
    const actions = el(
      'div',
      'actions',
      el('button', null, 'Reply ', el('span', null, String(i % 40))),
      el('button', null, 'Repost ', el('span', null, String(i % 17))),
      el('button', null, 'Like ', el('span', null, String(i % 113))),
    )
    const post = el('article', 'post', head, body, actions)
    post.dataset.i = String(i)
    return post
  }

  const feed = document.getElementById('feed')
  let next = 0

  function build(count) {
    const fragment = document.createDocumentFragment()
    for (let k = 0; k < count; k++) fragment.append(makePost(next++))
    feed.append(fragment)
  }

  /** A text node in post element `post` that holds a flagged tag, or null. */
  function flaggedText(post) {
    const walker = document.createTreeWalker(post, NodeFilter.SHOW_TEXT)
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (/#(softcoup|wesupportcorbyn)\b/i.test(t.data)) return t
    }
    return null
  }

  let tickerFrames = 0
  let tickerOn = false
  let tickerTimes = []
  const bar = el('div', 'progress')
  document.body.append(el('div', 'player', bar))
  function tick(now) {
    if (!tickerOn) return
    tickerFrames++
    tickerTimes.push(now)
    // A video player's progress bar: one style change (and layout) per frame.
    bar.style.width = (tickerFrames % 1000) / 10 + '%'
    requestAnimationFrame(tick)
  }

  window.HCBench = {
    posts: () => next,
    /** Appends `count` posts at the end; returns the time just before. */
    append(count) {
      const start = performance.now()
      build(count)
      return start
    },
    /** Replaces the data of post i's body text with one that holds a flagged tag. */
    edit(i) {
      const text = document.querySelector(`article[data-i="${i}"] .text`).firstChild
      const start = performance.now()
      text.data = 'edited: the vote was called a #SoftCoup by critics ' + i + ' '
      return start
    },
    /** Indexes of posts with a flagged tag (the first `limit` from post `from`). */
    flaggedPosts(from, limit) {
      const out = []
      for (let i = from; i < next && out.length < limit; i++) {
        if (tagOf(i) !== null && i % 100 === 50) out.push(i)
      }
      return out
    },
    /** Scrolls post i to the middle of the viewport; returns the centre of its flagged tag. */
    revealTag(i) {
      const post = document.querySelector(`article[data-i="${i}"]`)
      post.scrollIntoView({ block: 'center' })
      const text = flaggedText(post)
      const match = /#(softcoup|wesupportcorbyn)\b/i.exec(text.data)
      const range = document.createRange()
      range.setStart(text, match.index)
      range.setEnd(text, match.index + match[0].length)
      const r = range.getBoundingClientRect()
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 }
    },
    /** Scrolls to a fraction (0 top, 1 end) of the page. */
    scrollToFraction(f) {
      const max = document.documentElement.scrollHeight - innerHeight
      window.scrollTo(0, Math.round(max * f))
    },
    tickerStart() {
      tickerOn = true
      tickerFrames = 0
      tickerTimes = []
      requestAnimationFrame(tick)
    },
    /** Stops the ticker; returns how many frames it ran. */
    tickerStop() {
      tickerOn = false
      return tickerFrames
    },
    /**
     * The ticker's frame rate so far, as the page sees it: frames per second between its first
     * and last requestAnimationFrame callback (0 with fewer than two).
     */
    tickerFps() {
      const n = tickerTimes.length
      return n < 2 ? 0 : ((n - 1) * 1000) / (tickerTimes[n - 1] - tickerTimes[0])
    },
    /**
     * One simulated second of a busy timeline: a new post on top and the oldest removed (a
     * virtualised feed keeps its size), 20 live timestamps rewritten (text replaced), one post
     * edited in place, and every 10th second a block of 20 posts re-rendered (nodes replaced).
     */
    churnSecond(second) {
      const posts = feed.children
      feed.prepend(makePost(next++))
      feed.lastElementChild.remove()
      for (let k = 0; k < 20; k++) {
        const post = posts[(second * 37 + k * 101) % posts.length]
        post.querySelector('time').textContent = (second % 59) + 1 + 's'
      }
      const edited = posts[(second * 13) % posts.length].querySelector('.text').firstChild
      if (edited && edited.nodeType === Node.TEXT_NODE) edited.data = edited.data + ' ' + second
      if (second % 10 === 0) {
        const from = (second * 7) % Math.max(1, posts.length - 20)
        for (let k = 0; k < 20; k++) {
          const old = posts[from + k]
          old.replaceWith(makePost(Number(old.dataset.i)))
        }
      }
    },
  }

  build(Number(new URLSearchParams(location.search).get('posts') ?? '1000'))
  // Laid out before the content script starts (document_idle), as a page that has rendered is:
  // otherwise the first layout of a long page would land inside the extension's measured time.
  void document.documentElement.offsetHeight
})()
