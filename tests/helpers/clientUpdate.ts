import * as Y from 'yjs'

/** The update a client sends when it has `base` and then runs `edit`: only what `edit` adds. */
export function updateFrom(base: Y.Doc, edit: (d: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(base))
  const sv = Y.encodeStateVector(client)
  edit(client)
  return Y.encodeStateAsUpdate(client, sv)
}
