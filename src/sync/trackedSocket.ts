/**
 * A WebSocket subclass (handed to y-websocket as `WebSocketPolyfill`) that tells the pending tracker
 * when a connection opens/closes and which update-bearing frames it actually sent, so the client's
 * frame numbering matches the server's (docs/protocol.md "Sequence numbers").
 */
import { isUpdateBearing, SYNC_STEP2 } from '../protocol/messages'
import type { FrameKind, PendingTracker } from './pendingTracker'

type SocketData = string | ArrayBufferLike | Blob | ArrayBufferView

function toBytes(data: SocketData): Uint8Array | null {
  if (data instanceof Uint8Array) return data
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return null
}

/** 'step2' | 'update' for update-bearing client frames, otherwise null. */
export function classifyFrame(frame: Uint8Array): FrameKind | null {
  if (!isUpdateBearing(frame)) return null
  // Message type 0 and sync sub-types 1/2 are single-byte varUints.
  return frame[1] === SYNC_STEP2 ? 'step2' : 'update'
}

export function createTrackedWebSocket(tracker: PendingTracker, Base: typeof WebSocket = WebSocket): typeof WebSocket {
  class TrackedWebSocket extends Base {
    private conn: number | null = null

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      // Registered before y-websocket assigns onopen, so the id exists before its step1 goes out.
      this.addEventListener('open', () => {
        this.conn = tracker.connectionOpened()
      })
      this.addEventListener('close', () => this.reportClosed())
    }

    override send(data: SocketData): void {
      const wasOpen = this.readyState === Base.OPEN
      super.send(data)
      // Frames "sent" on a closing socket are silently dropped by the browser: they take no number.
      if (!wasOpen || this.conn === null) return
      const bytes = toBytes(data)
      const kind = bytes && classifyFrame(bytes)
      if (kind) tracker.frameSent(this.conn, kind)
    }

    override close(code?: number, reason?: string): void {
      // y-websocket detaches its handlers before closing; report now rather than on the late event.
      this.reportClosed()
      super.close(code, reason)
    }

    /** The connection id for ACK/REJECT routing (null until open). */
    get connectionId(): number | null {
      return this.conn
    }

    private reportClosed(): void {
      if (this.conn !== null) tracker.connectionClosed(this.conn)
    }
  }
  return TrackedWebSocket
}
