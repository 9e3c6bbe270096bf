/**
 * API v1 schemas and DTOs shared by the server, the bot and the tabs (browser-safe).
 */
import { z } from 'zod';

export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly issues?: readonly { readonly path: string; readonly message: string }[];
    /** A booking clash (409): the directory people already booked then (name and role in this meeting). */
    readonly busy?: readonly { readonly personId: string; readonly name: string; readonly role: string }[];
    /** A booking clash (409): the next times everyone in the meeting is free (ISO 8601 instants). */
    readonly nextFree?: readonly { readonly startsAt: string; readonly endsAt: string }[];
    readonly requestId?: string;
  };
}

export const ROLE_VALUES = ['coordinator', 'specialist', 'gp', 'legevakt', 'amk', 'municipality', 'admin'] as const;

const trimmed = (max: number) => z.string().trim().min(1).max(max);

export const PersonSchema = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'id: 1–64 tegn: bokstaver, tall, . _ : -'),
  name: trimmed(200),
  roles: z
    .array(z.enum(ROLE_VALUES))
    .min(1)
    .max(ROLE_VALUES.length)
    .transform((r) => [...new Set(r)]),
  aadObjectId: z.uuid().optional(),
  hprNumber: z
    .string()
    .regex(/^\d{4,9}$/, 'HPR-nummer: 4–9 sifre')
    .optional(),
  organization: trimmed(200),
  specialty: trimmed(100).optional(),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'telefon i E.164-format, f.eks. +4791234567')
    .optional(),
  email: z.email().max(254).optional(),
});
export type PersonDto = z.output<typeof PersonSchema>;

export const DirectoryUpsertSchema = z
  .object({ people: z.array(PersonSchema).min(1).max(5_000) })
  .refine((b) => new Set(b.people.map((p) => p.id)).size === b.people.length, {
    message: 'hver person-id kan bare forekomme én gang / each person id may appear only once',
    path: ['people'],
  });
export type DirectoryUpsertRequest = z.input<typeof DirectoryUpsertSchema>;

export const AuditQuerySchema = z.object({
  patientId: z.string().trim().min(1).max(64),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export interface AuditEventDto {
  readonly id: string;
  readonly at: string;
  readonly actorId: string;
  readonly actorName: string | null;
  readonly action: string;
  readonly patientId: string | null;
  readonly resourceType: string | null;
  readonly resourceId: string | null;
  readonly outcome: 'allowed' | 'denied' | 'failed';
  readonly reason: string | null;
}

export interface MeDto {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly organization: string;
  /** The person's specialty in the directory (decides which roster and advice queue they may read), or null. */
  readonly specialty: string | null;
}

export interface DevPersonDto {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly organization: string;
  readonly specialty: string | null;
}
