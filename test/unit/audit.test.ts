import { describe, expect, it } from 'vitest';
import { audited, readPatientAccessLog } from '../../server/src/core/audit';
import { DomainError } from '../../server/src/core/errors';
import { AccessDenied } from '../../server/src/core/policy';
import type { Actor } from '../../server/src/core/roles';
import { expectDomainError } from '../helpers/expect-domain-error';
import { MemoryAuditLog } from '../helpers/memory-audit-log';

const coordinator: Actor = { kind: 'person', personId: 'ke-1', roles: ['coordinator'], name: 'Kari Koordinator', organizationId: 'org-1', specialty: null };
const admin: Actor = { kind: 'person', personId: 'admin-1', roles: ['admin'], name: 'Anne Admin', organizationId: 'org-1', specialty: null };
const target = { action: 'consultation.read', patientId: 'pat-1', resourceType: 'consultation', resourceId: 'c-1' };
const clock = { now: () => new Date('2025-01-01T12:00:00Z') };

describe('audited', () => {
  it('records an allowed event with who, what and which patient, and returns the result', async () => {
    const audit = new MemoryAuditLog();
    const result = await audited({ audit, actor: coordinator, requestId: 'req-1' }, target, async () => 'the consultation');
    expect(result).toBe('the consultation');
    expect(audit.events).toEqual([
      {
        actorId: 'ke-1',
        action: 'consultation.read',
        patientId: 'pat-1',
        resourceType: 'consultation',
        resourceId: 'c-1',
        requestId: 'req-1',
        outcome: 'allowed',
      },
    ]);
  });

  it.each(['forbidden', 'unauthenticated'] as const)('records %s as denied with the code as reason, and rethrows', async (code) => {
    const audit = new MemoryAuditLog();
    const error = new DomainError(code, 'nope');
    await expect(audited({ audit, actor: coordinator }, target, () => Promise.reject(error))).rejects.toBe(error);
    expect(audit.events).toEqual([expect.objectContaining({ actorId: 'ke-1', outcome: 'denied', reason: code, requestId: null })]);
  });

  it('records a policy’s refusal as denied with the policy’s reason, even when it is answered 404', async () => {
    const audit = new MemoryAuditLog();
    const error = new AccessDenied('not_found', 'other_organization');
    await expect(audited({ audit, actor: coordinator }, target, () => Promise.reject(error))).rejects.toBe(error);
    expect(audit.events).toEqual([expect.objectContaining({ outcome: 'denied', reason: 'other_organization' })]);
    expect(error.code).toBe('not_found');
  });

  it('records other domain errors as failed with their code, and rethrows', async () => {
    const audit = new MemoryAuditLog();
    const error = new DomainError('not_found');
    await expect(audited({ audit, actor: coordinator }, target, () => Promise.reject(error))).rejects.toBe(error);
    expect(audit.events).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'not_found' })]);
  });

  it('records an unexpected error as failed with reason internal, never its message, and rethrows', async () => {
    const audit = new MemoryAuditLog();
    const error = new Error('connection reset while reading 01019012345');
    await expect(audited({ audit, actor: coordinator }, target, () => Promise.reject(error))).rejects.toBe(error);
    expect(audit.events).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'internal' })]);
    expect(JSON.stringify(audit.events)).not.toContain('01019012345');
  });

  it('a worker acting as the system is recorded as system:<name>, and missing resource fields as null', async () => {
    const audit = new MemoryAuditLog();
    await audited({ audit, actor: { kind: 'system', name: 'reminders' } }, { action: 'reminder.send', patientId: 'pat-2' }, async () => undefined);
    expect(audit.events).toEqual([expect.objectContaining({ actorId: 'system:reminders', resourceType: null, resourceId: null, outcome: 'allowed' })]);
  });

  it('when recording fails the work’s result is not returned', async () => {
    const audit = new MemoryAuditLog();
    audit.record = () => Promise.reject(new Error('audit table unavailable'));
    await expect(audited({ audit, actor: coordinator }, target, async () => 'secret')).rejects.toThrow('audit table unavailable');
  });
});

describe('readPatientAccessLog', () => {
  it('an admin reads the log and the read itself is recorded as audit.read', async () => {
    const audit = new MemoryAuditLog();
    await audit.record({ ...target, actorId: 'ke-1', outcome: 'allowed' });
    const events = await readPatientAccessLog({ audit, actor: admin, clock, requestId: 'r-9' }, 'pat-1', {});
    expect(events.map((e) => e.action)).toEqual(['consultation.read']);
    expect(audit.events.at(-1)).toEqual({
      actorId: 'admin-1',
      action: 'audit.read',
      patientId: 'pat-1',
      resourceType: 'patient',
      resourceId: 'pat-1',
      requestId: 'r-9',
      outcome: 'allowed',
    });
  });

  it('a non-admin is refused and the attempt is recorded as denied', async () => {
    const audit = new MemoryAuditLog();
    await expectDomainError(readPatientAccessLog({ audit, actor: coordinator, clock }, 'pat-1', {}), 'forbidden');
    expect(audit.events).toEqual([expect.objectContaining({ actorId: 'ke-1', action: 'audit.read', outcome: 'denied', reason: 'forbidden' })]);
  });

  it('a range whose start is after its end is refused as validation_failed and recorded as failed', async () => {
    const audit = new MemoryAuditLog();
    const range = { from: new Date('2025-02-01T00:00:00Z'), to: new Date('2025-01-01T00:00:00Z') };
    await expectDomainError(readPatientAccessLog({ audit, actor: admin, clock }, 'pat-1', range), 'validation_failed');
    expect(audit.events).toEqual([expect.objectContaining({ action: 'audit.read', outcome: 'failed', reason: 'validation_failed' })]);
  });
});
