import { signOut, useSession } from '../shared/auth';
import { match, useRoute } from '../shared/router';
import { SignIn } from '../shared/sign-in';
import { Alert, Button, Layout, Status } from '../shared/ui';
import { consoleMessages } from './messages';
import { AnalyticsScreen } from './screens/analytics';
import { AuditScreen } from './screens/audit';
import { CatalogScreen } from './screens/catalog';
import { ConversationScreen, ConversationsScreen } from './screens/conversations';
import { CustomerScreen, CustomersScreen } from './screens/customers';
import { HoursScreen } from './screens/hours';
import { TodayScreen, WeekScreen } from './screens/today';

const NAV = [
  ['/', 'navToday'],
  ['/week', 'navWeek'],
  ['/catalog', 'navCatalog'],
  ['/hours', 'navHours'],
  ['/customers', 'navCustomers'],
  ['/conversations', 'navConversations'],
  ['/analytics', 'navAnalytics'],
  ['/audit', 'navAudit'],
] as const;

const ROUTES: [string, (p: Record<string, string>) => preact.JSX.Element][] = [
  ['/today/:day', (p) => <TodayScreen day={p.day} />],
  ['/week', () => <WeekScreen />],
  ['/catalog', () => <CatalogScreen />],
  ['/hours', () => <HoursScreen />],
  ['/hours/:id', (p) => <HoursScreen consultantId={p.id} />],
  ['/customers', () => <CustomersScreen />],
  ['/customers/:id', (p) => <CustomerScreen userId={p.id ?? ''} />],
  ['/conversations', () => <ConversationsScreen />],
  ['/conversations/:id', (p) => <ConversationScreen userId={p.id ?? ''} />],
  ['/analytics', () => <AnalyticsScreen />],
  ['/audit', () => <AuditScreen />],
];

function Screen(props: { route: string }) {
  for (const [pattern, render] of ROUTES) {
    const params = match(pattern, props.route);
    if (params) return render(params);
  }
  return <TodayScreen />;
}

/** The section of the nav a route belongs to (`/customers/abc` → `/customers`). */
const section = (route: string) =>
  route === '/' || route.startsWith('/today') ? '/' : `/${route.split('/')[1] ?? ''}`;

export function App() {
  const t = consoleMessages.useT();
  const route = useRoute();
  const { session, status } = useSession();
  document.title = t('appName');
  if (status === 'unknown' || !session)
    return (
      <Layout appName={t('appName')}>
        {status === 'unknown' ? <Status>…</Status> : <SignIn heading={t('staffSignIn')} />}
      </Layout>
    );
  if (session.role !== 'admin')
    return (
      <Layout appName={t('appName')}>
        <Alert>{t('notStaff')}</Alert>
        <Button variant="secondary" onClick={() => void signOut()}>
          {t('staffSignIn')}
        </Button>
      </Layout>
    );
  const current = section(route);
  return (
    <Layout
      appName={t('appName')}
      nav={NAV.map(([path, key]) => (
        <a key={path} href={`#${path}`} aria-current={current === path ? 'page' : undefined}>
          {t(key)}
        </a>
      ))}
    >
      {/* keyed by route: a new screen mounts, so its heading takes focus */}
      <Screen key={route} route={route} />
    </Layout>
  );
}
