/** Records one ballot on this device (offline-capable): visit on a tablet, paper ballot, or the resident's own. */
import { createSignal, For, Show } from 'solid-js'
import type * as Y from 'yjs'
import { recordBallot } from '../../domain/voting/commands'
import type { Actor } from '../../domain/actor'
import type { Channel, Choice, FrozenFlat } from '../../domain/voting/schema'
import { t } from '../../i18n'
import { voteRefusalText } from './refusals'
import { ChoiceField, SelectField, TextField } from '../form/Form'
import { beijingMs, formatDateTime } from '../../i18n/dates'
import { FlatPicker, flatName } from '../roll/FlatPicker'
import { ReceiptSlip } from './ReceiptSlip'
import { statusHub } from '../../sync/connectionStatus'
import { useStore } from '../bridge'
import { SignaturePad } from './SignaturePad'

export interface BallotFormProps {
  doc: Y.Doc
  /** the votesig doc (voters' names and signatures); null for people who may not open it — they get no tablet channel */
  sigDoc: Y.Doc | null
  actor: Actor
  roll: FrozenFlat[]
  channels: Channel[]
  /** households this person may record (null = any on the roll) */
  allowed: ((householdId: string) => boolean) | null
  /** a resident picks among their own flats */
  ownHouseholds?: string[]
  /** households that already have a ballot (marked 已投 in the flat picker) */
  voted?: ReadonlySet<string>
  /** households with a voter's signature on this vote (marked 已签名; from the votesig doc) */
  signed?: ReadonlySet<string>
  /** the vote's title, printed on the receipt slip */
  title?: string
  /** the vote's schedule (Beijing wall clock); ballots outside it are refused, here and by the server */
  opensAt?: string
  closesAt?: string
}

/** Why a ballot cannot be recorded now (before the vote's start or after its end), or null. */
export function scheduleRefusal(opensAt: string | undefined, closesAt: string | undefined, now: number): string | null {
  const opens = beijingMs(opensAt)
  const closes = beijingMs(closesAt)
  if (opens !== null && now < opens) return t('voting.err.notYetOpen', { at: formatDateTime(opensAt) })
  if (closes !== null && now > closes) return t('voting.err.pastClose', { at: formatDateTime(closesAt) })
  return null
}

