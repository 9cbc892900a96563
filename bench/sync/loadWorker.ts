/**
 * One load-generator process (forked by bench/sync/loadDriver.ts; several run side by side). It owns
 * a slice of the clients: `ws` only for the handshake and initial sync, then the raw TCP socket:
 * incoming frames are cut out of the byte stream (server frames are unmasked) and scanned for
 * markers (marker.ts) without a Y.Doc or ws's receiver; pings are answered. Senders pre-encode
 * complete WebSocket frames before a step (a Y.Doc per sender, used only then; masked with a zero
 * key, which RFC 6455 allows, so the payload stays verbatim), patch the send time into the marker,
 * and write the bytes to the socket.
 *
 * Commands from the parent (IPC, advanced serialization): connect → prepare → go → collect, any
 * number of prepare/go/collect rounds (capacity sweep), then close.
 */
import type { Socket } from 'node:net'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { MESSAGE_ACK, MESSAGE_REJECT, MESSAGE_SYNC } from '../../src/protocol/messages'
import { markerText, nowUs, scanMarkers, stampTime, updateId } from './marker'

export type Framing = 'yws' | 'hocus'
export interface ClientSpec {
  idx: number
  url: string
  doc: string
}
export type WorkerCommand =
  | { t: 'connect'; clients: ClientSpec[]; framing: Framing }
  | { t: 'prepare'; perClient: number }
  | { t: 'go'; startUs: number; ratePerClient: number; windowStartUs: number; windowEndUs: number; endUs: number }
  | { t: 'collect' }
  | { t: 'close' }
export interface WorkerStats {
  t: 'stats'
  /** Ids of the updates sent inside the window. */
  sent: number[]
  /** Flattened [id, deliveries] of in-window updates received by this worker's clients. */
  deliveries: number[]
  /** Fan-out latencies (ms) of in-window updates. */
  fanout: Float64Array
  /** ACK latencies (ms) of in-window updates (our server only). */
  ack: Float64Array
  rejects: number
  /** Clients still open. */
  held: number
}

const MSG_AUTH = 2
const SYNC_UPDATE = 2
const TIME_MOD = 1e12
const framing: { kind: Framing } = { kind: 'yws' }
const send = (m: unknown) => process.send!(m)

interface Window {
  startUs: number
  endUs: number
}
let window: Window = { startUs: Number.POSITIVE_INFINITY, endUs: 0 }
const inWindow = (us: number) => us >= window.startUs && us < window.endUs
let deliveries = new Map<number, number>()
let fanout: number[] = []
let ackLat: number[] = []
let sentIds: number[] = []
let rejects = 0

class Client {
  ws!: WebSocket
  synced = false
  /** Update-bearing frames sent (the handshake's step2 is 1); ACKed up to. */
  private seq = 0
  private acked = 0
  /** Send time (µs) of update-bearing frame seq, when it carried a marker (else 0). */
  private sentAt: number[] = []
  /** Pre-encoded frames not sent yet, with the marker offset in each. */
  private frames: Array<{ buf: Buffer; at: number; seq: number }> = []
  private next = 0
  /** The sender's own doc, used only to pre-encode its updates. */
  private readonly doc = new Y.Doc()
  private updates = 0
  /** The TCP socket once the initial sync is done (see goRaw). */
  private raw: Socket | null = null
  /** Bytes of an incomplete incoming frame. */
  private partial: Buffer | null = null

  constructor(readonly spec: ClientSpec) {}

