/** Ties a feature's English strings to its Chinese keys: a missing or extra key fails `tsc`. */
export function defineStrings<Z extends Record<string, string>>(d: { zh: Z; en: { [K in keyof Z]: string } }) {
  return d
}
