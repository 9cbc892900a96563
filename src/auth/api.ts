/**
 * JSON calls to /api. Failures are one type the screens can explain: no network, a server error
 * with its own bilingual message ({error:{code,message:{zh,en},details}}), or something unexpected.
 */
import { locale } from '../i18n'

export interface ApiMessage {
  zh: string
  en: string
}

export class ApiFailure extends Error {
  constructor(
    /** 'network': no answer (offline, server down); 'api': the server said no; 'bad-response': junk */
    readonly kind: 'network' | 'api' | 'bad-response',
    readonly status: number,
    readonly code: string,
    readonly apiMessage: ApiMessage | null,
    readonly details?: unknown,
  ) {
    super(apiMessage?.en ?? code)
  }

  /** The server's message in the user's language, if it sent one. */
  localized(): string | null {
    if (!this.apiMessage) return null
    return locale() === 'zh-CN' ? this.apiMessage.zh : this.apiMessage.en
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  body?: unknown
  token?: string | null
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

function asFailure(status: number, body: unknown): ApiFailure {
  const err = isObj(body) && isObj(body.error) ? body.error : null
  const msg =
    err && isObj(err.message) && typeof err.message.zh === 'string' && typeof err.message.en === 'string'
      ? { zh: err.message.zh, en: err.message.en }
      : null
  return new ApiFailure('api', status, typeof err?.code === 'string' ? err.code : `http-${status}`, msg, err?.details)
}

/**
 * Returns the parsed JSON body with its status. Throws ApiFailure for network errors and for non-2xx
 * answers, except those listed in `acceptStatus` (e.g. 422 for roll import errors).
 */
export async function apiRequest<T>(
  path: string,
  opts: RequestOptions = {},
  acceptStatus: number[] = [],
): Promise<{ status: number; body: T }> {
  // Cookie mode: refresh tokens only as an HttpOnly SameSite=Strict cookie, never readable by scripts.
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Yishi-Session': 'cookie' }
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json'
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`
  let res: Response
  try {
    res = await fetch(path, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      cache: 'no-store',
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiFailure('network', 0, 'network', null)
  }
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    // The SW's offline navigation fallback or a proxy can answer with HTML: treat it as no answer.
    if (res.ok) throw new ApiFailure('bad-response', res.status, 'bad-response', null)
  }
  if (!res.ok && !acceptStatus.includes(res.status)) {
    // A 5xx/404 without our error shape usually means the API isn't reachable (e.g. behind a proxy).
    const f = asFailure(res.status, body)
    if (!f.apiMessage && res.status >= 500) throw new ApiFailure('network', res.status, 'server-unavailable', null)
    throw f
  }
  return { status: res.status, body: body as T }
}
