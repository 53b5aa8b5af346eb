/** Options page: mounts the Options component with the bundled index for its browser. */
import { render } from 'preact'
import index from 'virtual:fact-index'
import { t } from '../shared/i18n.ts'
import { Options } from '../ui/Options.tsx'
import '../ui/page.css'
import '../ui/card.css'

document.documentElement.lang = t('@@ui_locale').replace('_', '-')
document.title = t('optionsHeading')
const root = document.getElementById('app')
if (root) render(<Options index={index} />, root)
