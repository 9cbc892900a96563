/**
 * Operator commands: `npm run yishi -- <command>`.
 *   admin create --phone <phone> --name <name>   (password from YISHI_ADMIN_PASSWORD or prompted)
 *   demo                                         load the demo compound and accounts (server/demo/)
 *   backup <file>                                portable backup of documents + accounts (server/backup.ts)
 *   restore <file> [--force]                     restore a backup into an empty target
 *   reindex                                      reconcile escalations (server/escalation), then drop and
 *                                                rebuild the read-model tables from the docs
 * Works on the data directory directly (YISHI_DATA_DIR, default ./data); backup/restore also follow
 * YISHI_STORAGE / DATABASE_URL / YISHI_PG_SCHEMA like the server.
 */
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { hashPassword, MIN_PASSWORD_LENGTH } from './auth/passwords'

const dataDir = process.env.YISHI_DATA_DIR ?? './data'

async function promptHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  // Mute echo so the password never appears on screen or in terminal scrollback.
  const out = rl as unknown as { _writeToOutput: (s: string) => void }
  let asked = false
  out._writeToOutput = (s: string) => {
    if (!asked) {
      process.stdout.write(s)
      asked = true
    }
  }
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve))
  rl.close()
  process.stdout.write('\n')
  return answer
}

async function adminCreate(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { phone: { type: 'string' }, name: { type: 'string' } } })
  if (!values.phone || !/^1[3-9]\d{9}$/.test(values.phone))
    fail('请用 --phone 提供 11 位手机号 / --phone must be an 11-digit mobile number')
  if (!values.name) fail('请用 --name 提供姓名 / --name is required')
  const password = process.env.YISHI_ADMIN_PASSWORD ?? (await promptHidden('密码 / Password: '))
  if (password.length < MIN_PASSWORD_LENGTH)
    fail(`密码至少 ${MIN_PASSWORD_LENGTH} 位 / password needs at least ${MIN_PASSWORD_LENGTH} characters`)
  const { configFromEnv } = await import('./config')
  const { openAccountStore } = await import('./app')
  const accounts = await openAccountStore(configFromEnv(process.env))
  try {
    const existing = await accounts.userByPhone(values.phone!)
    if (existing) fail('该手机号已有账号 / an account with this phone already exists')
    const user = await accounts.createUser({
      phone: values.phone!,
      name: values.name!,
      passwordHash: await hashPassword(password),
      isAdmin: true,
    })
    await accounts.audit({
      at: Date.now(),
      userId: user.id,
      action: 'admin.create',
      target: user.id,
      detail: { via: 'cli' },
    })
    console.log(`管理员已创建 / administrator created: ${user.name} (${user.phone}), id ${user.id}`)
  } finally {
    await accounts.close()
  }
}

async function reindexCommand() {
  const { configFromEnv } = await import('./config')
  const { openAccountStore, openDocStore } = await import('./app')
  const { openReadModel } = await import('./readmodel/open')
  const { reindex } = await import('./readmodel/reindex')
  const { catchUpOffline } = await import('./escalation/catchUpCommand')
  const { createLogger } = await import('./log')
  const cfg = configFromEnv(process.env)
  const store = await openDocStore(cfg)
  const { rm } = await openReadModel(cfg)
  try {
    // Escalations a crash left half-written first, so the rebuilt tables include what it writes.
    const accounts = await openAccountStore(cfg)
    try {
      const e = await catchUpOffline(store, accounts, cfg.compactAfterUpdates, createLogger('warn'))
      console.log(`上级受理已核对 / escalations reconciled: ${e.docs} docs, ${e.written} written`)
    } finally {
      await accounts.close()
    }
    let shown = 0
    const r = await reindex(store, rm, (p) => {
      if (p.docs - shown < 200) return
      shown = p.docs
      console.log(`… ${p.docs} 个文档 / docs, ${p.events} 个事件 / events, ${(p.ms / 1000).toFixed(1)} s`)
    })
    console.log(
      `读模型已重建 / read models rebuilt: ${r.docs} docs, ${r.events} events, ${r.votes} votes, ${r.cases} cases in ${(r.ms / 1000).toFixed(1)} s; tables ${(
        (await rm.sizeBytes()) / 1e6
      ).toFixed(1)} MB`,
    )
  } finally {
    await rm.close()
    await store.close()
  }
}

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

const [command, sub, ...rest] = process.argv.slice(2)
if (command === 'admin' && sub === 'create') await adminCreate(rest)
else if (command === 'demo')
  // YISHI_DEMO_END: the demo's "now" in epoch ms (tests; default the real now)
  await (await import('./demo/loadDemo')).loadDemo(dataDir, Number(process.env.YISHI_DEMO_END) || Date.now())
else if (command === 'reindex') await reindexCommand()
else if (command === 'backup' || command === 'restore') {
  const { configFromEnv } = await import('./config')
  try {
    await (await import('./backup')).runBackupCommand(
      configFromEnv(process.env),
      command,
      [sub ?? '', ...rest].filter(Boolean),
    )
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e))
  }
} else
  fail(
    '用法 / usage: npm run yishi -- admin create --phone <phone> --name <name> | demo | backup <file> | restore <file> [--force] | reindex',
  )
