/**
 * Phone entry to the advice line. A caller reaches LiveKit through the SIP trunk and waits in
 * a room of their own; when LiveKit reports them joined (webhook `participant_joined`, kind
 * SIP) this handler asks for advice on their behalf:
 *
 * - the specialty is the one of the number they called (one line number per specialty: the
 *   webhook stream carries no DTMF, so a keypad menu would need a media agent in the room);
 * - a caller whose number is a GP's (or another requester's) registered phone asks as that
 *   person; anyone else asks as the system actor `system:sip`, named by their number;
 * - the request is `audio`, its callback number is the caller's, and it holds the caller's
 *   room, so the specialist who answers joins that very call.
 *
 * A caller who hangs up before an answer withdraws their request.
 *
 * The create is audited like any other (actor: the person, or `system:sip`). Logs carry the
 * event id and the specialty only, never the number.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { AdvicePriority } from '../../shared/advice-terms';
import { audited } from '../audit';
import { personActor } from '../directory';
import { DEFAULT_PHONE_REGION } from '../../shared/contact';
import type { Directory, Person, VideoEvent } from '../ports';
import { type Actor, hasAnyRole } from '../roles';
import type { EventLogger, RoomEventHandler, RoomEventOutcome } from '../video-events';
import { isWaiting } from './model';
import { ADVICE_REQUESTER_ROLES, type AdviceContext, SIP_ACTOR_NAME, createAdviceRequest } from './use-cases';

/** The directory row requests of unknown callers hang on (requests reference a person). */
export const SIP_PERSON_ID = `system:${SIP_ACTOR_NAME}`;
export const SIP_PERSON_NAME = 'Telefon (ukjent innringer) / Phone (unknown caller)';

export interface PhoneLine {
  readonly specialty: string;
  /** E.164, as LiveKit reports it in `sip.trunkPhoneNumber`. */
  readonly number: string;
}

export interface PhoneAdviceDeps extends Omit<AdviceContext, 'actor' | 'requestId' | 'directory'> {
  readonly directory: Pick<Directory, 'list' | 'byId' | 'upsert'>;
  readonly lines: readonly PhoneLine[];
  /** LiveKit names the caller's room `<roomPrefix>_…`; other rooms are not ours. */
  readonly roomPrefix: string;
  readonly priority: AdvicePriority;
  readonly logger: EventLogger;
}

/** E.164 of a number as typed in the directory (`22 00 00 01`, `+47 22…`), or null. */
export function toE164(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const parsed = parsePhoneNumberFromString(raw.trim(), DEFAULT_PHONE_REGION);
  return parsed?.isPossible() ? (parsed.number as string) : null;
}

export function phoneAdviceHandler(deps: PhoneAdviceDeps): RoomEventHandler {
  return {
    async handle(event: VideoEvent): Promise<RoomEventOutcome> {
      if ((event.kind !== 'participant_joined' && event.kind !== 'participant_left') || !event.sip || !event.roomName.startsWith(deps.roomPrefix)) {
        return 'not_mine';
      }
      if (event.kind === 'participant_left') {
        await hungUp(deps, event.roomName, event.eventId);
        return 'handled';
      }
      // One request per call, whatever LiveKit sends twice.
      if (await deps.store.byRoom(event.roomName)) return 'handled';
      const called = toE164(event.sip.calledNumber);
      const line = deps.lines.find((l) => l.number === called);
      if (!line) {
        // Our room prefix but a number we do not serve: the trunk and the config disagree.
        deps.logger.warn({ eventId: event.eventId }, 'phone caller on a number with no specialty; no advice request made');
        return 'handled';
      }
      const caller = toE164(event.sip.callerNumber);
      const person = caller ? await requesterByPhone(deps, caller) : null;
      const actor: Actor = person ? personActor(person) : { kind: 'system', name: SIP_ACTOR_NAME };
      if (!person) await ensureSipPerson(deps);
      const identification = person
        ? `${person.name}, ${person.organization} (ringte inn / called in)`
        : `Ukjent innringer / unknown caller ${caller ?? '(skjult nummer / hidden number)'}`;
      const created = await createAdviceRequest(
        { ...deps, actor, requestId: event.eventId },
        {
          specialty: line.specialty,
          priority: deps.priority,
          isbar: {
            identification,
            situation: 'Ringer konfereringstelefonen; saken legges fram muntlig. / Called the advice line; the case is presented in the call.',
            background: '',
            assessment: '',
            recommendation: '',
          },
          ...(caller && { callbackPhone: caller }),
          mode: 'audio',
        },
        { roomName: event.roomName },
      );
      deps.logger.info(
        { eventId: event.eventId, specialty: line.specialty, requestId: created.request.id, known: person !== null },
        'phone caller asked for advice',
      );
      return 'handled';
    },
  };
}

/**
 * The caller hung up. A request still waiting is withdrawn (audited as its requester, through the
 * system actor); one already answered stays connected for the specialist to complete.
 */
async function hungUp(deps: PhoneAdviceDeps, roomName: string, eventId: string): Promise<void> {
  const request = await deps.store.byRoom(roomName);
  if (!request || !isWaiting(request.status)) return;
  const actor: Actor = { kind: 'system', name: SIP_ACTOR_NAME };
  const withdrawn = await audited(
    { audit: deps.audit, actor, requestId: eventId },
    { action: 'advice_request.abandon', patientId: null, resourceType: 'advice_request', resourceId: request.id },
    () => deps.store.abandon(request.id, request.requesterId, deps.clock.now()),
  );
  deps.logger.info({ eventId, requestId: request.id, withdrawn }, 'phone caller hung up before an answer');
}

/** A directory person who may ask for advice and has this number registered. */
async function requesterByPhone(deps: PhoneAdviceDeps, caller: string): Promise<Person | null> {
  const people = await deps.directory.list();
  return people.find((p) => toE164(p.phone) === caller && hasAnyRole(personActor(p), [...ADVICE_REQUESTER_ROLES])) ?? null;
}

async function ensureSipPerson(deps: PhoneAdviceDeps): Promise<void> {
  if (await deps.directory.byId(SIP_PERSON_ID)) return;
  await deps.directory.upsert([{ id: SIP_PERSON_ID, name: SIP_PERSON_NAME, roles: [], organization: 'Konfereringstelefon' }]);
}
