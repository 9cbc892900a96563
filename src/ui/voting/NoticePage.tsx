/**
 * `/c/:councilId/votes/:voteId/notice`: the result notice (公示) for A4 printing — figures, the rule
 * applied, flats that voted (flat + area only; never names or phones), conflict resolutions, and the
 * SHA-256 of the canonical result (src/domain/voting/canonical.ts) with a QR code of the verify URL.
 */
import { A, useParams } from '@solidjs/router'
import { createMemo, createResource, For, Show } from 'solid-js'
import QRCode from 'qrcode'
import { canonicalResult, resultHash } from '../../domain/voting/canonical'
import { t } from '../../i18n'
import { AccessNotice } from '../AccessNotice'
import { useCouncilAccess, useSession } from '../session'
import { useVote } from './useVote'
import { shortVerifyPath, verifyPath } from './verifyLink'
import type { ReceiptStatus } from '../../domain/voting/receipt'
import './voting.css'
import { formatDate, formatDateTime } from '../../i18n/dates'

export default function NoticePage() {
  const params = useParams<{ councilId: string; voteId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  return (
    <Show when={access().canRead('vote')} fallback={<AccessNotice pending={0} />}>
      <NoticeView councilId={params.councilId} voteId={params.voteId} />
    </Show>
  )
}

const receiptStatusText = (s: ReceiptStatus) =>
  s === 'agree' || s === 'oppose' || s === 'abstain'
    ? t(`receipts.choice.${s}`)
    : s === 'discarded'
      ? t('receipts.notice.discarded')
      : s === 'conflict'
        ? t('receipts.notice.conflict')
        : t('receipts.notice.notOnRoll')

const fmtTime = (ms: number | null) => formatDateTime(ms)

function NoticeView(props: { councilId: string; voteId: string }) {
  const session = useSession()
  const vote = useVote(props.councilId, props.voteId)
  const council = () => session()?.councils.find((c) => c.id === props.councilId)
  const result = createMemo(() => canonicalResult(vote.snap()))
  /** A ballot as the notice's reader can check it: channel, paper serial or recorder, time — never its id. */
  const ballotText = (id: string): string => {
    const b = [...vote.snap().ballots, ...vote.snap().late].find((x) => x.id === id)
    if (!b) return t('voting.ballotUnknown')
    const who = b.paperSerial ? t('voting.ballotSerial', { serial: b.paperSerial }) : (b.recordedByName ?? '')
    return `${t(`voting.channel.${b.channel}`)}${who ? ` ${who}` : ''}（${formatDateTime(b.at)}）`
  }
  const hash = createMemo(() => {
    const r = result()
    return r ? resultHash(r) : null
  })
  // QR: the full hash; printed for typing: the short link (both open the human verify page)
  const verifyUrl = () => `${location.origin}${verifyPath(props.councilId, props.voteId, hash() ?? '')}`
  const shortUrl = () => `${location.origin}${shortVerifyPath(props.councilId, props.voteId, hash() ?? '')}`
  const [qr] = createResource(
    () => hash(),
    async () => QRCode.toString(verifyUrl(), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
  )
  return (
    <div class="notice-page">
      <div class="no-print notice-tools">
        <A href={`/c/${props.councilId}/votes/${props.voteId}`} class="back-link">
          ← {t('voting.title')}
        </A>
        <button type="button" class="btn btn--primary" onClick={() => window.print()} data-testid="print-notice">
          {t('voting.printNotice')}
        </button>
      </div>
      <Show when={result()}>
        {(r) => (
          <article class="notice" data-testid="notice" data-hash={hash()}>
            <h1>关于“{r().title}”表决结果的公示</h1>
            <p class="notice__lead">
              {council()?.name ?? ''}全体业主：依据《中华人民共和国民法典》第二百七十八条，现将“
              {r().question || r().title}”的表决结果公示如下。
              {r().status === 'closed' ? '' : '（表决尚未结束，以下为截至打印时的暂定结果。）'}
            </p>
            <table class="notice__table">
              <tbody>
                <tr>
                  <th>事项类别</th>
                  <td data-testid="n-rule">
                    {r().matter === 'special'
                      ? '第二百七十八条第一款第六至八项（改建重建、筹集维修资金、改变共有部分用途）：应经参与表决专有部分面积四分之三以上且参与表决人数四分之三以上的业主同意'
                      : '其他事项：应经参与表决专有部分面积过半数且参与表决人数过半数的业主同意'}
                  </td>
                </tr>
                <tr>
                  <th>参与条件</th>
                  <td>由专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决</td>
                </tr>
                <tr>
                  <th>表决时间</th>
                  <td>
                    {formatDateTime(r().opensAt)} 至 {formatDateTime(r().closesAt)}；结束于 {fmtTime(r().closedAt)}
                  </td>
                </tr>
                <tr>
                  <th>总面积 / 总人数</th>
                  <td data-testid="n-total">
                    {r().tally.totalArea} m² / {r().tally.totalHeads} 人（{r().flats} 户）
                  </td>
                </tr>
                <tr>
                  <th>参与表决</th>
                  <td data-testid="n-part">
                    {r().tally.participatingArea} m² / {r().tally.participatingHeads} 人（
                    {r().tally.participationMet ? '达到' : '未达到'}三分之二）
                  </td>
                </tr>
                <tr>
                  <th>同意</th>
                  <td data-testid="n-agree">
                    {r().tally.agreeArea} m² / {r().tally.agreeHeads} 人
                  </td>
                </tr>
                <tr>
                  <th>选票</th>
                  <td>
                    共收到 {r().ballots.recorded} 张，计入 {r().ballots.counted} 张，经冲突处理不计{' '}
                    {r().ballots.discarded} 张；未处理冲突 {r().tally.conflicts.length} 户
                  </td>
                </tr>
                <tr>
                  <th>表决结果</th>
                  <td class="notice__verdict" data-testid="n-verdict">
                    {r().tally.passed ? '通过' : '未通过'}
                    {r().tally.provisional ? '（有冲突未处理，暂定）' : ''}
                  </td>
                </tr>
              </tbody>
            </table>
            <h2>参与表决的房屋（房号 · 面积 m²）</h2>
            <p class="notice__voted" data-testid="n-voted">
              <For each={r().voted}>
                {([h, a]) => (
                  <span class="notice__flat">
                    {h} · {a}
                  </span>
                )}
              </For>
            </p>
            <Show when={r().resolutions.length > 0}>
              <h2>冲突处理</h2>
              <ol data-testid="n-resolutions">
                <For each={r().resolutions}>
                  {(x) => (
                    <li>
                      {x.householdIds.join('、')}：保留 {ballotText(x.keepBallotId)}，不计{' '}
                      {x.discardBallotIds.map(ballotText).join('、') || '—'}；理由：{x.reason}（{fmtTime(x.at)}）
                    </li>
                  )}
                </For>
              </ol>
            </Show>
            <Show when={r().receipts.length > 0}>
              <h2>{t('receipts.notice.title')}</h2>
              <p class="muted">{t('receipts.notice.hint')}</p>
              <ol class="notice__receipts" data-testid="n-receipts">
                <For each={r().receipts}>
                  {([digest, status]) => (
                    <li>
                      {/* a machine-facing literal the owner compares, not words to read */}
                      <code lang="en">{digest.slice(0, 10)}</code> · {receiptStatusText(status)}
                    </li>
                  )}
                </For>
              </ol>
            </Show>
            <footer class="notice__verify">
              <div class="notice__qr" innerHTML={qr() ?? ''} data-testid="n-qr" />
              <div>
                <p>结果校验值（SHA-256）：</p>
                <p class="notice__hash" data-testid="n-hash">
                  {hash()}
                </p>
                <p class="muted" data-testid="n-short-link">
                  {t('receipts.notice.short', { url: shortUrl() })}
                </p>
                <p>
                  {council()?.name ?? ''} 党群议事会 · {formatDate(Date.now())}
                </p>
              </div>
            </footer>
          </article>
        )}
      </Show>
    </div>
  )
}
