/** Popup page: mounts the Popup component. */
import { render } from 'preact'
import { t } from '../shared/i18n.ts'
import { Popup } from '../ui/Popup.tsx'
import '../ui/page.css'

document.documentElement.lang = t('@@ui_locale').replace('_', '-')
document.title = t('extensionName')
const root = document.getElementById('app')
if (root) render(<Popup />, root)
