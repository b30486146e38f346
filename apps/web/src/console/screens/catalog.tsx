// Catalog: services and consultants — create, edit, deactivate (and reactivate). Deactivating keeps
// history: booked appointments still happen (admin-api; a consultant with booked appointments is
// refused with the orphan list, shown here as the API's words).
import { useState } from 'preact/hooks';
import { timeZones } from '../../shared/format';
import { useLoad } from '../../shared/load';
import { unwrap } from '../../shared/problem';
import { Alert, Button, Field, PageTitle, Status } from '../../shared/ui';
import { type AdminConsultant, type AdminService, adminApi } from '../api';
import { Dialog, staffZone, useErrorText } from '../common';
import { consoleMessages } from '../messages';

type ServiceInput = Omit<AdminService, 'serviceId' | 'version'>;
type ConsultantInput = Omit<AdminConsultant, 'consultantId' | 'version' | 'timeOff'>;

const serviceInput = (s: AdminService): ServiceInput => ({
  name: s.name,
  durationMinutes: s.durationMinutes,
  bufferAfterMinutes: s.bufferAfterMinutes,
  active: s.active,
  ...(s.description ? { description: s.description } : {}),
  ...(s.priceText ? { priceText: s.priceText } : {}),
});
const consultantInput = (c: AdminConsultant): ConsultantInput => ({
  name: c.name,
  timeZone: c.timeZone,
  serviceIds: c.serviceIds,
  weeklyHours: c.weeklyHours,
  active: c.active,
  ...(c.bio ? { bio: c.bio } : {}),
});

