/**
 * Feature dictionaries, merged into the shell's (src/i18n/index.ts). To add a feature: create
 * `<feature>.ts` exporting `export const <feature>Strings = defineStrings({ zh: {...}, en: {...} })`
 * (keys prefixed with the feature name), import it here and add one spread to each of zh and en.
 */
import { meetingsStrings } from './meetings'
import { mediationStrings } from './mediation'

export const featureDictionaries = {
  zh: {
    ...meetingsStrings.zh,
    ...mediationStrings.zh,
  },
  en: {
    ...meetingsStrings.en,
    ...mediationStrings.en,
  },
}
