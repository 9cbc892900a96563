/**
 * Proposal photos: content-addressed image blobs per council, kept out of the Yjs docs.
 *
 *   PUT /api/councils/<id>/blobs/<sha256hex>   raw image bytes (image/jpeg|png|webp, ≤ 2 MiB)
 *   GET /api/councils/<id>/blobs/<sha256hex>   the bytes, immutable (the name is the content's hash)
 *
 * Who may: editors of the plan's private draft (`plandraft` write, src/domain/access/policy.ts)
 * upload; readers of `proposal` docs download. The server checks the SHA-256 of the body against the name, so a
 * blob can never be replaced by different bytes; a repeated upload is a no-op (idempotent).
 * Files: `<dataDir>/blobs/<councilId>/<sha>` + `<sha>.type` (its Content-Type), each written to a
 * temp file, fsynced and renamed into place; the type goes first, so a blob file present means its
 * type is too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { effectiveRule, type Role } from '../../src/domain/access/policy'
import { ApiError, E, sendJson } from './http'
import { requireUser, type AuthDeps } from './session'
import { councilRolesOf } from '../access/orgRoles'

export interface BlobDeps extends AuthDeps {
  dataDir: string
  /** New bytes one person may store per UTC day; unset = no quota. */
  blobQuotaBytesPerDay?: number
}

const overQuota = (mb: number) =>
  new ApiError(429, 'quota-exceeded', {
    zh: `今天上传的照片已达上限（每人每天 ${mb} MB），请明天再试或联系管理员`,
    en: `Daily photo upload quota reached (${mb} MB per person per day); try again tomorrow or ask an administrator`,
  })

export const MAX_BLOB_BYTES = 2 * 1024 * 1024
/** A client that keeps streaming past the limit is cut off here rather than drained forever. */
const MAX_DRAIN_BYTES = 4 * MAX_BLOB_BYTES
export const BLOB_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
type BlobType = (typeof BLOB_TYPES)[number]

const PATH = /^\/api\/councils\/([A-Za-z0-9_-]{1,64})\/blobs\/([^/]*)$/
const SHA = /^[0-9a-f]{64}$/

const tooLarge = () =>
  new ApiError(413, 'too-large', { zh: '照片过大（最多 2 MB）', en: 'Photo too large (2 MB at most)' })

/** The first bytes of each accepted format: the declared type must match the content. */
function sniff(b: Buffer): BlobType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png'
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp'
  return null
}