function ServiceForm(props: { initial?: AdminService; onSaved: () => void; onClose: () => void }) {
  const t = consoleMessages.useT();
  const errorText = useErrorText();
  const [name, setName] = useState(props.initial?.name ?? '');
  const [duration, setDuration] = useState(String(props.initial?.durationMinutes ?? 30));
  const [buffer, setBuffer] = useState(String(props.initial?.bufferAfterMinutes ?? 0));
  const [description, setDescription] = useState(props.initial?.description ?? '');
  const [error, setError] = useState<string>();
  async function submit(e: Event) {
    e.preventDefault();
    const body: ServiceInput = {
      name: name.trim(),
      durationMinutes: Number(duration),
      bufferAfterMinutes: Number(buffer),
      active: props.initial?.active ?? true,
      ...(description.trim() ? { description: description.trim() } : {}),
    };
    try {
      if (props.initial)
        unwrap(
          await adminApi.PUT('/admin/services/{id}', {
            params: { path: { id: props.initial.serviceId } },
            body,
          }),
        );
      else unwrap(await adminApi.POST('/admin/services', { body }));
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <Dialog
      title={props.initial ? t('editService', { name: props.initial.name }) : t('newService')}
      onClose={props.onClose}
    >
      <form onSubmit={submit}>
        <Field
          id="svc-name"
          label={t('name')}
          required
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <Field
          id="svc-duration"
          label={t('duration')}
          type="number"
          min={5}
          step={5}
          required
          value={duration}
          onInput={(e) => setDuration(e.currentTarget.value)}
        />
        <Field
          id="svc-buffer"
          label={t('buffer')}
          type="number"
          min={0}
          step={5}
          value={buffer}
          onInput={(e) => setBuffer(e.currentTarget.value)}
        />
        <Field
          id="svc-description"
          label={t('description')}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
        {error ? <Alert>{error}</Alert> : null}
        <Button type="submit">{props.initial ? t('save') : t('create')}</Button>
      </form>
    </Dialog>
  );
}

function ConsultantForm(props: {
  initial?: AdminConsultant;
  services: AdminService[];
  onSaved: () => void;
  onClose: () => void;
}) {
  const t = consoleMessages.useT();
  const errorText = useErrorText();
  const [name, setName] = useState(props.initial?.name ?? '');
  const [zone, setZone] = useState(props.initial?.timeZone ?? staffZone());
  const [serviceIds, setServiceIds] = useState<string[]>(props.initial?.serviceIds ?? []);
  const [error, setError] = useState<string>();
  async function submit(e: Event) {
    e.preventDefault();
    const base = props.initial ? consultantInput(props.initial) : { weeklyHours: {}, active: true };
    const body: ConsultantInput = { ...base, name: name.trim(), timeZone: zone, serviceIds };
    try {
      if (props.initial)
        unwrap(
          await adminApi.PUT('/admin/consultants/{id}', {
            params: { path: { id: props.initial.consultantId } },
            body,
          }),
        );
      else unwrap(await adminApi.POST('/admin/consultants', { body }));
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <Dialog
      title={props.initial ? t('editConsultant', { name: props.initial.name }) : t('newConsultant')}
      onClose={props.onClose}
    >
      <form onSubmit={submit}>
        <Field
          id="con-name"
          label={t('name')}
          required
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <div class="field">
          <label for="con-zone">{t('timeZone')}</label>
          <select id="con-zone" value={zone} onChange={(e) => setZone(e.currentTarget.value)}>
            {(timeZones().includes(zone) ? timeZones() : [zone, ...timeZones()]).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="field">
          <legend class="label">{t('offers')}</legend>
          {props.services.map((s) => (
            <label key={s.serviceId} class="check">
              <input
                type="checkbox"
                checked={serviceIds.includes(s.serviceId)}
                onChange={(e) =>
                  setServiceIds(
                    e.currentTarget.checked
                      ? [...serviceIds, s.serviceId]
                      : serviceIds.filter((x) => x !== s.serviceId),
                  )
                }
              />{' '}
              {s.name}
            </label>
          ))}
        </fieldset>
        {error ? <Alert>{error}</Alert> : null}
        <Button type="submit">{props.initial ? t('save') : t('create')}</Button>
      </form>
    </Dialog>
  );
}

type Editing = { kind: 'service'; item?: AdminService } | { kind: 'consultant'; item?: AdminConsultant };

export function CatalogScreen() {
  const t = consoleMessages.useT();
  const errorText = useErrorText();
  const data = useLoad(async () => {
    const [services, consultants] = await Promise.all([
      adminApi.GET('/admin/services', { params: { query: { includeInactive: true } } }).then(unwrap),
      adminApi.GET('/admin/consultants', { params: { query: { includeInactive: true } } }).then(unwrap),
    ]);
    return { services: services.items, consultants: consultants.items };
  }, []);
  const [editing, setEditing] = useState<Editing>();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();

  async function setServiceActive(s: AdminService, active: boolean) {
    setError(undefined);
    try {
      if (active)
        unwrap(
          await adminApi.PUT('/admin/services/{id}', {
            params: { path: { id: s.serviceId } },
            body: { ...serviceInput(s), active },
          }),
        );
      else unwrap(await adminApi.DELETE('/admin/services/{id}', { params: { path: { id: s.serviceId } } }));
      setMessage(t('saved'));
      data.reload();
    } catch (err) {
      setError(errorText(err));
    }
  }
  async function setConsultantActive(c: AdminConsultant, active: boolean) {
    setError(undefined);
    try {
      if (active)
        unwrap(
          await adminApi.PUT('/admin/consultants/{id}', {
            params: { path: { id: c.consultantId } },
            body: { ...consultantInput(c), active },
          }),
        );
      else
        unwrap(
          await adminApi.DELETE('/admin/consultants/{id}', {
            params: { path: { id: c.consultantId }, query: { onConflict: 'refuse' } },
          }),
        );
      setMessage(t('saved'));
      data.reload();
    } catch (err) {
      setError(errorText(err));
    }
  }
  const saved = () => {
    setEditing(undefined);
    setMessage(t('saved'));
    data.reload();
  };
  const services = data.data?.services ?? [];

  return (
    <>
      <PageTitle>{t('navCatalog')}</PageTitle>
      {message ? <Status>{message}</Status> : null}
      {error ? <Alert>{error}</Alert> : null}
      {data.error ? <Alert>{errorText(data.error)}</Alert> : null}
      <section class="card" aria-labelledby="services-h">
        <h2 id="services-h">{t('services')}</h2>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('duration')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">
                <span class="sr-only">{t('edit')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {services.map((s) => (
              <tr key={s.serviceId}>
                <th scope="row">{s.name}</th>
                <td>{s.durationMinutes}</td>
                <td>{s.active ? t('active') : t('inactive')}</td>
                <td class="actions">
                  <Button
                    variant="secondary"
                    aria-label={`${t('edit')} ${s.name}`}
                    onClick={() => setEditing({ kind: 'service', item: s })}
                  >
                    {t('edit')}
                  </Button>
                  <Button
                    variant="secondary"
                    aria-label={`${s.active ? t('deactivate') : t('activate')} ${s.name}`}
                    onClick={() => void setServiceActive(s, !s.active)}
                  >
                    {s.active ? t('deactivate') : t('activate')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Button onClick={() => setEditing({ kind: 'service' })}>{t('newService')}</Button>
      </section>
      <section class="card" aria-labelledby="consultants-h">
        <h2 id="consultants-h">{t('consultants')}</h2>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('timeZone')}</th>
              <th scope="col">{t('offers')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">
                <span class="sr-only">{t('edit')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(data.data?.consultants ?? []).map((c) => (
              <tr key={c.consultantId}>
                <th scope="row">{c.name}</th>
                <td>{c.timeZone}</td>
                <td>
                  {c.serviceIds.map((id) => services.find((s) => s.serviceId === id)?.name ?? id).join(', ')}
                </td>
                <td>{c.active ? t('active') : t('inactive')}</td>
                <td class="actions">
                  <Button
                    variant="secondary"
                    aria-label={`${t('edit')} ${c.name}`}
                    onClick={() => setEditing({ kind: 'consultant', item: c })}
                  >
                    {t('edit')}
                  </Button>
                  <Button
                    variant="secondary"
                    aria-label={`${c.active ? t('deactivate') : t('activate')} ${c.name}`}
                    onClick={() => void setConsultantActive(c, !c.active)}
                  >
                    {c.active ? t('deactivate') : t('activate')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Button onClick={() => setEditing({ kind: 'consultant' })}>{t('newConsultant')}</Button>
      </section>
      {editing?.kind === 'service' ? (
        <ServiceForm
          {...(editing.item ? { initial: editing.item } : {})}
          onSaved={saved}
          onClose={() => setEditing(undefined)}
        />
      ) : null}
      {editing?.kind === 'consultant' ? (
        <ConsultantForm
          {...(editing.item ? { initial: editing.item } : {})}
          services={services}
          onSaved={saved}
          onClose={() => setEditing(undefined)}
        />
      ) : null}
    </>
  );
}
