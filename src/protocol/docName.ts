/**
 * Document names (see docs/schema.md "Naming"). A name is `<type>:<id>` with optional further
 * `:<part>` segments, e.g. `notes:default`, `minutes:m_3fa9`. Names travel in URLs and storage keys,
 * so the pattern is deliberately narrow: lowercase type, ASCII id parts, at most 128 characters.
 * This is the wire-level check only; which names exist is src/domain/docTypes.ts.
 */
export const DOC_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}(:[A-Za-z0-9_-]{1,64}){1,3}$/
export const DOC_NAME_MAX_LENGTH = 128

export function isValidDocName(name: string): boolean {
  return name.length <= DOC_NAME_MAX_LENGTH && DOC_NAME_PATTERN.test(name)
}