  connect(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 60_000)
      this.ws = new WebSocket(this.spec.url, { perMessageDeflate: false })
      this.ws.binaryType = 'nodebuffer'
      this.ws.on('error', () => resolve(false))
      this.ws.on('close', () => resolve(false))
      this.ws.on('open', () => {
        if (framing.kind === 'hocus') {
          const e = this.encoder()
          encoding.writeVarUint(e, MSG_AUTH)
          encoding.writeVarUint(e, 0)
          encoding.writeVarString(e, '')
          this.ws.send(encoding.toUint8Array(e))
        }
        const e = this.encoder()
        encoding.writeVarUint(e, MESSAGE_SYNC)
        syncProtocol.writeSyncStep1(e, new Y.Doc())
        this.ws.send(encoding.toUint8Array(e))
      })
      this.ws.on('message', (data: Buffer) => {
        this.onMessage(data)
        if (this.synced && !this.raw) {
          clearTimeout(timer)
          this.goRaw()
          resolve(true)
        }
      })
    })
  }

  /** Pre-encodes `n` more update frames: our own key in a Y.Map set to a fresh marker. */
  prepare(n: number): void {
    const doc = this.doc
    let captured: Uint8Array | null = null
    const grab = (u: Uint8Array) => (captured = u)
    doc.on('update', grab)
    for (let i = 0; i < n; i++) {
      const seq = ++this.updates
      const text = markerText(this.spec.idx, seq)
      doc.getMap('m').set(String(this.spec.idx), text)
      const e = this.encoder()
      encoding.writeVarUint(e, MESSAGE_SYNC)
      encoding.writeVarUint(e, SYNC_UPDATE)
      encoding.writeVarUint8Array(e, captured!)
      const buf = maskedFrame(encoding.toUint8Array(e), 0x82)
      this.frames.push({ buf, at: buf.indexOf(text), seq })
    }
    doc.off('update', grab)
  }

  /** Sends the next pre-encoded frame, stamped now. */
  sendNext(): void {
    const f = this.frames[this.next]
    if (!f || !this.raw || this.ws.readyState !== WebSocket.OPEN) return
    this.frames[this.next++] = undefined as never // sent frames are not kept
    const t = nowUs()
    stampTime(f.buf, f.at, t % TIME_MOD)
    this.sentAt[++this.seq] = t
    if (inWindow(t)) sentIds.push(updateId(this.spec.idx, f.seq))
    this.raw.write(f.buf)
  }

  /** From now on the socket is ours: ws's receiver is detached, frames are cut out here. */
  private goRaw(): void {
    const sock = (this.ws as unknown as { _socket: Socket })._socket
    sock.removeAllListeners('data')
    sock.on('data', (chunk: Buffer) => this.onBytes(chunk))
    sock.resume()
    this.raw = sock
  }

  private onBytes(chunk: Buffer): void {
    let buf = this.partial ? Buffer.concat([this.partial, chunk]) : chunk
    this.partial = null
    let at = 0
    while (buf.length - at >= 2) {
      const opcode = buf[at]! & 0x0f
      let len = buf[at + 1]! & 0x7f
      let head = 2
      if (len === 126) {
        if (buf.length - at < 4) break
        len = buf.readUInt16BE(at + 2)
        head = 4
      } else if (len === 127) {
        if (buf.length - at < 10) break
        len = buf.readUInt32BE(at + 2) * 2 ** 32 + buf.readUInt32BE(at + 6)
        head = 10
      }
      if (buf.length - at < head + len) break
      const payload = buf.subarray(at + head, at + head + len)
      at += head + len
      if (opcode === 0x9)
        this.raw!.write(maskedFrame(payload, 0x8a)) // ping → pong
      else if (opcode === 0x2) this.onMessage(payload)
    }
    if (at < buf.length) {
      buf = buf.subarray(at)
      this.partial = Buffer.from(buf) // copy: the chunk's memory is reused
    }
  }

  private encoder(): encoding.Encoder {
    const e = encoding.createEncoder()
    if (framing.kind === 'hocus') encoding.writeVarString(e, this.spec.doc)
    return e
  }

  private onMessage(buf: Buffer): void {
    if (framing.kind === 'yws' && buf[0] === MESSAGE_ACK) {
      const d = decoding.createDecoder(buf)
      decoding.readVarUint(d)
      const upto = decoding.readVarUint(d)
      const now = nowUs()
      for (let s = this.acked + 1; s <= upto; s++) {
        const t = this.sentAt[s] ?? 0
        if (inWindow(t)) ackLat.push((now - t) / 1000)
      }
      this.acked = Math.max(this.acked, upto)
      return
    }
    if (framing.kind === 'yws' && buf[0] === MESSAGE_REJECT) {
      rejects++
      return
    }
    if (!this.synced) {
      this.handshake(buf)
      return
    }
    const now = nowUs()
    const nowMod = now % TIME_MOD
    scanMarkers(buf, (client, seq, sent) => {
      if (client === this.spec.idx) return // y-websocket-server echoes to the sender
      const latUs = (((nowMod - sent) % TIME_MOD) + TIME_MOD) % TIME_MOD
      if (!inWindow(now - latUs)) return // only updates sent inside the window are counted
      const id = updateId(client, seq)
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1)
      fanout.push(latUs / 1000)
    })
  }

  /** Answers the server's step1 with our (empty) step2; the server's step2 completes the sync. */
  private handshake(buf: Buffer): void {
    const d = decoding.createDecoder(buf)
    if (framing.kind === 'hocus') decoding.readVarString(d)
    if (decoding.readVarUint(d) !== MESSAGE_SYNC) return
    const sub = decoding.readVarUint(d)
    if (sub === syncProtocol.messageYjsSyncStep1) {
      const e = this.encoder()
      encoding.writeVarUint(e, MESSAGE_SYNC)
      syncProtocol.writeSyncStep2(e, new Y.Doc(), decoding.readVarUint8Array(d))
      this.seq++
      this.ws.send(encoding.toUint8Array(e))
    } else if (sub === syncProtocol.messageYjsSyncStep2) {
      this.synced = true
    }
  }
}

