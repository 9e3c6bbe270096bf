/** Pieces the citizen page and the ambulance crew's page share: the top bar with the language switch, and a plain message page. */
import type { Locale } from '../../../server/src/contracts/messages';

export function TopBar({
  brand,
  locale,
  onLocale,
  t,
}: {
  brand: string;
  locale: Locale;
  onLocale: (l: Locale) => void;
  t: { switchLanguage: string; switchLanguageLang: string };
}) {
  return (
    <header className="top">
      <span className="brand">{brand}</span>
      <button type="button" className="link" lang={t.switchLanguageLang} onClick={() => onLocale(locale === 'nb' ? 'en' : 'nb')}>
        {t.switchLanguage}
      </button>
    </header>
  );
}

export function Message({ t, headingRef }: { t: { heading: string; body: string }; headingRef: React.RefObject<HTMLHeadingElement | null> }) {
  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        {t.heading}
      </h1>
      <p>{t.body}</p>
    </>
  );
}