export function BallotForm(props: BallotFormProps) {
  const ownLabel = (id: string) => {
    const f = props.roll.find((x) => x.householdId === id)
    return f ? flatName(f) : id
  }
  const [household, setHousehold] = createSignal(props.ownHouseholds?.[0] ?? '')
  const [choice, setChoice] = createSignal<Choice | null>(null)
  const [channel, setChannel] = createSignal<Channel>(props.channels[0] ?? 'tablet')
  const [voterName, setVoterName] = createSignal('')
  const [signature, setSignature] = createSignal('')
  const [serial, setSerial] = createSignal('')
  const [msg, setMsg] = createSignal<{ ok: boolean; text: string; detail?: string; saved?: Choice } | null>(null)
  // "联网后自动同步" only while this device is actually offline (the header's state, not navigator.onLine)
  const sync = useStore(statusHub.total)
  const savedText = (hh: string, c: Choice) =>
    t(sync().state === 'offline' ? 'voting.savedOffline' : 'voting.saved', {
      household: hh,
      choice: t(`voting.choice.${c}`),
    })
  /** the last saved ballot's receipt code: shown (and printable) until the next ballot */
  const [receipt, setReceipt] = createSignal<{ code: string; household: string } | null>(null)
  let pad: { clear(): void } | undefined

  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    const c = choice()
    if (!c) return
    const hh = household().trim()
    // Refused at entry, with the reason, exactly what the server would refuse (nothing is written).
    if (props.allowed && !props.allowed(hh)) {
      setMsg({ ok: false, text: t('refused.code.outOfScope', { flat: hh }) })
      return
    }
    // the server's ballot-window rule, checked before writing so nobody records a ballot that won't count
    const outside = scheduleRefusal(props.opensAt, props.closesAt, Date.now())
    if (outside) {
      setMsg({ ok: false, text: outside })
      return
    }
    const r = recordBallot(
      { vote: props.doc, signatures: props.sigDoc },
      {
        householdId: hh,
        choice: c,
        channel: channel(),
        voterName: voterName(),
        signature: signature(),
        paperSerial: serial(),
      },
      props.actor,
    )
    setReceipt(null)
    if (!r.ok) {
      setMsg({ ok: false, text: voteRefusalText(r), detail: r.detail })
      return
    }
    setMsg({ ok: true, text: hh, saved: c })
    setReceipt({ code: r.value.receipt, household: hh })
    setChoice(null)
    setVoterName('')
    setSerial('')
    pad?.clear()
    if (!props.ownHouseholds) setHousehold('')
  }

  return (
    <form class="card stack ballot-form" data-testid="ballot-form" onSubmit={submit}>
      <h2>{t('voting.record')}</h2>
      <Show
        when={props.ownHouseholds}
        fallback={
          <FlatPicker
            label={t('voting.household')}
            flats={props.roll}
            value={household()}
            onPick={setHousehold}
            required
            testId="ballot-flat-picker"
            mark={(id) =>
              [props.voted?.has(id) && t('voting.flatVoted'), props.signed?.has(id) && t('voting.flatSigned')]
                .filter(Boolean)
                .join(' · ') || null
            }
            disabled={(id) => !!props.allowed && !props.allowed(id)}
          />
        }
      >
        {(own) => (
          <SelectField
            label={t('voting.myHouseholds')}
            name="household"
            value={household()}
            onChange={setHousehold}
            options={own().map((h) => ({ value: h, label: ownLabel(h) }))}
          />
        )}
      </Show>
      <Show when={household() && props.allowed && !props.allowed(household().trim())}>
        <p class="warning" data-testid="not-in-scope">
          {t('voting.notInScope')}
        </p>
      </Show>
      <div class="choice-buttons" role="radiogroup" aria-label={t('voting.choice')}>
        <For each={['agree', 'oppose', 'abstain'] as Choice[]}>
          {(c) => (
            <button
              type="button"
              role="radio"
              aria-checked={choice() === c}
              class={`btn choice choice--${c}`}
              classList={{ 'choice--on': choice() === c }}
              data-testid={`choice-${c}`}
              onClick={() => setChoice(c)}
            >
              {t(`voting.choice.${c}`)}
            </button>
          )}
        </For>
      </div>
      <Show when={props.channels.length > 1}>
        <ChoiceField
          legend={t('voting.channel')}
          name="channel"
          value={channel()}
          onChange={(v) => setChannel(v as Channel)}
          options={props.channels.map((ch) => ({ value: ch, label: t(`voting.channel.${ch}`) }))}
        />
      </Show>
      <Show when={channel() === 'tablet'}>
        <TextField
          label={t('voting.voterName')}
          name="voterName"
          value={voterName()}
          onInput={setVoterName}
          maxLength={60}
        />
        <SignaturePad onChange={setSignature} ref={(api) => (pad = api)} />
      </Show>
      <Show when={channel() === 'paper'}>
        <TextField
          label={t('voting.paperSerial')}
          name="paperSerial"
          value={serial()}
          onInput={setSerial}
          maxLength={40}
        />
      </Show>
      <Show when={msg()}>
        {(m) => (
          <p class={m().ok ? 'ok' : 'error'} role="status" data-testid="ballot-msg" data-detail={m().detail ?? ''}>
            {m().saved ? savedText(m().text, m().saved!) : m().text}
          </p>
        )}
      </Show>
      <Show when={receipt()}>
        {(rc) => <ReceiptSlip code={rc().code} household={rc().household} title={props.title ?? ''} />}
      </Show>
      <button class="btn btn--primary btn--wide" type="submit" disabled={!choice()} data-testid="ballot-submit">
        {t('voting.submit')}
      </button>
    </form>
  )
}
