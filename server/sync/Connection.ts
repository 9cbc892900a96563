/**
 * The y-websocket protocol (plus Yishi's ACK/REJECT) for one client, over a minimal socket
 * interface so it can be tested without real sockets. Transport concerns (upgrade, heartbeat,
 * per-IP caps) live in wsServer.ts; document lifecycle lives in DocManager.
 *
 * Frames are handled strictly in arrival order. Update-bearing frames (sync step2/update) get
 * sequence numbers 1, 2, ... in that order and are submitted to the doc's write queue in that
 * order; ACKs are sent through a second chain in the same order, so an ACK k means 1..k are done.
 */
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import {
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  encodeAck,
  encodeReject,
} from '../../src/protocol/messages'
import type { DocManager } from '../docs/DocManager'
import { InvalidUpdateError, RefusedUpdateError, type DocPeer, type SharedDoc } from '../docs/SharedDoc'
import { decodeValid, isRedundant } from '../docs/updateCheck'
import type { AccessResult, ConnectionAccess } from '../access/AccessControl'
import { clientOrigin } from '../origins'
import { errorText, type Logger } from '../log'
import { CLOSE, type CloseSpec } from './closeCodes'
import type { FrameRateLimiter, TokenBucket } from './rateLimit'
import { ProtocolError, isWellFormedAwareness, readOrThrow } from './frameChecks'

/** The subset of a WebSocket the protocol needs. */
export interface WebSocketLike {
  send(data: Uint8Array): void
  close(code: number, reason: string): void
  readonly bufferedAmount: number
}

export interface ConnectionOptions {
  maxBufferedBytes: number
  maxAwarenessBytes: number
  log: Logger
  /** Frame rate limits (per connection + per user); absent = unlimited (unit tests). */
  rateLimiter?: FrameRateLimiter
  /** Unprocessed incoming bytes we queue before closing 4529; default 4 × 2 MiB + slack. */
  maxQueuedInboundBytes?: number
}

const DEFAULT_MAX_QUEUED_INBOUND = 9 * 1024 * 1024

let nextConnId = 1

/**
 * Where a connection is in its life (cf. tldraw's TLSyncRoom sessions, automerge-repo's DocHandle):
 *  - authenticating: the access check runs; frames that arrive are queued behind it;
 *  - loading: allowed to connect, the doc is loading (no frame is handled before it is loaded);
 *  - syncing: the doc is loaded and our SyncStep1 sent; the client's SyncStep2 has not arrived yet;
 *  - live: both sides have exchanged their state; updates flow both ways;
 *  - closing: an invalid update was seen: later frames are ignored, the ACKs of earlier frames and
 *    the REJECT still go out, then the socket is closed;
 *  - closed: the socket is gone; the doc has been released.
 */
export type ConnectionState =
  | { readonly kind: 'authenticating' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'syncing'; readonly doc: SharedDoc; readonly access: ConnectionAccess }
  | { readonly kind: 'live'; readonly doc: SharedDoc; readonly access: ConnectionAccess }
  | { readonly kind: 'closing'; readonly doc: SharedDoc; readonly access: ConnectionAccess }
  | { readonly kind: 'closed' }

type Attached = Extract<ConnectionState, { doc: SharedDoc }>

