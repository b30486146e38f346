import type { ComponentChildren } from 'preact';
import { useSession } from '../shared/auth';
import { sharedMessages } from '../shared/i18n';
import { ApiError, errorText } from '../shared/problem';
import { SignIn } from '../shared/sign-in';
import { Alert, Status } from '../shared/ui';

/** The error of a read: a sign-in form when the API wants a session, else the API's own words. */
export function LoadError(props: { error: unknown; signInHeading: string; onSignedIn: () => void }) {
  const t = sharedMessages.useT();
  if (props.error instanceof ApiError && props.error.status === 401)
    return <SignIn heading={props.signInHeading} onSignedIn={props.onSignedIn} />;
  return (
    <Alert>
      {errorText(props.error, {
        network: t('networkError'),
        unexpected: (status) => t('unexpectedError', { status }),
      })}
    </Alert>
  );
}

export function Loading() {
  const t = sharedMessages.useT();
  return <Status>{t('loading')}</Status>;
}

/** Renders children once signed in; before that, the sign-in form. */
export function RequireSession(props: { heading: string; children: ComponentChildren }) {
  const { session, status } = useSession();
  if (status === 'unknown') return <Loading />;
  if (!session) return <SignIn heading={props.heading} />;
  return <>{props.children}</>;
}