let clients: Client[] = []

/** A final client frame (`first` = FIN + opcode) masked with a zero key: payload bytes unchanged. */
function maskedFrame(payload: Uint8Array, first: number): Buffer {
  const n = payload.byteLength
  const head = n < 126 ? 6 : 8
  const out = Buffer.alloc(head + n)
  out[0] = first
  if (n < 126) out[1] = 0x80 | n
  else {
    out[1] = 0x80 | 126
    out.writeUInt16BE(n, 2)
  }
  out.set(payload, head)
  return out
}

/** Sends at `ratePerClient` per client, spread evenly: the k-th local send is due at start + k/rate. */
function sendLoop(cmd: Extract<WorkerCommand, { t: 'go' }>): Promise<void> {
  const intervalUs = 1e6 / (cmd.ratePerClient * clients.length)
  let k = 0
  return new Promise((resolve) => {
    const tick = () => {
      const now = nowUs()
      if (now >= cmd.endUs) return resolve()
      const due = Math.min(
        Math.floor((now - cmd.startUs) / intervalUs) + 1,
        Math.ceil((cmd.endUs - cmd.startUs) / intervalUs),
      )
      for (; k < due; k++) clients[k % clients.length]!.sendNext()
      setTimeout(tick, 1)
    }
    const wait = (cmd.startUs - nowUs()) / 1000
    setTimeout(tick, Math.max(0, wait))
  })
}

process.on('message', async (cmd: WorkerCommand) => {
  switch (cmd.t) {
    case 'connect': {
      framing.kind = cmd.framing
      clients = cmd.clients.map((s) => new Client(s))
      let failed = 0
      for (let i = 0; i < clients.length; i += 50) {
        const ok = await Promise.all(clients.slice(i, i + 50).map((c) => c.connect()))
        failed += ok.filter((x) => !x).length
      }
      return send({ t: 'connected', failed })
    }
    case 'prepare':
      for (const c of clients) c.prepare(cmd.perClient)
      return send({ t: 'prepared' })
    case 'go':
      window = { startUs: cmd.windowStartUs, endUs: cmd.windowEndUs }
      deliveries = new Map()
      fanout = []
      ackLat = []
      sentIds = []
      rejects = 0
      await sendLoop(cmd)
      return send({ t: 'sent' })
    case 'collect': {
      const flat: number[] = []
      for (const [id, n] of deliveries) flat.push(id, n)
      const stats: WorkerStats = {
        t: 'stats',
        sent: sentIds,
        deliveries: flat,
        fanout: Float64Array.from(fanout),
        ack: Float64Array.from(ackLat),
        rejects,
        held: clients.filter((c) => c.synced && c.ws.readyState === WebSocket.OPEN).length,
      }
      return send(stats)
    }
    case 'close':
      for (const c of clients) c.ws?.terminate()
      setTimeout(() => process.exit(0), 100)
  }
})
send({ t: 'ready' })
