/**
 * Feature dictionaries, merged into the shell's (src/i18n/index.ts). To add a feature: create
 * `<feature>.ts` exporting `export const <feature>Strings = defineStrings({ zh: {...}, en: {...} })`
 * (keys prefixed with the feature name), import it here and add one spread to each of zh and en.
 */
import { agreementStrings } from './agreement'
import { driveStrings } from './drive'
import { formsStrings } from './forms'
import { gridStrings } from './grid'
import { mediationStrings } from './mediation'
import { mediationCareStrings } from './mediationCare'
import { meetingsStrings } from './meetings'
import { proposalsStrings } from './proposals'
import { todayStrings } from './today'
import { syncStrings } from './sync'
import { receiptsStrings } from './receipts'
import { votingStrings } from './voting'
import { orgDashboardStrings } from './orgDashboard'
import { escalationStrings } from './escalation'
import { orgAdminStrings } from './orgAdmin'

export const featureDictionaries = {
  zh: {
    ...gridStrings.zh,
    ...votingStrings.zh,
    ...meetingsStrings.zh,
    ...proposalsStrings.zh,
    ...mediationStrings.zh,
    ...mediationCareStrings.zh,
    ...todayStrings.zh,
    ...syncStrings.zh,
    ...receiptsStrings.zh,
    ...agreementStrings.zh,
    ...driveStrings.zh,
    ...formsStrings.zh,
    ...orgDashboardStrings.zh,
    ...escalationStrings.zh,
    ...orgAdminStrings.zh,
  },
  en: {
    ...gridStrings.en,
    ...votingStrings.en,
    ...meetingsStrings.en,
    ...proposalsStrings.en,
    ...mediationStrings.en,
    ...mediationCareStrings.en,
    ...todayStrings.en,
    ...syncStrings.en,
    ...receiptsStrings.en,
    ...agreementStrings.en,
    ...driveStrings.en,
    ...formsStrings.en,
    ...orgDashboardStrings.en,
    ...escalationStrings.en,
    ...orgAdminStrings.en,
  },
}
