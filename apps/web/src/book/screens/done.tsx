import { googleCalendarHref, icsHref } from '../../shared/calendar';
import { formatDateTime } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { PageTitle, Status } from '../../shared/ui';
import { bookMessages } from '../messages';
import { useTimeZone } from '../state';
import { getLastBooked } from './confirm';

/** Step 5: booked, with "add to calendar". */
export function DoneScreen(props: { appointmentId: string }) {
  const t = bookMessages.useT();
  const lang = useLang();
  const tz = useTimeZone();
  const booked = getLastBooked();
  const mine = booked?.appointment.appointmentId === props.appointmentId ? booked : undefined;
  const event = mine
    ? {
        uid: mine.appointment.appointmentId,
        title: mine.selection.consultant
          ? `${mine.selection.service.name} · ${mine.selection.consultant.name}`
          : mine.selection.service.name,
        start: mine.appointment.start,
        end: mine.appointment.end,
      }
    : undefined;
  return (
    <>
      <PageTitle>{t('doneTitle')}</PageTitle>
      <Status>{t('doneText')}</Status>
      {mine && event ? (
        <>
          <dl class="summary">
            <dt>{t('service')}</dt>
            <dd>{mine.selection.service.name}</dd>
            <dt>{t('when')}</dt>
            <dd>{formatDateTime(mine.appointment.start, tz, lang)}</dd>
            {mine.selection.consultant ? (
              <>
                <dt>{t('with')}</dt>
                <dd>{mine.selection.consultant.name}</dd>
              </>
            ) : null}
          </dl>
          <section class="card" aria-labelledby="cal-heading">
            <h2 id="cal-heading">{t('addToCalendar')}</h2>
            <div class="actions">
              <a class="btn btn-secondary" href={icsHref(event)} download={`appointment-${event.uid}.ics`}>
                {t('downloadIcs')}
              </a>
              <a
                class="btn btn-secondary"
                href={googleCalendarHref(event)}
                target="_blank"
                rel="noopener noreferrer"
              >
                {t('googleCalendar')}
              </a>
            </div>
          </section>
        </>
      ) : null}
      <p class="actions">
        <a href="#/appointments">{t('navMine')}</a>
        <a href="#/">{t('bookAnother')}</a>
      </p>
    </>
  );
}
