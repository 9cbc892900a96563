/**
 * The receipt code of a ballot just recorded, shown large for the voter, with a printable slip (for
 * door-to-door ballots the head leaves the slip with the household). The code is kept nowhere else
 * (receipt.ts); the slip does not say the choice (whoever sees a slip should not learn the vote).
 */
import { t } from '../../i18n'

export function ReceiptSlip(props: { code: string; title: string; household: string }) {
  const print = () => {
    document.body.classList.add('printing-slip')
    const done = () => {
      document.body.classList.remove('printing-slip')
      window.removeEventListener('afterprint', done)
    }
    window.addEventListener('afterprint', done)
    window.print()
  }
  return (
    <section class="receipt-slip card" data-testid="receipt-slip">
      <h3 class="receipt-slip__title">{t('receipts.slipTitle')}</h3>
      <p>{t('receipts.slipVote', { title: props.title })}</p>
      <p>
        {t('receipts.code')}：
        <strong class="receipt-slip__code" data-testid="receipt-code-shown">
          {props.code}
        </strong>
      </p>
      <p class="receipt-slip__how">{t('receipts.slipHow')}</p>
      <p class="no-print muted">{t('receipts.keep')}</p>
      <button type="button" class="btn no-print" onClick={print} data-testid="receipt-print">
        {t('receipts.print')}
      </button>
    </section>
  )
}
