/** Shell: header, banners, and lazily loaded routes; nobody signed in → the login/setup screens. */
import { Route, Router, useLocation, type RouteSectionProps } from '@solidjs/router'
import { lazy, Show } from 'solid-js'
import { Header } from './Header'
import { OfflineBanner, RefusalBanner, UpdatePrompt } from './Banners'
import { docGeneration } from '../sync/docGeneration'
import { useStore } from './bridge'
import { SessionBanner } from './auth/SessionBanner'
import { useAuth } from './session'
import { t } from '../i18n'

const AuthGate = lazy(() => import('./auth/AuthGate'))
const HomePage = lazy(() => import('./home/HomePage'))
const CouncilPage = lazy(() => import('./council/CouncilPage'))
const RollPage = lazy(() => import('./roll/RollPage'))
const NotesPage = lazy(() => import('./notes/NotesPage'))
const ProfilePage = lazy(() => import('./profile/ProfilePage'))
const RefusedPage = lazy(() => import('./refused/RefusedPage'))
const VoteListPage = lazy(() => import('./voting/VoteListPage'))
const VotePage = lazy(() => import('./voting/VotePage'))
const VoteBoardPage = lazy(() => import('./voting/BoardPage'))
const VoteNoticePage = lazy(() => import('./voting/NoticePage'))
const VoteVerifyPage = lazy(() => import('./voting/VerifyPage'))
const MeetingsPage = lazy(() => import('./meetings/MeetingsPage'))
const MeetingPage = lazy(() => import('./meetings/MeetingPage'))
const MeetingPrintPage = lazy(() => import('./meetings/PrintPage'))
const FollowUpsPage = lazy(() => import('./meetings/FollowUpsPage'))
const GridPage = lazy(() => import('./grid/GridPage'))
const GridEventsPage = lazy(() => import('./grid/EventsPage'))
const GridEventPage = lazy(() => import('./grid/EventPage'))
const QueuePage = lazy(() => import('./escalation/QueuePage'))
const QueuesPage = lazy(() => import('./escalation/QueuePage').then((m) => ({ default: m.QueuesPage })))
const GridDashboardPage = lazy(() => import('./grid/DashboardPage'))
const GridReportPage = lazy(() => import('./grid/ReportPage'))
const GridListsPage = lazy(() => import('./grid/ListsPage'))
const ProposalsPage = lazy(() => import('./proposals/ProposalsPage'))
const ProposalPage = lazy(() => import('./proposals/ProposalPage'))
const CanvassPage = lazy(() => import('./canvass/CanvassPage'))
const CanvassSummaryPage = lazy(() => import('./canvass/SummaryPage'))
const CasesPage = lazy(() => import('./mediation/CasesPage'))
const CasePage = lazy(() => import('./mediation/CasePage'))
const AgreementPrint = lazy(() => import('./mediation/AgreementPrint'))
const MediationStats = lazy(() => import('./mediation/StatsPage'))
const OrgDashboardPage = lazy(() => import('./org/OrgDashboardPage'))
const OrgReportPage = lazy(() => import('./org/OrgReportPage'))
const OrgAdminPage = lazy(() => import('./orgAdmin/OrgAdminPage'))
const StaffHomePage = lazy(() => import('./org/StaffHomePage'))

function Layout(props: RouteSectionProps) {
  const auth = useAuth()
  const signedIn = () => auth().kind === 'signed-in'
  // A doc rebuilt after a refusal (docRegistry) is a new Y.Doc: pages re-mount onto it.
  const generation = useStore(docGeneration)
  const location = useLocation()
  // The verify page of a printed notice is public: anyone who scans the QR code may read it.
  const isPublic = () => location.pathname.startsWith('/v/')
  return (
    <>
      <Header signedIn={signedIn()} />
      <UpdatePrompt />
      <SessionBanner />
      <OfflineBanner />
      <RefusalBanner />
      <main class="app-main">
        <Show when={signedIn() || isPublic()} fallback={<AuthGate />}>
          <Show when={generation() + 1} keyed>
            {props.children}
          </Show>
        </Show>
      </main>
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
      <Route path="/c/:councilId" component={CouncilPage} />
      <Route path="/c/:councilId/roll" component={RollPage} />
      <Route path="/c/:councilId/notes" component={NotesPage} />
      <Route path="/c/:councilId/meetings" component={MeetingsPage} />
      <Route path="/c/:councilId/meetings/:meetingId" component={MeetingPage} />
      <Route path="/c/:councilId/meetings/:meetingId/print" component={MeetingPrintPage} />
      <Route path="/c/:councilId/followups" component={FollowUpsPage} />
      <Route path="/c/:councilId/grid" component={GridPage} />
      <Route path="/c/:councilId/grid/events" component={GridEventsPage} />
      <Route path="/c/:councilId/grid/events/:eventId" component={GridEventPage} />
      <Route path="/c/:councilId/grid/dashboard" component={GridDashboardPage} />
      <Route path="/c/:councilId/grid/report" component={GridReportPage} />
      <Route path="/c/:councilId/grid/lists" component={GridListsPage} />
      <Route path="/c/:councilId/proposals" component={ProposalsPage} />
      <Route path="/c/:councilId/proposals/:proposalId" component={ProposalPage} />
      <Route path="/c/:councilId/proposals/:proposalId/canvass" component={CanvassPage} />
      <Route path="/c/:councilId/proposals/:proposalId/summary" component={CanvassSummaryPage} />
      <Route path="/c/:councilId/cases" component={CasesPage} />
      <Route path="/c/:councilId/cases/stats" component={MediationStats} />
      <Route path="/c/:councilId/cases/:caseId" component={CasePage} />
      <Route path="/c/:councilId/cases/:caseId/agreement" component={AgreementPrint} />
      <Route path="/c/:councilId/votes" component={VoteListPage} />
      <Route path="/c/:councilId/votes/:voteId" component={VotePage} />
      <Route path="/c/:councilId/votes/:voteId/board" component={VoteBoardPage} />
      <Route path="/c/:councilId/votes/:voteId/notice" component={VoteNoticePage} />
      <Route path="/v/:councilId/:voteId/:hash" component={VoteVerifyPage} />
      <Route path="/org/:nodeId" component={OrgDashboardPage} />
      <Route path="/org/:nodeId/report" component={OrgReportPage} />
      <Route path="/admin/org" component={OrgAdminPage} />
      <Route path="/staff" component={StaffHomePage} />
      <Route path="/q" component={QueuesPage} />
      <Route path="/q/:nodeId" component={QueuePage} />
      <Route path="/profile" component={ProfilePage} />
      <Route path="/refused" component={RefusedPage} />
      <Route path="*" component={NotFound} />
    </Router>
  )
}
