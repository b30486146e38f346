// Day → time, in the customer's time zone (shown, changeable). Used to book and to reschedule.
import { useMemo, useState } from 'preact/hooks';
import { userApi } from '../../shared/api';
import type { Consultant, Service, Slot } from '../../shared/api-types';
import { addDays, dayInZone, formatDay, formatTime, timeZones, zoneOffset } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { useLoad } from '../../shared/load';
import { unwrap } from '../../shared/problem';
import { LoadError, Loading } from '../common';
import { bookMessages } from '../messages';
import { setTimeZone, useTimeZone } from '../state';

const DAYS_SHOWN = 14;

export function TimeZonePicker() {
  const t = bookMessages.useT();
  const tz = useTimeZone();
  const [open, setOpen] = useState(false);
  const zones = useMemo(() => (open ? timeZones() : []), [open]);
  return (
    <div class="card">
      <p class="hint" id="tz-note">
        {t('timesShownIn', { zone: tz, offset: zoneOffset(tz) })}{' '}
        {open ? null : (
          <button type="button" class="link" onClick={() => setOpen(true)} aria-describedby="tz-note">
            {t('change')}
          </button>
        )}
      </p>
      {open ? (
        <div class="field">
          <label for="tz-select">{t('timeZone')}</label>
          <select
            id="tz-select"
            value={tz}
            onChange={(e) => {
              setTimeZone(e.currentTarget.value);
              setOpen(false);
            }}
          >
            {zones.includes(tz) ? null : <option value={tz}>{tz}</option>}
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </div>
  );
}

export function SlotPicker(props: {
  service: Service;
  consultants: Consultant[];
  /** Only this consultant's slots (reschedule keeps the consultant unless the API allows a move). */
  consultantId?: string;
  selected?: Slot | undefined;
  onPick: (slot: Slot, consultant: Consultant | undefined) => void;
}) {
  const t = bookMessages.useT();
  const lang = useLang();
  const tz = useTimeZone();
  const today = dayInZone(new Date(), tz);
  const [day, setDay] = useState(today);
  const days = Array.from({ length: DAYS_SHOWN }, (_, i) => addDays(today, i));
  const { data, error, loading, reload } = useLoad(
    async () =>
      unwrap(
        await userApi.GET('/availability', {
          params: {
            query: {
              serviceId: props.service.serviceId,
              date: day,
              timeZone: tz,
              ...(props.consultantId ? { consultantId: props.consultantId } : {}),
            },
          },
        }),
      ),
    [props.service.serviceId, day, tz, props.consultantId],
  );
  const byId = new Map(props.consultants.map((c) => [c.consultantId, c]));
  return (
    <>
      <TimeZonePicker />
      <h2 id="days-heading">{t('days')}</h2>
      <ul class="days" aria-labelledby="days-heading">
        {days.map((d) => (
          <li key={d}>
            <button type="button" class="choice" aria-pressed={d === day} onClick={() => setDay(d)}>
              {formatDay(d, lang)}
            </button>
          </li>
        ))}
      </ul>
      <h2 id="times-heading">{t('times', { day: formatDay(day, lang, 'long') })}</h2>
      {loading ? <Loading /> : null}
      {error ? <LoadError error={error} signInHeading={t('signInToSee')} onSignedIn={reload} /> : null}
      {data && data.slots.length === 0 ? <p>{t('noSlots')}</p> : null}
      {data ? (
        <ul class="slots" aria-labelledby="times-heading">
          {data.slots.map((slot) => {
            const consultant = byId.get(slot.consultantId);
            const time = formatTime(slot.start, tz, lang);
            const pressed =
              props.selected?.start === slot.start && props.selected.consultantId === slot.consultantId;
            return (
              <li key={`${slot.start}-${slot.consultantId}`}>
                <button
                  type="button"
                  class="choice"
                  aria-pressed={pressed}
                  onClick={() => props.onPick(slot, consultant)}
                >
                  {/* The visible text is the whole accessible name ("09:00 with Lan"): no aria-label
                      that could drift from it (axe label-content-name-mismatch). */}
                  {time} <small>{t('withConsultant', { consultant: consultant?.name ?? '' })}</small>
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </>
  );
}
