/**
 * The one shape of a domain command's answer (every function in src/domain/<feature>/ that writes to
 * a Y.Doc). tldraw's `MigrationResult` is the model: failure the user can cause is data, not an
 * exception.
 *
 * - A command that can refuse (wrong state, bad input, a record it does not know) returns
 *   `Result<T, Code>`. A refusal writes nothing: the doc's state vector is what it was before.
 * - `code` is a stable string, `<feature>.<what>` (`vote.not_open`, `case.reason_required`). The UI
 *   turns it into a sentence with the feature's dictionary (src/i18n/features/*), never shows it raw;
 *   `detail` is machine data for that sentence (flat ids, field paths), not prose.
 * - A command that cannot refuse (a write whose input the type system already guarantees, e.g.
 *   `removeInvitee`, `undoSignIn`) keeps returning its value or `void`; its doc comment says so.
 * - Programmer mistakes and impossible states (a malformed doc-name part, a missing migration step)
 *   still throw. tests/unit/domain/commandResults.test.ts keeps `throw new` out of command modules
 *   except for the few listed there with the reason.
 */

export type Ok<T> = { readonly ok: true; readonly value: T }
export type Fail<C extends string = string> = { readonly ok: false; readonly code: C; readonly detail?: string }
export type Result<T = void, C extends string = string> = Ok<T> | Fail<C>

export function ok(): Ok<void>
export function ok<T>(value: T): Ok<T>
export function ok<T>(value?: T): Ok<T | undefined> {
  return { ok: true, value }
}

export function fail<C extends string>(code: C, detail?: string): Fail<C> {
  return detail === undefined ? { ok: false, code } : { ok: false, code, detail }
}

/** Zod issue paths as a refusal's detail ("title,closesAt"): which fields the form should point at. */
type ZodIssues = { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> }> }

export function issuePaths(error: ZodIssues): string {
  return error.issues.map((i) => i.path.map(String).join('.')).join(',')
}

/** Input checked against its schema: the parsed value, or `code` with the failing fields as detail. */
export function parseAs<T, C extends string>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodIssues } },
  value: unknown,
  code: C,
): Result<T, C> {
  const r = schema.safeParse(value)
  return r.success ? ok(r.data) : fail(code, issuePaths(r.error))
}

/**
 * For tests and set-up code that has just arranged a state where the command must succeed: the value,
 * or an Error naming the code. Never in src/ui or server request paths — there a refusal is shown.
 */
export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value
  throw new Error(`unexpected refusal ${r.code}${r.detail ? ` (${r.detail})` : ''}`)
}
