/**
 * `/v/:councilId/:voteId/:hash` — public, no login: what a resident reaches by scanning the notice's
 * QR code or typing the short link printed under it. Says in large type whether the notice matches
 * the system record, shows the system's figures, and lets a voter type their receipt code: the code
 * is hashed HERE (receipt.ts) and looked up in the published receipt list — it is never sent.
 */
import { TextField } from '../form/Form'
import { useParams } from '@solidjs/router'
import { createResource, createSignal, Match, Show, Switch } from 'solid-js'
import { lookupReceipt, type ReceiptLookup, type ReceiptStatus } from '../../domain/voting/receipt'
import type { TallyResult } from '../../domain/voting/tally'
import { t } from '../../i18n'
import { verifyApiUrl } from './verifyLink'
import './voting.css'

interface VerifyAnswer {
  valid: boolean
  hash: string
  status: 'draft' | 'open' | 'closed'
  result: {
    title: string
    tally: TallyResult
    receipts: Array<[string, ReceiptStatus]>
  }
}

type Loaded = { kind: 'ok'; answer: VerifyAnswer } | { kind: 'not-found' } | { kind: 'error' }

async function load(p: { councilId: string; voteId: string; hash: string }): Promise<Loaded> {
  try {
    const res = await fetch(verifyApiUrl(p.councilId, p.voteId, p.hash))
    if (res.status === 404 || res.status === 400) return { kind: 'not-found' }
    if (!res.ok) return { kind: 'error' }
    return { kind: 'ok', answer: (await res.json()) as VerifyAnswer }
  } catch {
    return { kind: 'error' }
  }
}

export default function VerifyPage() {
  const params = useParams<{ councilId: string; voteId: string; hash: string }>()
  const [data] = createResource(
    () => ({ councilId: params.councilId, voteId: params.voteId, hash: params.hash ?? '' }),
    load,
  )
  return (
    <div class="verify-page stack" data-testid="verify-page">
      <h1 class="verify__heading">{t('receipts.verify.title')}</h1>
      <Show when={data()} fallback={<p class="verify__verdict">{t('receipts.verify.loading')}</p>}>
        {(d) => (
          <Switch>
            <Match when={d().kind === 'not-found'}>
              <p class="verify__verdict verify__verdict--bad" data-testid="verify-verdict" data-valid="unknown">
                {t('receipts.verify.notFound')}
              </p>
            </Match>
            <Match when={d().kind === 'error'}>
              <p class="verify__verdict verify__verdict--bad" data-testid="verify-verdict" data-valid="unknown">
                {t('receipts.verify.error')}
              </p>
            </Match>
            <Match when={d().kind === 'ok' && (d() as { answer: VerifyAnswer }).answer}>
              {(a) => <Verified answer={a()} voteId={params.voteId} />}
            </Match>
          </Switch>
        )}
      </Show>
    </div>
  )
}

function Verified(props: { answer: VerifyAnswer; voteId: string }) {
  const r = () => props.answer.result
  const tally = () => r().tally
  return (
    <>
      <p
        class={`verify__verdict ${props.answer.valid ? 'verify__verdict--ok' : 'verify__verdict--bad'}`}
        data-testid="verify-verdict"
        data-valid={String(props.answer.valid)}
      >
        {props.answer.valid ? `✓ ${t('receipts.verify.match')}` : `✗ ${t('receipts.verify.mismatch')}`}
      </p>
      <Show when={!props.answer.valid}>
        <p class="verify__hint">{t('receipts.verify.mismatchHint')}</p>
      </Show>
      <section class="card verify__figures" data-testid="verify-figures">
        <h2>
          {t('receipts.verify.system')} · {r().title}（{t(`receipts.verify.status.${props.answer.status}`)}）
        </h2>
        <p>
          {t('receipts.verify.part', {
            area: tally().participatingArea,
            heads: tally().participatingHeads,
            totalArea: tally().totalArea,
            totalHeads: tally().totalHeads,
          })}
        </p>
        <p>{t('receipts.verify.agree', { area: tally().agreeArea, heads: tally().agreeHeads })}</p>
        <p class="verify__result" data-testid="verify-result">
          {tally().passed ? t('receipts.verify.passed') : t('receipts.verify.failed')}
          {tally().provisional ? t('receipts.verify.provisional') : ''}
        </p>
        <p class="verify__hash">
          {t('receipts.verify.hash')}：{props.answer.hash}
        </p>
      </section>
      <ReceiptLookupForm voteId={props.voteId} receipts={r().receipts} />
    </>
  )
}

function lookupText(l: ReceiptLookup | null): string {
  if (l === null) return t('receipts.lookup.bad')
  if (!l.found) return t('receipts.lookup.none')
  switch (l.status) {
    case 'agree':
    case 'oppose':
    case 'abstain':
      return t('receipts.lookup.counted', { choice: t(`receipts.choice.${l.status}`) })
    case 'discarded':
      return t('receipts.lookup.discarded')
    case 'conflict':
      return t('receipts.lookup.conflict')
    default:
      return t('receipts.lookup.notOnRoll')
  }
}

function ReceiptLookupForm(props: { voteId: string; receipts: Array<[string, ReceiptStatus]> }) {
  const [code, setCode] = createSignal('')
  const [answer, setAnswer] = createSignal<ReceiptLookup | null | undefined>(undefined)
  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    setAnswer(lookupReceipt(props.voteId, code(), props.receipts))
  }
  return (
    <form class="card verify__lookup" onSubmit={submit} data-testid="receipt-lookup">
      <h2>{t('receipts.lookup.title')}</h2>
      <TextField
        label={t('receipts.lookup.label')}
        value={code()}
        onInput={setCode}
        autocomplete="off"
        autocapitalize="characters"
        spellcheck={false}
        data-testid="receipt-code"
      />
      <button class="btn btn--primary" type="submit" data-testid="receipt-submit">
        {t('receipts.lookup.submit')}
      </button>
      <Show when={answer() !== undefined}>
        <p
          class={`verify__answer ${answer()?.found && ['agree', 'oppose', 'abstain'].includes(answer()?.status ?? '') ? 'verify__answer--ok' : ''}`}
          data-testid="receipt-answer"
          role="status"
        >
          {lookupText(answer() ?? null)}
        </p>
      </Show>
    </form>
  )
}