/** The doc and access of a connection that has a loaded doc, else null. */
function attached(state: ConnectionState): Attached | null {
  switch (state.kind) {
    case 'authenticating':
    case 'loading':
    case 'closed':
      return null
    case 'syncing':
    case 'live':
    case 'closing':
      return state
    default:
      return assertNever(state)
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected connection state ${JSON.stringify(x)}`)
}

export class Connection implements DocPeer {
  readonly id = `c${nextConnId++}`
  private current: ConnectionState = { kind: 'authenticating' }
  /** Frames are processed one after another on this chain (starts with the doc load). */
  private inbound: Promise<void>
  /** ACK/REJECT messages are sent in sequence order on this chain. */
  private acks: Promise<void> = Promise.resolve()
  private seq = 0
  private readonly bucket: TokenBucket | null
  /** Bytes of frames received but not yet handled. */
  private queuedBytes = 0

  constructor(
    private readonly ws: WebSocketLike,
    readonly docName: string,
    readonly ip: string,
    private readonly docs: DocManager,
    private readonly opts: ConnectionOptions,
    /** Decides who is connecting and what they may do (server/access); runs before the doc loads. */
    private readonly authorize: () => Promise<AccessResult>,
  ) {
    this.bucket = opts.rateLimiter?.forConnection() ?? null
    this.inbound = this.open()
  }

  get state(): ConnectionState['kind'] {
    return this.current.kind
  }

  private get closed(): boolean {
    return this.current.kind === 'closed'
  }

  /** The connected person (null until the access check has passed). */
  get userId(): string | null {
    return attached(this.current)?.access.userId ?? null
  }

  /**
   * Revocation (server/access/revocation.ts): decides this person's access to the doc again from
   * the current memberships. Read lost → closed 4403 (the client deletes its local copy); otherwise
   * later frames are judged with the new access (write lost → refused 'read-only').
   */
  async recheckAccess(): Promise<void> {
    const before = attached(this.current)
    if (!before?.access.recheck) return
    let decision: AccessResult
    try {
      decision = await before.access.recheck()
    } catch (e) {
      this.opts.log.warn('access recheck failed', { doc: this.docName, err: errorText(e) })
      return
    }
    const now = attached(this.current)
    if (!now) return
    if (!decision.ok || !decision.access.mayRead(now.doc.ydoc)) {
      const spec = decision.ok ? CLOSE.FORBIDDEN : { code: decision.code, reason: decision.reason }
      this.opts.log.info('access revoked', { doc: this.docName, user: now.access.userId, code: spec.code })
      this.close(spec)
      return
    }
    this.current = { ...now, access: decision.access }
  }

  /** Number of update-bearing frames received so far. */
  get receivedUpdates(): number {
    return this.seq
  }

  /** Feed one incoming binary frame. */
  receive(frame: Uint8Array): void {
    if (this.closed) return
    // Limits are charged on arrival (not when handled), so a flood is cut off before it queues up.
    const limiter = this.opts.rateLimiter
    const access = attached(this.current)?.access
    if (limiter && (!this.bucket?.take() || (access && !limiter.takeUser(access.userId)))) {
      this.fail(new ProtocolError(CLOSE.RATE_LIMITED))
      return
    }
    this.queuedBytes += frame.byteLength
    if (this.queuedBytes > (this.opts.maxQueuedInboundBytes ?? DEFAULT_MAX_QUEUED_INBOUND)) {
      this.fail(new ProtocolError(CLOSE.INBOUND_FLOOD))
      return
    }
    this.inbound = this.inbound
      .then(() => {
        this.queuedBytes -= frame.byteLength
        return this.handleFrame(frame)
      })
      .catch((e) => this.fail(e))
  }

  /** The socket closed (either side): leave the doc and drop this client's awareness states. */
  handleClose(): void {
    const doc = attached(this.current)?.doc
    if (this.closed) return
    this.current = { kind: 'closed' }
    if (doc) this.docs.release(doc, this)
  }

  /** Close from the server side (protocol error, shutdown, slow consumer). */
  close(spec: CloseSpec): void {
    if (this.closed) return
    try {
      this.ws.close(spec.code, spec.reason)
    } catch {
      // already closing
    }
    this.handleClose()
  }

  send(message: Uint8Array): void {
    if (this.closed) return
    // Content-dependent read gates (case assignees) are re-checked before any doc content or
    // presence goes out: the doc already holds the update being sent, so an unassigned mediator gets neither
    // the unassignment nor anything after it.
    const a = message[0] === MESSAGE_SYNC || message[0] === MESSAGE_AWARENESS ? attached(this.current) : null
    if (a && !a.access.mayRead(a.doc.ydoc)) {
      this.opts.log.info('access revoked', { doc: this.docName, user: a.access.userId, reason: 'not assigned' })
      this.close(CLOSE.FORBIDDEN)
      return
    }
    if (this.ws.bufferedAmount > this.opts.maxBufferedBytes) {
      this.opts.log.warn('closing slow consumer', { doc: this.docName, ip: this.ip, buffered: this.ws.bufferedAmount })
      this.close(CLOSE.SLOW_CONSUMER)
      return
    }
    try {
      this.ws.send(message)
    } catch (e) {
      this.opts.log.warn('send failed', { doc: this.docName, ip: this.ip, err: errorText(e) })
      this.close(CLOSE.INTERNAL)
    }
  }

  private async open(): Promise<void> {
    let decision: AccessResult
    try {
      decision = await this.authorize()
    } catch (e) {
      this.opts.log.error('access check failed', { doc: this.docName, ip: this.ip, err: errorText(e) })
      this.close(CLOSE.INTERNAL)
      return
    }
    if (!decision.ok) {
      this.opts.log.info('refused connection', {
        doc: this.docName,
        ip: this.ip,
        code: decision.code,
        reason: decision.reason,
      })
      this.close(decision)
      return
    }
    if (this.current.kind === 'authenticating') this.current = { kind: 'loading' }
    let doc: SharedDoc
    try {
      doc = await this.docs.acquire(this.docName, this)
    } catch (e) {
      this.opts.log.error('doc load failed', { doc: this.docName, ip: this.ip, err: errorText(e) })
      this.close(CLOSE.INTERNAL)
      return
    }
    if (this.closed) {
      this.docs.release(doc, this) // socket went away while the doc was loading
      return
    }
    if (!decision.access.mayRead(doc.ydoc)) {
      this.opts.log.info('refused connection', { doc: this.docName, ip: this.ip, code: 4403, reason: 'not assigned' })
      this.docs.release(doc, this)
      this.close(CLOSE.FORBIDDEN)
      return
    }
    this.current = { kind: 'syncing', doc, access: decision.access }
    // Only now, with the doc fully loaded, does the client get our state (y-websocket #81).
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MESSAGE_SYNC)
    syncProtocol.writeSyncStep1(e, doc.ydoc)
    this.send(encoding.toUint8Array(e))
    this.sendAwarenessStates(doc)
  }

  private async handleFrame(frame: Uint8Array): Promise<void> {
    const state = this.current
    if (state.kind !== 'syncing' && state.kind !== 'live') return // not loaded, closing or closed
    const doc = state.doc
    const d = decoding.createDecoder(frame)
    const type = readOrThrow(() => decoding.readVarUint(d))
    switch (type) {
      case MESSAGE_SYNC:
        return this.handleSync(state, d)
      case MESSAGE_AWARENESS: {
        const update = readOrThrow(() => decoding.readVarUint8Array(d))
        if (update.length > this.opts.maxAwarenessBytes)
          throw new ProtocolError({ code: CLOSE.TOO_BIG.code, reason: 'awareness update too large' })
        // Decode everything first: applyAwarenessUpdate throwing halfway would keep states it had
        // already applied without announcing them, so they would outlive this connection.
        if (!isWellFormedAwareness(update)) throw new ProtocolError(CLOSE.MALFORMED)
        try {
          awarenessProtocol.applyAwarenessUpdate(doc.awareness, update, this)
        } catch {
          throw new ProtocolError(CLOSE.MALFORMED)
        }
        return
      }
      case MESSAGE_QUERY_AWARENESS:
        return this.sendAwarenessStates(doc)
      default:
        throw new ProtocolError(CLOSE.UNSUPPORTED)
    }
  }

  private handleSync(state: Attached, d: decoding.Decoder): void {
    const { doc, access } = state
    const sub = readOrThrow(() => decoding.readVarUint(d))
    if (sub === SYNC_STEP1) {
      const sv = readOrThrow(() => decoding.readVarUint8Array(d))
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, MESSAGE_SYNC)
      try {
        syncProtocol.writeSyncStep2(e, doc.ydoc, sv)
      } catch {
        throw new ProtocolError(CLOSE.MALFORMED) // undecodable state vector
      }
      this.send(encoding.toUint8Array(e))
      return
    }
    if (sub !== SYNC_STEP2 && sub !== SYNC_UPDATE) throw new ProtocolError(CLOSE.UNSUPPORTED)
    if (sub === SYNC_STEP2 && state.kind === 'syncing') this.current = { ...state, kind: 'live' }
    const seq = ++this.seq
    let update: Uint8Array
    try {
      update = decoding.readVarUint8Array(d)
    } catch {
      this.sendReject(seq, 'malformed', 'truncated update frame')
      throw new ProtocolError(CLOSE.MALFORMED)
    }
    // Decoded once: the redundancy, structure and content checks read these structs (updateCheck.ts).
    const valid = decodeValid(update)
    if ('invalid' in valid) {
      const { invalid } = valid
      // Stop reading further frames now; the REJECT goes out after the ACKs of earlier frames.
      this.current = { ...state, kind: 'closing' }
      this.acks = this.acks.then(() => {
        this.sendReject(seq, 'invalid-update', invalid)
        this.fail(new ProtocolError(CLOSE.INVALID_UPDATE), invalid)
      })
      return
    }
    if (access.level === 'read' && !isRedundant(doc.ydoc, update, valid.decoded)) {
      // Read-only: refuse the content but keep the connection (the client shows the rejection).
      this.acks = this.acks.then(() => this.sendReject(seq, 'read-only', '您只有查看权限，修改未保存'))
      return
    }
    // Submitted now (keeps per-connection order in the doc queue); acknowledged in order later.
    // Every write is checked (structure for all doc types, content rules at level 'cond'), each frame
    // on its own against the doc with every earlier frame applied: no frame is accepted or refused
    // because of another (docs/protocol.md "Per-change acceptance").
    const result = doc.submit(update, clientOrigin(this.id), true, access.checkUpdate, valid.decoded)
    result.catch(() => {}) // handled on the ack chain
    this.acks = this.acks.then(async () => {
      try {
        await result
        if (!this.closed) this.send(encodeAck(seq))
      } catch (e) {
        if (e instanceof RefusedUpdateError) {
          this.opts.log.info('update refused', { doc: this.docName, user: access.userId, code: e.code })
          this.sendReject(seq, e.code, e.message)
        } else if (e instanceof InvalidUpdateError) {
          this.sendReject(seq, 'invalid-update', e.message)
          this.fail(new ProtocolError(CLOSE.INVALID_UPDATE), e.message)
        } else {
          this.sendReject(seq, 'storage-failed', 'update could not be stored')
          this.fail(new ProtocolError(CLOSE.INTERNAL), errorText(e))
        }
      }
    })
  }

  private sendReject(seq: number, code: string, message: string): void {
    this.send(encodeReject({ seq, code, message }))
  }

  private sendAwarenessStates(doc: SharedDoc): void {
    const states = doc.awareness.getStates()
    if (states.size === 0) return
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MESSAGE_AWARENESS)
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(doc.awareness, [...states.keys()]))
    this.send(encoding.toUint8Array(e))
  }

  /** Closes with the error's close code and logs exactly one line. Never throws. */
  private fail(e: unknown, detail?: string): void {
    if (this.closed) return
    const spec = e instanceof ProtocolError ? e.spec : CLOSE.INTERNAL
    this.opts.log.warn('closing connection', {
      doc: this.docName,
      ip: this.ip,
      code: spec.code,
      reason: spec.reason,
      ...(detail || !(e instanceof ProtocolError) ? { detail: detail ?? errorText(e) } : {}),
    })
    this.close(spec)
  }
}
