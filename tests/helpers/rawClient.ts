/**
 * A minimal Node sync client (ws + y-protocols) for tests and benchmarks. It speaks the same
 * protocol as the browser provider: sends step1 on open, answers the server's step1 with step2,
 * sends every local Y.Doc update as a sync update frame, and counts its update-bearing frames so it
 * knows which of them the server ACKed.
 *
 *   const c = await connectRawClient(server.wsUrl, 'notes:a')
 *   c.doc.getText('t').insert(0, 'hi')      // sent immediately as frame seq = c.sentSeq
 *   await c.waitAcked()                      // until every frame sent so far is ACKed
 *   await c.close()
 *
 * Reconnect with the same doc: `connectRawClient(url, name, { doc: old.doc })` (seq restarts at 1).
 */
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import {
  MESSAGE_ACK,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_REJECT,
  MESSAGE_SYNC,
  readAck,
  readReject,
  type Rejection,
} from '../../src/protocol/messages'

export interface RawClientOptions {
  /** Access token sent as `?token=` (servers with real access control need one). */
  token?: string
  /** Existing doc to sync (e.g. to reconnect); a fresh Y.Doc otherwise. */
  doc?: Y.Doc
  /** Resolve connectRawClient only after the initial sync (server's step2). Default true. */
  waitSynced?: boolean
  timeoutMs?: number
}

export interface SentFrame {
  seq: number
  kind: 'step2' | 'update'
  /** The Yjs update carried by the frame. */
  update: Uint8Array
}

export interface CloseInfo {
  code: number
  reason: string
}

export class RawClient {
  readonly doc: Y.Doc
  readonly awareness: awarenessProtocol.Awareness
  /** Number of update-bearing frames sent on this connection (= seq of the last one). */
  sentSeq = 0
  /** Highest ACK received. */
  ackedSeq = 0
  readonly rejects: Rejection[] = []
  readonly sent: SentFrame[] = []
  /** True once the server's step2 (answer to our step1) was applied. */
  synced = false
  /** Set when the socket closed. */
  closeInfo: CloseInfo | null = null
  readonly closed: Promise<CloseInfo>
  private listeners = new Set<() => void>()

