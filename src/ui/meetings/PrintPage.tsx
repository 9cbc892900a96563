/**
 * Printable sealed minutes `/c/:councilId/meetings/:meetingId/print` (A4, Chinese, system fonts):
 * everything comes from the minutes doc itself — the rich text and the record frozen in its seal —
 * so the printout shows exactly what the hash covers. The QR code carries the doc name and hash.
 */
import { useParams } from '@solidjs/router'
import { createMemo, createResource, For, Show, type JSX } from 'solid-js'
import QRCode from 'qrcode'
import { t } from '../../i18n'
import { MINUTES_FIELD, canonicalFragment, verifySeal } from '../../domain/meetings/canonical'
import { isMeetingId, type MeetingId } from '../../domain/meetings/ids'
import { readSeal } from '../../domain/meetings/minutes'
import type { SealedRecord } from '../../domain/meetings/queries'
import { AccessNotice } from '../AccessNotice'
import { useCouncilAccess } from '../session'
import { RichView } from './RichView'
import { SignatureView } from './SignaturePad'
import { partyLabel } from './AttendeesSection'
import { useYVersion } from './useMeeting'
import './print.css'
import { docName } from '../../domain/docTypes'
import { useDoc } from '../useDoc'
import { formatDate, formatDateTime } from '../../i18n/dates'

const fmt = (iso: string): string => formatDateTime(iso)

export default function PrintPage(): JSX.Element {
  const params = useParams<{ councilId: string; meetingId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  return (
    <Show when={isMeetingId(params.meetingId) && access().canRead('minutes')} fallback={<AccessNotice pending={0} />}>
      <Show when={`${params.councilId}/${params.meetingId}`} keyed>
        {(_key) => <PrintView councilId={params.councilId} meetingId={params.meetingId as MeetingId} />}
      </Show>
    </Show>
  )
}

function PrintView(props: { councilId: string; meetingId: MeetingId }): JSX.Element {
  const name = docName('minutes', props.councilId, props.meetingId)
  const minutes = useDoc(name)
  const v = useYVersion(minutes.handle.doc)
  const seal = createMemo(() => (v(), minutes.ready() ? readSeal(minutes.handle.doc) : null))
  const content = createMemo(() => (v(), canonicalFragment(minutes.handle.doc.getXmlFragment(MINUTES_FIELD))))
  const ok = createMemo(
    () => (
      v(),
      (() => {
        const r = verifySeal(minutes.handle.doc)
        return r.sealed && r.ok
      })()
    ),
  )
  const record = () => seal()?.record as SealedRecord | null
  const [qr] = createResource(
    () => seal()?.hash,
    (hash) => QRCode.toDataURL(`yishi:${name}#sha256=${hash}`, { errorCorrectionLevel: 'M', margin: 1, width: 240 }),
  )

  return (
    <Show
      when={seal()}
      fallback={
        <p class="card no-print" data-testid="print-not-sealed">
          {minutes.ready() ? t('print.notSealed') : t('meetings.loading')}
        </p>
      }
    >
      {(s) => (
        <article class="minutes-print" data-testid="minutes-print" data-qr={qr() ? 'ready' : 'pending'}>
          <p class="no-print">
            <button type="button" class="btn btn--primary" onClick={() => window.print()}>
              {t('print.button')}
            </button>
          </p>
          <h1>
            {record()?.meta.title ?? ''}
            {t('print.title')}
          </h1>
          <Show when={record()}>
            {(r) => (
              <>
                <table class="print-facts">
                  <tbody>
                    <tr>
                      <th>{t('print.time')}</th>
                      <td>{formatDateTime(r().meta.startsAt)}</td>
                      <th>{t('print.place')}</th>
                      <td>{r().meta.place}</td>
                    </tr>
                    <tr>
                      <th>{t('print.convener')}</th>
                      <td>{r().meta.convener}</td>
                      <th>{t('print.attendees')}</th>
                      <td>
                        {r()
                          .attendees.filter((a) => a.signIn)
                          .map((a) => `${a.name}（${partyLabel(a.party)}）`)
                          .join('、')}
                      </td>
                    </tr>
                    <tr>
                      <th>{t('print.absent')}</th>
                      <td colSpan={3}>
                        {r()
                          .attendees.filter((a) => !a.signIn)
                          .map((a) => a.name)
                          .join('、') || '—'}
                      </td>
                    </tr>
                  </tbody>
                </table>
                <h2>{t('print.agenda')}</h2>
                <ol>
                  <For each={r().agenda}>
                    {(a) => (
                      <li>
                        {a.title}
                        <Show when={a.presenter}>（{a.presenter}）</Show>
                        <Show when={a.linkedId}>〔{a.linkedId}〕</Show>
                      </li>
                    )}
                  </For>
                </ol>
              </>
            )}
          </Show>
          <h2>{t('print.minutes')}</h2>
          <RichView content={content()} class="rich-view print-body" />
          <Show when={record()}>
            {(r) => (
              <>
                <h2>{t('print.decisions')}</h2>
                <ol>
                  <For each={r().decisions}>
                    {(d) => (
                      <li>
                        {d.text}
                        <Show when={d.votes}>
                          {(vv) => (
                            <>
                              （
                              {t('meeting.decision.votes', {
                                for: vv().for,
                                against: vv().against,
                                abstain: vv().abstain,
                              })}
                              ）
                            </>
                          )}
                        </Show>
                      </li>
                    )}
                  </For>
                </ol>
                <h2>{t('print.actions')}</h2>
                <table class="print-table">
                  <thead>
                    <tr>
                      <th>{t('meeting.action.what')}</th>
                      <th>{t('meeting.action.owner')}</th>
                      <th>{t('meeting.action.due')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={r().actions}>
                      {(a) => (
                        <tr>
                          <td>{a.what}</td>
                          <td>{a.owner}</td>
                          <td>{formatDate(a.due)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
                <h2>{t('print.signatures')}</h2>
                <div class="print-signatures">
                  <For each={r().attendees.filter((a) => a.signIn)}>
                    {(a) => (
                      <div class="print-signature">
                        <Show
                          when={a.signIn?.signature}
                          fallback={<span class="print-signature__name">{t('meeting.signIn.present')}</span>}
                        >
                          {(sig) => <SignatureView signature={sig()} />}
                        </Show>
                        <span class="print-signature__label">{a.name}</span>
                      </div>
                    )}
                  </For>
                </div>
              </>
            )}
          </Show>
          <footer class="print-seal">
            <div>
              <p>{t('print.sealed', { name: s().sealedByName, at: fmt(s().sealedAt) })}</p>
              <p>
                {t('print.hash')}：<code data-testid="print-hash">{s().hash}</code>
              </p>
              <p class={ok() ? 'ok' : 'warn'}>{ok() ? t('minutes.verified') : t('minutes.notVerified')}</p>
            </div>
            <Show when={qr()}>
              {(src) => <img class="print-qr" src={src()} alt={s().hash} width="120" height="120" />}
            </Show>
          </footer>
        </article>
      )}
    </Show>
  )
}
