import { useLoad } from '../../shared/load';
import { navigate } from '../../shared/router';
import { PageTitle } from '../../shared/ui';
import { LoadError, Loading } from '../common';
import { bookMessages } from '../messages';
import { loadCatalog, select } from '../state';
import { SlotPicker } from './slot-picker';

/** Step 2: day and time for the chosen service. */
export function ChooseTimeScreen(props: { serviceId: string }) {
  const t = bookMessages.useT();
  const { data, error, loading, reload } = useLoad(loadCatalog, []);
  const service = data?.services.find((s) => s.serviceId === props.serviceId);
  return (
    <>
      <PageTitle>{service ? service.name : t('chooseTime')}</PageTitle>
      {loading ? <Loading /> : null}
      {error ? <LoadError error={error} signInHeading={t('signInToSee')} onSignedIn={reload} /> : null}
      {data && !service ? (
        <p>
          {t('nothingSelected')} <a href="#/">{t('startOver')}</a>
        </p>
      ) : null}
      {data && service ? (
        <SlotPicker
          service={service}
          consultants={data.consultants}
          onPick={(slot, consultant) => {
            select(service, slot, consultant);
            navigate('/confirm');
          }}
        />
      ) : null}
    </>
  );
}
