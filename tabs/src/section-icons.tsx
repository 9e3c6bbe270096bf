/**
 * One icon per screen, imported one by one from the icon atoms: the `@fluentui/react-icons`
 * barrel holds thousands of icons and would slow the build down.
 */
import type { FluentIcon } from '@fluentui/react-icons';
import { AlertUrgentRegular } from '@fluentui/react-icons/svg/alert-urgent';
import { CalendarLtrRegular } from '@fluentui/react-icons/svg/calendar-ltr';
import { CallRegular } from '@fluentui/react-icons/svg/call';
import { HeadsetRegular } from '@fluentui/react-icons/svg/headset';
import { HomeRegular } from '@fluentui/react-icons/svg/home';
import { PeopleTeamRegular } from '@fluentui/react-icons/svg/people-team';
import { ShieldPersonRegular } from '@fluentui/react-icons/svg/shield-person';
import type { Section } from './i18n';

export const SECTION_ICONS: Readonly<Record<Section, FluentIcon>> = {
  home: HomeRegular,
  consultations: PeopleTeamRegular,
  emergency: AlertUrgentRegular,
  amk: HeadsetRegular,
  advice: CallRegular,
  roster: CalendarLtrRegular,
  admin: ShieldPersonRegular,
};
