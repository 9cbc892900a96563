/**
 * The busy/error state every submitting form shares: `run` ignores a second submit while one is in
 * flight, clears the last error, and turns a failure into one sentence in the user's language.
 * Kept tiny and free of lazy imports: the sign-in form (initial bundle) uses it.
 */
import { createSignal } from 'solid-js'
import { errorText } from '../errorText'

export interface Submit {
  busy: () => boolean
  error: () => string
  /** Show a message without submitting (a validation failure); '' clears it. */
  fail: (message: string) => void
  run: (work: () => Promise<unknown>, opts?: { keepErrorWhileBusy?: boolean }) => Promise<void>
}

export function useSubmit(toText: (err: unknown) => string = errorText): Submit {
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal('')
  const run: Submit['run'] = async (work, opts) => {
    if (busy()) return
    setBusy(true)
    if (!opts?.keepErrorWhileBusy) setError('')
    try {
      await work()
      setError('')
    } catch (err) {
      setError(toText(err))
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, fail: setError, run }
}