/**
 * Reads the body up to MAX_BLOB_BYTES. Past that it keeps reading (and discarding) so the 413 reaches
 * the client instead of a reset connection — up to MAX_DRAIN_BYTES, then the socket is destroyed.
 */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BLOB_BYTES) chunks.push(chunk)
      else if (size > MAX_DRAIN_BYTES) {
        req.socket.destroy()
        resolve('too-large')
      }
    })
    req.on('end', () => resolve(size > MAX_BLOB_BYTES ? 'too-large' : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Writes `data` to `path` atomically: temp file in the same dir, fsync, rename. */
async function writeAtomic(dir: string, name: string, data: Buffer | string): Promise<void> {
  const tmp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`)
  const fh = await open(tmp, 'w', 0o640)
  try {
    await fh.writeFile(data)
    await fh.sync()
  } finally {
    await fh.close()
  }
  try {
    await rename(tmp, join(dir, name))
  } catch (e) {
    await rm(tmp, { force: true })
    throw e
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r')
  try {
    await fh.sync()
  } catch {
    // Some filesystems refuse fsync on a directory; the renames are still atomic.
  } finally {
    await fh.close()
  }
}

const exists = (p: string) =>
  stat(p).then(
    (s) => s.isFile(),
    () => false,
  )

export function blobRoutes(deps: BlobDeps) {
  return async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const match = PATH.exec(path)
    if (!match) return false
    const councilId = match[1]!
    const sha = match[2]!
    const m = req.method
    if (m !== 'PUT' && m !== 'GET' && m !== 'HEAD') {
      throw new ApiError(405, 'method-not-allowed', { zh: '不支持的请求方法', en: 'Method not allowed' })
    }
    const user = await requireUser(deps, req)
    const roles: Role[] = (await councilRolesOf(deps.accounts, user.id, councilId)).map((x) => x.role)
    if (user.isAdmin) roles.push('admin')
    // Photos are attached to the private draft: only its editors upload; every plan reader downloads.
    const level = effectiveRule(roles, 'proposal').level
    if (level === 'none' || (m === 'PUT' && effectiveRule(roles, 'plandraft').level !== 'write')) throw E.forbidden()
    if (!SHA.test(sha))
      throw new ApiError(400, 'bad-hash', {
        zh: '照片编号无效',
        en: 'Invalid photo id (expected a lower-case SHA-256 hex)',
      })
    if (!(await deps.accounts.compound(councilId))) throw E.notFound()

    const dir = join(deps.dataDir, 'blobs', councilId)
    const file = join(dir, sha)

    if (m === 'PUT') {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
      if (!(BLOB_TYPES as readonly string[]).includes(type)) {
        throw new ApiError(415, 'unsupported-type', {
          zh: '只接受 JPEG、PNG 或 WebP 图片',
          en: 'Only JPEG, PNG or WebP images are accepted',
        })
      }
      const declared = Number(req.headers['content-length'])
      if (Number.isFinite(declared) && declared > MAX_BLOB_BYTES) {
        res.setHeader('Connection', 'close')
        throw tooLarge()
      }
      const body = await readBody(req)
      if (body === 'too-large') {
        res.setHeader('Connection', 'close')
        throw tooLarge()
      }
      if (body.length === 0) throw new ApiError(400, 'empty', { zh: '照片内容为空', en: 'Empty body' })
      if (createHash('sha256').update(body).digest('hex') !== sha) {
        throw new ApiError(400, 'hash-mismatch', {
          zh: '照片内容与编号不符（传输中损坏？请重试）',
          en: 'The content does not match its SHA-256 name (corrupted in transit? please retry)',
        })
      }
      if (sniff(body) !== type)
        throw new ApiError(400, 'not-an-image', {
          zh: '内容不是所声明的图片格式',
          en: 'The content is not an image of the declared type',
        })
      if (await exists(file)) {
        sendJson(res, 200, { hash: sha, bytes: body.length, created: false })
        return true
      }
      // Only new bytes count: re-sending a photo the server has costs nothing (upload queue retries).
      const day = new Date(deps.now?.() ?? Date.now()).toISOString().slice(0, 10)
      const quota = deps.blobQuotaBytesPerDay
      if (quota !== undefined && (await deps.accounts.blobUsage(user.id, day)) + body.length > quota)
        throw overQuota(Math.round(quota / 1024 / 1024))
      await mkdir(dir, { recursive: true })
      await writeAtomic(dir, `${sha}.type`, type)
      await writeAtomic(dir, sha, body)
      await fsyncDir(dir)
      await deps.accounts.addBlobUsage(user.id, day, body.length)
      sendJson(res, 201, { hash: sha, bytes: body.length, created: true })
      return true
    }

    // GET / HEAD
    let size: number
    try {
      const s = await stat(file)
      if (!s.isFile()) throw E.notFound()
      size = s.size
    } catch (e) {
      if (e instanceof ApiError) throw e
      throw new ApiError(404, 'not-found', {
        zh: '服务器上还没有这张照片',
        en: 'This photo is not on the server (yet)',
      })
    }
    const stored = (await readFile(join(dir, `${sha}.type`), 'utf8').catch(() => '')).trim()
    const type = (BLOB_TYPES as readonly string[]).includes(stored) ? stored : 'application/octet-stream'
    const etag = `"${sha}"`
    const headers = {
      'Content-Type': type,
      'Cache-Control': 'private, max-age=31536000, immutable',
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
    }
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers)
      res.end()
      return true
    }
    res.writeHead(200, { ...headers, 'Content-Length': size })
    if (m === 'HEAD') {
      res.end()
      return true
    }
    await new Promise<void>((resolve) => {
      const stream = createReadStream(file)
      stream.on('error', () => {
        res.destroy()
        resolve()
      })
      stream.on('end', resolve)
      res.on('close', resolve)
      stream.pipe(res)
    })
    return true
  }
}
