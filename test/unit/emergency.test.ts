import { describe, expect, it } from 'vitest';
import { CreateEmergencyCallSchema } from '../../server/src/contracts/emergency';
import { renderNotice } from '../../server/src/adapters/teams/render-notice';
import { AMK_BACKUP_SPECIALTY, isBackup } from '../../server/src/core/emergency/alerts';
import { news2TotalOf } from '../../server/src/core/emergency/calls';
import { percentile, summarize } from '../../server/src/core/emergency/stats';

const at = (s: number) => new Date(Date.UTC(2027, 0, 1, 12, 0, s));

describe('akuttvideo figures', () => {
  it('median and p90 are nearest-rank over answered calls; unanswered calls count against the 10-second share', () => {
    const answeredAfter = [2, 4, 6, 8, 9, 11, 12, 3, 5, 30];
    const calls = [
      ...answeredAfter.map((s) => ({ requestedAt: at(0), answeredAt: at(s), escalatedAt: s > 10 ? at(10) : null })),
      { requestedAt: at(0), answeredAt: null, escalatedAt: at(10) },
    ];
    const figures = summarize(calls);
    expect(figures.counts).toEqual({
      requested: 11,
      answered: 10,
      answeredWithin10Seconds: 7,
      escalated: 4,
      unanswered: 1,
      cancelledByRequester: 0,
      closedUnanswered: 0,
    });
    expect(figures.secondsToAnswer).toEqual({ median: 6, p90: 12 });
    expect(figures.shareAnsweredWithin10Seconds).toBeCloseTo(7 / 11);
    expect(figures.citizenLinkVideoShare).toBeNull();
  });

  it('no calls: no median, no share', () => {
    expect(summarize([])).toMatchObject({ secondsToAnswer: { median: null, p90: null }, shareAnsweredWithin10Seconds: null });
    expect(percentile([7], 0.9)).toBe(7);
  });
});

describe('akuttvideo input', () => {
  it('NEWS2 is scored only when every parameter is there', () => {
    const vitals = { respirationRate: 18, spo2: 97, spo2Scale: 1, onOxygen: false, systolicBp: 120, pulse: 80, consciousness: 'alert', temperature: 37 };
    expect(news2TotalOf(vitals)).toBe(0);
    const { temperature: _, ...partial } = vitals;
    expect(news2TotalOf(partial)).toBeNull();
    expect(news2TotalOf(null)).toBeNull();
  });

  it('vitals are checked against the NEWS2 limits one field at a time; empty fields are fine', () => {
    const ok = CreateEmergencyCallSchema.safeParse({ vitals: { pulse: 80, spo2: null }, triage: 'gul' });
    expect(ok.success).toBe(true);
    const bad = CreateEmergencyCallSchema.safeParse({ vitals: { pulse: 400, consciousness: 'sleepy' } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['vitals.consciousness', 'vitals.pulse']);
  });
});

describe('the AMK alert card', () => {
  it('carries triage, NEWS2 total, the organization and «Svar», nothing else', () => {
    const message = renderNotice({
      kind: 'emergency.call_ringing',
      triage: 'rod',
      news2Total: 9,
      organization: 'Drammen legevakt',
      tabUrl: 'https://samrom.test/app/akutt/abc',
    });
    const text = JSON.stringify(message);
    expect(text).toContain('Rød');
    expect(text).toContain('"NEWS2"');
    expect(text).toContain('Drammen legevakt');
    expect(message.text).toBe('Akuttvideo: legevakt ringer AMK (triage rød – akutt, NEWS2 9) / Emergency video: legevakt is calling AMK');
    const actions = (message.card as { actions: { title: string; url: string }[] }).actions;
    expect(actions).toEqual([expect.objectContaining({ title: 'Svar / Answer', url: 'https://samrom.test/app/akutt/abc' })]);
  });

  it('the backup group is AMK people marked amk-leder in the directory', () => {
    expect(isBackup({ roles: ['amk'], specialty: AMK_BACKUP_SPECIALTY })).toBe(true);
    expect(isBackup({ roles: ['amk'], specialty: null })).toBe(false);
    expect(isBackup({ roles: ['specialist'], specialty: AMK_BACKUP_SPECIALTY })).toBe(false);
  });
});
