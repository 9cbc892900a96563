/**
 * Transaction origins for every change the server applies to an in-memory Y.Doc. Yjs passes the
 * origin to observers, so broadcast code can skip the sender and later audit code can tell a
 * client's edit from a server-side operation (load, migration, ...).
 */
export type ServerOrigin =
  | { readonly source: 'client'; readonly connId: string }
  | { readonly source: 'system'; readonly reason: string }

export const clientOrigin = (connId: string): ServerOrigin => ({ source: 'client', connId })
export const systemOrigin = (reason: string): ServerOrigin => ({ source: 'system', reason })

export function isServerOrigin(o: unknown): o is ServerOrigin {
  return (
    typeof o === 'object' &&
    o !== null &&
    ((o as ServerOrigin).source === 'client' || (o as ServerOrigin).source === 'system')
  )
}
