/** A problem found while compiling data/: where it is and what is wrong. */
export interface BuildError {
  /** Repo-relative file, e.g. data/entries/softcoup.json. */
  file: string
  /** Field path such as excerpts[1].quote; '' for the whole file. */
  path: string
  /** 1-based line of the field in the file; null when the problem has no single place. */
  line: number | null
  /** 1-based column, given for JSON syntax errors only. */
  column?: number
  message: string
}

/**
 * One line a curator can act on, in the `file:line` form editors and terminals turn into links:
 * `data/entries/softcoup.json:14 summary.sources[0]: unknown source id "huffpost-x"`.
 */
export function formatBuildError(e: BuildError): string {
  let where = e.file
  if (e.line !== null) where += `:${e.line}`
  if (e.line !== null && e.column !== undefined) where += `:${e.column}`
  return `${where}${e.path === '' ? '' : ` ${e.path}`}: ${e.message}`
}
