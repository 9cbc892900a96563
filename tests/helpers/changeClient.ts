/**
 * A Node "device" for one doc that syncs exactly like the browser: the same ChangeOutbox +
 * ChangeSync (src/sync) over a `ws` socket, so tests exercise the real per-change sending and
 * reconcile code. The doc survives disconnects (as IndexedDB would); refused changes collect in
 * `refused` (the device's 未被接受的更改).
 *
 *   const c = new ChangeClient(server.wsUrl, 'vote:c1:v1', token)
 *   await c.connect()            // resolves after the server's step2
 *   edit(c.doc)                  // sent at once as its own frame
 *   c.disconnect()               // offline: edits queue in the outbox
 *   await c.connect(); await c.settled()
 */
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { MESSAGE_ACK, MESSAGE_REJECT, MESSAGE_SYNC, readAck, readReject } from '../../src/protocol/messages'
import { ChangeOutbox, type OutboxChange } from '../../src/sync/changeOutbox'
import { ChangeSync } from '../../src/sync/changeSync'
import type { ChangeCheck, RefusedChange } from '../../src/sync/reconcile'

export class ChangeClient {
  readonly outbox = new ChangeOutbox()
  readonly sync: ChangeSync
  readonly refused: RefusedChange<OutboxChange>[] = []
  reconciles = 0
  private ws: WebSocket | null = null
  private conn: number | null = null
  private synced = false
  private listeners = new Set<() => void>()

  constructor(
    private readonly wsUrl: string,
    readonly docName: string,
    private readonly token: string,
    check?: ChangeCheck,
  ) {
    this.sync = new ChangeSync(new Y.Doc(), this.outbox, {
      send: (frame) => {
        if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(frame)
      },
      onReconciled: (result) => {
        this.reconciles++
        this.refused.push(...result.refused)
      },
      onSynced: () => {
        this.synced = true
      },
      ...(check ? { check } : {}),
    })
  }

  /** The current doc (a new one after each reconcile). */
  get doc(): Y.Doc {
    return this.sync.doc
  }

  get online(): boolean {
    return this.ws !== null
  }

  connect(timeoutMs = 10_000): Promise<void> {
    if (this.ws) return this.waitFor(() => this.synced, 'sync', timeoutMs)
    this.synced = false
    const ws = new WebSocket(`${this.wsUrl}/${this.docName}?token=${encodeURIComponent(this.token)}`)
    ws.binaryType = 'nodebuffer'
    this.ws = ws
    ws.on('error', () => {})
    ws.on('open', () => {
      this.conn = this.sync.connectionOpened()
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, MESSAGE_SYNC)
      syncProtocol.writeSyncStep1(e, this.doc)
      ws.send(encoding.toUint8Array(e))
    })
    ws.on('message', (data: Buffer) => {
      if (this.ws !== ws) return
      const d = decoding.createDecoder(new Uint8Array(data))
      const type = decoding.readVarUint(d)
      if (type === MESSAGE_SYNC) this.sync.onSyncMessage(d)
      else if (type === MESSAGE_ACK) this.sync.onAck(readAck(d))
      else if (type === MESSAGE_REJECT) this.sync.onReject(readReject(d))
      this.notify()
    })
    ws.on('close', () => {
      if (this.ws === ws) this.dropConnection()
    })
    return this.waitFor(() => this.synced, 'sync', timeoutMs)
  }

  /** Goes offline at once (like context.setOffline): frames in flight may or may not have arrived. */
  disconnect(): void {
    const ws = this.ws
    if (!ws) return
    this.dropConnection()
    ws.terminate()
  }

  /** Online, synced, nothing pending, no reconcile running. */
  settled(timeoutMs = 15_000): Promise<void> {
    return this.waitFor(
      () => this.ws !== null && this.synced && this.outbox.count === 0 && !this.sync.reconciling,
      'settled',
      timeoutMs,
    )
  }

  private dropConnection(): void {
    if (this.conn !== null) this.sync.connectionClosed(this.conn)
    this.conn = null
    this.ws = null
    this.synced = false
    this.notify()
  }

  private waitFor(pred: () => boolean, what: string, timeoutMs: number): Promise<void> {
    if (pred()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check)
        reject(
          new Error(
            `${this.docName}: timed out waiting for ${what} (pending ${this.outbox.count}, online ${this.ws !== null})`,
          ),
        )
      }, timeoutMs)
      const check = () => {
        if (!pred()) return
        clearTimeout(timer)
        this.listeners.delete(check)
        resolve()
      }
      this.listeners.add(check)
    })
  }

  private notify(): void {
    for (const l of [...this.listeners]) l()
  }
}