  constructor(
    readonly ws: WebSocket,
    readonly docName: string,
    doc?: Y.Doc,
  ) {
    this.doc = doc ?? new Y.Doc()
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    ws.binaryType = 'nodebuffer'
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() }
        this.doc.off('update', this.onLocalUpdate)
        this.awareness.destroy()
        this.notify()
        resolve(this.closeInfo)
      })
    })
    ws.on('error', () => {}) // surfaced through `closed`
    ws.on('open', () => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, MESSAGE_SYNC)
      syncProtocol.writeSyncStep1(e, this.doc)
      ws.send(encoding.toUint8Array(e))
    })
    ws.on('message', (data: Buffer) => this.onMessage(new Uint8Array(data)))
    this.doc.on('update', this.onLocalUpdate)
  }

  /** Updates carried by frames the server has ACKed (excluding REJECTed ones). */
  ackedUpdates(): Uint8Array[] {
    const rejected = new Set(this.rejects.map((r) => r.seq))
    return this.sent.filter((f) => f.seq <= this.ackedSeq && !rejected.has(f.seq)).map((f) => f.update)
  }

  /** Sends raw bytes (for malformed-input tests). Does not count as update-bearing. */
  sendRaw(bytes: Uint8Array): void {
    this.ws.send(bytes)
  }

  /** Resolves when `pred()` holds; rejects after `timeoutMs` or when the socket closes first. */
  waitFor(pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (pred()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check)
        reject(new Error(`${this.docName}: timed out waiting for ${what} (acked ${this.ackedSeq}/${this.sentSeq})`))
      }, timeoutMs)
      const check = () => {
        if (pred()) {
          clearTimeout(timer)
          this.listeners.delete(check)
          resolve()
        } else if (this.closeInfo) {
          clearTimeout(timer)
          this.listeners.delete(check)
          reject(
            new Error(
              `${this.docName}: closed (${this.closeInfo.code} ${this.closeInfo.reason}) while waiting for ${what}`,
            ),
          )
        }
      }
      this.listeners.add(check)
    })
  }

  waitSynced(timeoutMs?: number): Promise<void> {
    return this.waitFor(() => this.synced, 'sync', timeoutMs)
  }

  /** Waits until ACK >= seq (default: everything sent so far). */
  waitAcked(seq = this.sentSeq, timeoutMs?: number): Promise<void> {
    return this.waitFor(() => this.ackedSeq >= seq, `ack ${seq}`, timeoutMs)
  }

  setAwareness(state: Record<string, unknown> | null): void {
    this.awareness.setLocalState(state)
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MESSAGE_AWARENESS)
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]))
    this.ws.send(encoding.toUint8Array(e))
  }

  queryAwareness(): void {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS)
    this.ws.send(encoding.toUint8Array(e))
  }

  /** Closes the socket; resolves when closed. The doc stays usable (e.g. to reconnect). */
  async close(): Promise<CloseInfo> {
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close()
    return this.closed
  }

  private sendUpdateFrame(kind: SentFrame['kind'], update: Uint8Array, frame: Uint8Array): void {
    this.sentSeq++
    this.sent.push({ seq: this.sentSeq, kind, update })
    this.ws.send(frame)
  }

  private readonly onLocalUpdate = (update: Uint8Array, origin: unknown): void => {
    // Remote updates are applied with origin === this; only local edits go out. Before the socket
    // is open nothing is sent: the step2 after connecting carries those edits.
    if (origin === this || this.ws.readyState !== WebSocket.OPEN) return
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MESSAGE_SYNC)
    syncProtocol.writeUpdate(e, update)
    this.sendUpdateFrame('update', update, encoding.toUint8Array(e))
  }

  private onMessage(msg: Uint8Array): void {
    const d = decoding.createDecoder(msg)
    const type = decoding.readVarUint(d)
    if (type === MESSAGE_SYNC) {
      const sub = decoding.readVarUint(d)
      const payload = decoding.readVarUint8Array(d)
      if (sub === syncProtocol.messageYjsSyncStep1) {
        const update = Y.encodeStateAsUpdate(this.doc, payload)
        const e = encoding.createEncoder()
        encoding.writeVarUint(e, MESSAGE_SYNC)
        syncProtocol.writeSyncStep2(e, this.doc, payload)
        this.sendUpdateFrame('step2', update, encoding.toUint8Array(e))
      } else {
        Y.applyUpdate(this.doc, payload, this)
        if (sub === syncProtocol.messageYjsSyncStep2) this.synced = true
      }
    } else if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(d), this)
    } else if (type === MESSAGE_ACK) {
      this.ackedSeq = Math.max(this.ackedSeq, readAck(d))
    } else if (type === MESSAGE_REJECT) {
      this.rejects.push(readReject(d))
    }
    this.notify()
  }

  private notify(): void {
    for (const l of [...this.listeners]) l()
  }
}

/** Opens `<wsUrl>/<docName>` (wsUrl like ws://127.0.0.1:port/sync) and, by default, waits for sync. */
export async function connectRawClient(
  wsUrl: string,
  docName: string,
  opts: RawClientOptions = {},
): Promise<RawClient> {
  const query = opts.token ? `?token=${encodeURIComponent(opts.token)}` : ''
  const ws = new WebSocket(`${wsUrl}/${encodeURIComponent(docName).replace(/%3A/gi, ':')}${query}`)
  const client = new RawClient(ws, docName, opts.doc)
  if (opts.waitSynced !== false) await client.waitSynced(opts.timeoutMs)
  return client
}

/**
 * Opens a socket to a full URL (e.g. `${server.wsUrl}/Bad:Name`) without any protocol logic.
 * `closed` is subscribed before the socket opens, so an immediate server close is never missed.
 */
export function openRawSocket(url: string): Promise<{ ws: WebSocket; closed: Promise<CloseInfo> }> {
  const ws = new WebSocket(url)
  ws.binaryType = 'nodebuffer'
  ws.on('error', () => {})
  const closed = new Promise<CloseInfo>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, closed }))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}
