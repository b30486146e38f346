import { text } from '../../shared/api-types';
import { useLoad } from '../../shared/load';
import { navigate } from '../../shared/router';
import { PageTitle } from '../../shared/ui';
import { LoadError, Loading } from '../common';
import { bookMessages } from '../messages';
import { loadCatalog } from '../state';

/** Step 1: the service. */
export function ServicesScreen() {
  const t = bookMessages.useT();
  const { data, error, loading, reload } = useLoad(loadCatalog, []);
  return (
    <>
      <PageTitle>{t('chooseService')}</PageTitle>
      {loading ? <Loading /> : null}
      {error ? <LoadError error={error} signInHeading={t('signInToSee')} onSignedIn={reload} /> : null}
      {data && data.services.length === 0 ? <p>{t('noServices')}</p> : null}
      {data ? (
        <ul class="choices">
          {data.services.map((s) => (
            <li key={s.serviceId}>
              <button
                type="button"
                class="choice"
                onClick={() => navigate(`/s/${encodeURIComponent(s.serviceId)}`)}
              >
                <strong>{s.name}</strong>
                <small>
                  {t('minutes', { n: s.durationMinutes })}
                  {text(s.priceText) ? ` · ${text(s.priceText)}` : ''}
                </small>
                {text(s.description) ? <small>{text(s.description)}</small> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
