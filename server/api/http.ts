/**
 * Tiny JSON-over-HTTP helpers for /api: bounded body reading, zod validation, and errors that carry
 * both languages so the client shows the user's language without a second round trip.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { z } from 'zod'

export interface Msg {
  zh: string
  en: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly msg: Msg,
    readonly details?: unknown,
  ) {
    super(msg.en)
  }
}

export const MAX_JSON_BYTES = 5 * 1024 * 1024 // a 10,000-household roll CSV fits comfortably

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const data = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(data),
    ...headers,
  })
  res.end(data)
}

export function sendError(res: ServerResponse, e: ApiError): void {
  const headers: Record<string, string> = {}
  if (e.status === 429 && typeof e.details === 'number') headers['Retry-After'] = String(e.details)
  sendJson(
    res,
    e.status,
    { error: { code: e.code, message: e.msg, ...(e.details !== undefined ? { details: e.details } : {}) } },
    headers,
  )
}

export async function readJson<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_JSON_BYTES)
      throw new ApiError(413, 'too-large', { zh: '请求内容过大', en: 'Request body too large' })
    chunks.push(chunk)
  }
  let value: unknown
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null')
  } catch {
    throw new ApiError(400, 'bad-json', { zh: '请求格式错误（不是有效的 JSON）', en: 'Malformed JSON body' })
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    throw new ApiError(
      400,
      'invalid-input',
      {
        zh: `输入有误：${fields.map((f) => f.path).join('、')}`,
        en: `Invalid input: ${fields.map((f) => f.path).join(', ')}`,
      },
      fields,
    )
  }
  return parsed.data
}

export function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization
  return h?.startsWith('Bearer ') ? h.slice(7) : null
}

export const E = {
  unauthenticated: () => new ApiError(401, 'unauthenticated', { zh: '请先登录', en: 'Please log in' }),
  forbidden: () => new ApiError(403, 'forbidden', { zh: '您没有权限执行此操作', en: 'You are not allowed to do this' }),
  notFound: () => new ApiError(404, 'not-found', { zh: '未找到', en: 'Not found' }),
}
