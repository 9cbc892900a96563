import './zodConfig'
import { render } from 'solid-js/web'
import { App } from './ui/App'
import { registerServiceWorker } from './ui/serviceWorker'
import { locale } from './i18n'
import { startPhotoSync } from './ui/proposals/photoSync'
import { applyStoredTypeScale } from './ui/typeScale'
import './ui/app.css'

document.documentElement.lang = locale()
applyStoredTypeScale()
const root = document.getElementById('app')
if (root) render(() => <App />, root)
registerServiceWorker()
startPhotoSync()
