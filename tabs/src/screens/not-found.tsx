import { useI18n } from '../i18n';
import { AppLink } from '../router';
import { EmptyState, PageHeading } from '../components/states';

export function NotFound({ path }: { readonly path: string }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeading>{t.notFound.title}</PageHeading>
      <EmptyState title={t.notFound.title} body={t.notFound.body(path)}>
        <AppLink to={{ name: 'home' }}>{t.goHome}</AppLink>
      </EmptyState>
    </>
  );
}
