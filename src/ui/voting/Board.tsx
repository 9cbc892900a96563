/** Live tally: participation against the 2/3 line, agreement against 3/4 or 1/2, conflicts. */
import { Show } from 'solid-js'
import { parseAreaCenti } from '../../domain/law/area'
import type { TallyResult } from '../../domain/voting/tally'
import { t } from '../../i18n'

function Meter(props: {
  label: string
  part: number
  whole: number
  text: string
  line: number
  lineText: string
  testid: string
}) {
  const pct = () => (props.whole > 0 ? Math.min(100, (props.part / props.whole) * 100) : 0) // display only; the verdict is exact
  return (
    <div class="meter" data-testid={props.testid}>
      <div class="meter__label">
        <span>{props.label}</span>
        <strong>{props.text}</strong>
      </div>
      <div
        class="meter__track"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct())}
        aria-label={props.label}
      >
        <div class="meter__fill" style={{ width: `${pct()}%` }} />
        <div class="meter__line" style={{ left: `${props.line * 100}%` }} title={props.lineText} />
      </div>
      <div class="meter__foot muted">{t('voting.line', { line: props.lineText })}</div>
    </div>
  )
}

export function Board(props: { result: TallyResult; matter: 'special' | 'ordinary'; big?: boolean }) {
  const r = () => props.result
  const c = (s: string) => parseAreaCenti(s)
  const approvalLine = () => (props.matter === 'special' ? 0.75 : 0.5)
  const approvalText = () => (props.matter === 'special' ? '≥ 3/4' : '> 1/2')
  return (
    <section class="card board" classList={{ 'board--big': !!props.big }} data-testid="board">
      <h2>{t('voting.board')}</h2>
      <div
        class="board__verdict"
        data-testid="verdict"
        data-passed={String(r().passed)}
        data-provisional={String(r().provisional)}
      >
        {r().passed ? t('voting.passed') : t('voting.failed')}
        <Show when={!r().participationMet}>
          <span class="muted">（{t('voting.participationNotMet')}）</span>
        </Show>
        <Show when={r().provisional}>
          <span class="warning" data-testid="provisional">
            （{t('voting.provisional')}）
          </span>
        </Show>
      </div>
      <Meter
        testid="m-part-area"
        label={t('voting.participationArea')}
        part={c(r().participatingArea)}
        whole={c(r().totalArea)}
        text={`${r().participatingArea} / ${r().totalArea} m²`}
        line={2 / 3}
        lineText="≥ 2/3"
      />
      <Meter
        testid="m-part-heads"
        label={t('voting.participationHeads')}
        part={r().participatingHeads}
        whole={r().totalHeads}
        text={`${r().participatingHeads} / ${r().totalHeads}`}
        line={2 / 3}
        lineText="≥ 2/3"
      />
      <Meter
        testid="m-agree-area"
        label={t('voting.agreeArea')}
        part={c(r().agreeArea)}
        whole={c(r().participatingArea)}
        text={`${r().agreeArea} / ${r().participatingArea} m²`}
        line={approvalLine()}
        lineText={approvalText()}
      />
      <Meter
        testid="m-agree-heads"
        label={t('voting.agreeHeads')}
        part={r().agreeHeads}
        whole={r().participatingHeads}
        text={`${r().agreeHeads} / ${r().participatingHeads}`}
        line={approvalLine()}
        lineText={approvalText()}
      />
      <p class="board__conflicts">
        {t('voting.conflicts')}：<strong data-testid="conflict-count">{r().conflicts.length}</strong>
      </p>
    </section>
  )
}
