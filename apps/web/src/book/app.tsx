import { match, useRoute } from '../shared/router';
import { Layout } from '../shared/ui';
import { bookMessages } from './messages';
import { ChooseTimeScreen } from './screens/choose-time';
import { ConfirmScreen } from './screens/confirm';
import { DoneScreen } from './screens/done';
import { MyAppointmentsScreen } from './screens/mine';
import { RescheduleScreen } from './screens/reschedule';
import { ServicesScreen } from './screens/services';

const ROUTES: [string, (p: Record<string, string>) => preact.JSX.Element][] = [
  ['/s/:serviceId', (p) => <ChooseTimeScreen serviceId={p.serviceId ?? ''} />],
  ['/confirm', () => <ConfirmScreen />],
  ['/done/:id', (p) => <DoneScreen appointmentId={p.id ?? ''} />],
  ['/appointments', () => <MyAppointmentsScreen />],
  ['/appointments/:id/reschedule', (p) => <RescheduleScreen appointmentId={p.id ?? ''} />],
];

function Screen(props: { route: string }) {
  for (const [pattern, render] of ROUTES) {
    const params = match(pattern, props.route);
    if (params) return render(params);
  }
  return <ServicesScreen />;
}

export function App() {
  const t = bookMessages.useT();
  const route = useRoute();
  document.title = t('appName');
  const mine = route.startsWith('/appointments');
  return (
    <Layout
      appName={t('appName')}
      nav={
        <>
          <a href="#/" aria-current={!mine ? 'page' : undefined}>
            {t('navBook')}
          </a>
          <a href="#/appointments" aria-current={mine ? 'page' : undefined}>
            {t('navMine')}
          </a>
        </>
      }
    >
      {/* keyed by route: a new screen mounts, so its heading takes focus */}
      <Screen key={route} route={route} />
    </Layout>
  );
}
