/**
 * Light, dark or high contrast: Teams decides inside Teams; outside, `?theme=` (kept for the
 * session so it survives navigation), then the operating system's settings.
 */
import { type Theme, teamsHighContrastTheme, webDarkTheme, webLightTheme } from '@fluentui/react-components';

export type ThemeName = 'light' | 'dark' | 'contrast';

export const THEMES: Readonly<Record<ThemeName, Theme>> = {
  light: webLightTheme,
  dark: webDarkTheme,
  contrast: teamsHighContrastTheme,
};

const STORAGE_KEY = 'samrom.theme';

/** Teams' `app.theme`: "default", "dark", "contrast" (and "glass", shown light). */
export function themeFromTeams(teamsTheme: string | undefined): ThemeName {
  return teamsTheme === 'dark' ? 'dark' : teamsTheme === 'contrast' ? 'contrast' : 'light';
}

function isThemeName(value: string | null): value is ThemeName {
  return value === 'light' || value === 'dark' || value === 'contrast';
}

/** The theme a browser outside Teams should show now. */
export function browserTheme(search: string = window.location.search): ThemeName {
  const param = new URLSearchParams(search).get('theme');
  if (isThemeName(param)) {
    sessionStorage.setItem(STORAGE_KEY, param);
    return param;
  }
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (isThemeName(stored)) return stored;
  if (window.matchMedia('(forced-colors: active)').matches) return 'contrast';
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Calls back when the operating system switches between light, dark and forced colours. */
export function onSystemThemeChange(callback: () => void): () => void {
  const queries = ['(prefers-color-scheme: dark)', '(forced-colors: active)'].map((q) => window.matchMedia(q));
  for (const q of queries) q.addEventListener('change', callback);
  return () => {
    for (const q of queries) q.removeEventListener('change', callback);
  };
}
