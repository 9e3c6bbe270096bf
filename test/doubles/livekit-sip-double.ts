/**
 * The SIP half of the LiveKit double: the Twirp JSON `livekit.SIP` endpoints `SipClient`
 * calls to manage inbound trunks and dispatch rules, kept in memory. Like livekit-server it
 * requires the `sip.admin` grant (`SipClient` signs `{ sip: { admin: true } }`), checks that
 * a rule's trunks exist and that no two inbound trunks claim the same number.
 */
import { randomBytes } from 'node:crypto';
import {
  CreateSIPDispatchRuleRequest,
  CreateSIPInboundTrunkRequest,
  ListSIPDispatchRuleRequest,
  ListSIPDispatchRuleResponse,
  ListSIPInboundTrunkRequest,
  ListSIPInboundTrunkResponse,
  SIPDispatchRuleInfo,
  type SIPInboundTrunkInfo,
  UpdateSIPDispatchRuleRequest,
  UpdateSIPInboundTrunkRequest,
} from '@livekit/protocol';

const READ_OPTIONS = { ignoreUnknownFields: true } as const;

export type SipFailureCode = 'unauthenticated' | 'not_found' | 'invalid_argument' | 'bad_route';

export class SipFailure extends Error {
  constructor(
    readonly code: SipFailureCode,
    message: string,
  ) {
    super(message);
  }
}

export interface SipClaims {
  sip?: { admin?: boolean; call?: boolean };
}

export class SipState {
  readonly trunks = new Map<string, SIPInboundTrunkInfo>();
  readonly rules = new Map<string, SIPDispatchRuleInfo>();

  dispatch(method: string, claims: SipClaims, json: unknown): unknown {
    if (!claims.sip?.admin) throw new SipFailure('unauthenticated', 'permissions denied: sip.admin');
    switch (method) {
      case 'ListSIPInboundTrunk': {
        const { trunkIds, numbers } = ListSIPInboundTrunkRequest.fromJson(json as never, READ_OPTIONS);
        const items = [...this.trunks.values()].filter(
          (t) => (trunkIds.length === 0 || trunkIds.includes(t.sipTrunkId)) && (numbers.length === 0 || t.numbers.some((n) => numbers.includes(n))),
        );
        return new ListSIPInboundTrunkResponse({ items }).toJson();
      }
      case 'CreateSIPInboundTrunk': {
        const { trunk } = CreateSIPInboundTrunkRequest.fromJson(json as never, READ_OPTIONS);
        if (!trunk) throw new SipFailure('invalid_argument', 'trunk is required');
        if (trunk.sipTrunkId) throw new SipFailure('invalid_argument', 'trunk id must not be set on create');
        const saved = trunk.clone();
        saved.sipTrunkId = `ST_${randomId()}`;
        this.putTrunk(saved);
        return saved.toJson();
      }
      case 'UpdateSIPInboundTrunk': {
        const { sipTrunkId, action } = UpdateSIPInboundTrunkRequest.fromJson(json as never, READ_OPTIONS);
        if (!this.trunks.has(sipTrunkId)) throw new SipFailure('not_found', 'trunk not found');
        if (action.case !== 'replace') throw new SipFailure('invalid_argument', 'the double supports replace only');
        const saved = action.value.clone();
        saved.sipTrunkId = sipTrunkId;
        this.putTrunk(saved);
        return saved.toJson();
      }
      case 'ListSIPDispatchRule': {
        const { dispatchRuleIds, trunkIds } = ListSIPDispatchRuleRequest.fromJson(json as never, READ_OPTIONS);
        const items = [...this.rules.values()].filter(
          (r) =>
            (dispatchRuleIds.length === 0 || dispatchRuleIds.includes(r.sipDispatchRuleId)) &&
            (trunkIds.length === 0 || r.trunkIds.some((t) => trunkIds.includes(t))),
        );
        return new ListSIPDispatchRuleResponse({ items }).toJson();
      }
      case 'CreateSIPDispatchRule': {
        const request = CreateSIPDispatchRuleRequest.fromJson(json as never, READ_OPTIONS);
        const rule =
          request.dispatchRule?.clone() ??
          new SIPDispatchRuleInfo({
            rule: request.rule,
            trunkIds: request.trunkIds,
            hidePhoneNumber: request.hidePhoneNumber,
            inboundNumbers: request.inboundNumbers,
            name: request.name,
            metadata: request.metadata,
            attributes: request.attributes,
            roomPreset: request.roomPreset,
          });
        rule.sipDispatchRuleId = `SDR_${randomId()}`;
        this.putRule(rule);
        return rule.toJson();
      }
      case 'UpdateSIPDispatchRule': {
        const { sipDispatchRuleId, action } = UpdateSIPDispatchRuleRequest.fromJson(json as never, READ_OPTIONS);
        if (!this.rules.has(sipDispatchRuleId)) throw new SipFailure('not_found', 'dispatch rule not found');
        if (action.case !== 'replace') throw new SipFailure('invalid_argument', 'the double supports replace only');
        const saved = action.value.clone();
        saved.sipDispatchRuleId = sipDispatchRuleId;
        this.putRule(saved);
        return saved.toJson();
      }
      default:
        throw new SipFailure('bad_route', `SIP/${method} is not served by the double`);
    }
  }

  private putTrunk(trunk: SIPInboundTrunkInfo): void {
    for (const other of this.trunks.values()) {
      if (other.sipTrunkId !== trunk.sipTrunkId && other.numbers.some((n) => trunk.numbers.includes(n))) {
        throw new SipFailure('invalid_argument', 'another inbound trunk has this number');
      }
    }
    this.trunks.set(trunk.sipTrunkId, trunk);
  }

  private putRule(rule: SIPDispatchRuleInfo): void {
    if (!rule.rule?.rule.case) throw new SipFailure('invalid_argument', 'dispatch rule type is required');
    for (const id of rule.trunkIds) if (!this.trunks.has(id)) throw new SipFailure('invalid_argument', `trunk ${id} does not exist`);
    this.rules.set(rule.sipDispatchRuleId, rule);
  }
}

function randomId(): string {
  return randomBytes(9).toString('base64url');
}
