import { writeFileSync } from 'node:fs'
import { renderSecurityDoc } from './securityDoc'

writeFileSync(new URL('../../docs/security.md', import.meta.url), renderSecurityDoc())
console.log('docs/security.md written')
