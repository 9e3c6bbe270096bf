/**
 * A small history-API router: the current URL as React state, `navigate()`, and a link that
 * changes screens without reloading. Plain anchors underneath, so opening in a new browser
 * tab, copying a link and the back button all behave.
 */
import { Link } from '@fluentui/react-components';
import { type MouseEvent, type ReactNode, useSyncExternalStore } from 'react';
import { type Route, hrefOf, parseRoute } from './routes';

const CHANGE_EVENT = 'samrom:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

const currentHref = () => `${window.location.pathname}${window.location.search}`;

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (href === currentHref()) return;
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  window.dispatchEvent(new Event(CHANGE_EVENT));
  if (!options.replace) window.scrollTo(0, 0);
}

export function useRoute(): Route {
  const href = useSyncExternalStore(subscribe, currentHref);
  const url = new URL(href, window.location.origin);
  return parseRoute(url.pathname, url.search);
}

interface AppLinkProps {
  readonly to: Route;
  readonly className?: string;
  readonly children: ReactNode;
}

/** A Fluent link to a screen in the shell. */
export function AppLink({ to, className, children }: AppLinkProps) {
  const href = hrefOf(to);
  return (
    <Link href={href} className={className} onClick={routeClick(href)}>
      {children}
    </Link>
  );
}

/** Click handler for any anchor that should route inside the shell. */
export function routeClick(href: string) {
  return (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
}
