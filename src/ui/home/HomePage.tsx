import { A } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { t } from '../../i18n'
import { useStore } from '../bridge'
import { addCouncil, knownCouncils } from './knownCouncils'

export default function HomePage() {
  const councils = useStore(knownCouncils)
  const [name, setName] = createSignal('')
  const submit = (e: Event) => {
    e.preventDefault()
    if (name().trim()) addCouncil(name())
    setName('')
  }
  return (
    <section class="card">
      <h1>{t('home.title')}</h1>
      <Show
        when={councils().length > 0}
        fallback={
          <p class="empty" data-testid="home-empty">
            {t('home.empty')}
          </p>
        }
      >
        <ul class="council-list">
          <For each={councils()}>
            {(c) => (
              <li>
                <A class="council-list__item" href={`/notes/${c.id}`}>
                  {c.name}
                </A>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <A class="btn btn--primary" href="/notes/default">
        {t('home.openNotes')}
      </A>
      <form class="inline-form" onSubmit={submit}>
        <label class="field">
          <span>{t('home.addCouncil')}</span>
          <input
            value={name()}
            maxLength={60}
            placeholder={t('home.councilName')}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="btn">
          {t('home.add')}
        </button>
      </form>
    </section>
  )
}
