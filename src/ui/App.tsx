/** Shell: header, banners and lazily loaded routes (later features add more lazy routes here). */
import { Route, Router, Navigate, type RouteSectionProps } from '@solidjs/router'
import { lazy, Show } from 'solid-js'
import { openProfileDialog, profileOpen, setProfileOpen } from './profilePrompt'
import { Header } from './Header'
import { ProfileDialog } from './ProfileDialog'
import { RejectionBanner, UpdatePrompt } from './Banners'
import { t } from '../i18n'

const HomePage = lazy(() => import('./home/HomePage'))
const NotesPage = lazy(() => import('./notes/NotesPage'))


function Layout(props: RouteSectionProps) {
  return (
    <>
      <Header onEditProfile={openProfileDialog} />
      <UpdatePrompt />
      <RejectionBanner />
      <main class="app-main">{props.children}</main>
      <Show when={profileOpen()}>
        <ProfileDialog onClose={() => setProfileOpen(false)} />
      </Show>
    </>
  )
}

function NotFound() {
  return (
    <section class="card">
      <h1>{t('notFound.title')}</h1>
      <a class="btn btn--primary" href="/">
        {t('notFound.back')}
      </a>
    </section>
  )
}

export function App() {
  return (
    <Router root={Layout}>
      <Route path="/" component={HomePage} />
      <Route path="/notes" component={() => <Navigate href="/notes/default" />} />
      <Route path="/notes/:id" component={NotesPage} />
      <Route path="*" component={NotFound} />
    </Router>
  )
}
