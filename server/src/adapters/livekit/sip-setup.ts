/**
 * Phone entry to the advice line: the LiveKit SIP inbound trunk and its dispatch rule, made
 * or brought up to date at start-up. Idempotent: both are found by name, created if missing,
 * replaced if they differ from the config, and left alone if they match.
 *
 * The dispatch rule is `individual`: every caller gets a room of their own, named by LiveKit
 * `<prefix>_<caller number>_<random>`. There is no PIN: the trunk admits only the provider's
 * addresses (and, optionally, listed callers), and the number called chooses the specialty.
 */
import { SIPDispatchRule, SIPDispatchRuleIndividual, SIPDispatchRuleInfo, SIPInboundTrunkInfo, SipClient } from 'livekit-server-sdk';
import type { SipConfig } from '../../config';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS, toHttpUrl } from './video-rooms';

/** An attribute the rule puts on each caller's participant: marks Samrom's calls for operators (the handler goes by room prefix and number). */
export const SIP_RULE_ATTRIBUTE = 'samrom.line';
export const SIP_RULE_ATTRIBUTE_VALUE = 'konferer';

export type SipSetupResult = {
  readonly trunk: 'created' | 'updated' | 'unchanged';
  readonly rule: 'created' | 'updated' | 'unchanged';
  readonly trunkId: string;
  readonly ruleId: string;
};

export interface SipSetupLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export function createSipClient(livekit: { url: string; apiKey: string; apiSecret: string }): SipClient {
  return new SipClient(toHttpUrl(livekit.url), livekit.apiKey, livekit.apiSecret, { requestTimeout: DEFAULT_REQUEST_TIMEOUT_SECONDS });
}

const sorted = (values: readonly string[]) => [...values].sort();
const sameList = (a: readonly string[], b: readonly string[]) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
const sameMap = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** Creates or updates the trunk, then the rule attached to it. Running it twice creates nothing new. */
export async function ensureSipSetup(client: SipClient, sip: SipConfig): Promise<SipSetupResult> {
  const numbers = sip.inboundNumbers.map((n) => n.number);
  const trunks = (await client.listSipInboundTrunk()).filter((t) => t.name === sip.trunkName);
  let trunk = trunks[0];
  let trunkOutcome: SipSetupResult['trunk'] = 'unchanged';
  if (!trunk) {
    trunk = await client.createSipInboundTrunk(sip.trunkName, numbers, {
      allowedAddresses: [...sip.allowedAddresses],
      allowedNumbers: [...sip.allowedNumbers],
    });
    trunkOutcome = 'created';
  } else if (
    !sameList(trunk.numbers, numbers) ||
    !sameList(trunk.allowedAddresses, sip.allowedAddresses) ||
    !sameList(trunk.allowedNumbers, sip.allowedNumbers)
  ) {
    const wanted = trunk.clone();
    wanted.numbers = [...numbers];
    wanted.allowedAddresses = [...sip.allowedAddresses];
    wanted.allowedNumbers = [...sip.allowedNumbers];
    trunk = await client.updateSipInboundTrunk(trunk.sipTrunkId, wanted);
    trunkOutcome = 'updated';
  }

  const attributes = { [SIP_RULE_ATTRIBUTE]: SIP_RULE_ATTRIBUTE_VALUE };
  const rules = (await client.listSipDispatchRule()).filter((r) => r.name === sip.trunkName);
  let rule = rules[0];
  let ruleOutcome: SipSetupResult['rule'] = 'unchanged';
  if (!rule) {
    rule = await client.createSipDispatchRule(
      { type: 'individual', roomPrefix: sip.roomPrefix },
      { name: sip.trunkName, trunkIds: [trunk.sipTrunkId], attributes },
    );
    ruleOutcome = 'created';
  } else if (!ruleMatches(rule, trunk.sipTrunkId, sip.roomPrefix, attributes)) {
    const wanted = new SIPDispatchRuleInfo({
      sipDispatchRuleId: rule.sipDispatchRuleId,
      name: sip.trunkName,
      trunkIds: [trunk.sipTrunkId],
      attributes,
      rule: new SIPDispatchRule({ rule: { case: 'dispatchRuleIndividual', value: new SIPDispatchRuleIndividual({ roomPrefix: sip.roomPrefix, pin: '' }) } }),
    });
    rule = await client.updateSipDispatchRule(rule.sipDispatchRuleId, wanted);
    ruleOutcome = 'updated';
  }
  return { trunk: trunkOutcome, rule: ruleOutcome, trunkId: trunk.sipTrunkId, ruleId: rule.sipDispatchRuleId };
}

function ruleMatches(rule: SIPDispatchRuleInfo, trunkId: string, roomPrefix: string, attributes: Record<string, string>): boolean {
  const r = rule.rule?.rule;
  return (
    r?.case === 'dispatchRuleIndividual' &&
    r.value.roomPrefix === roomPrefix &&
    r.value.pin === '' &&
    sameList(rule.trunkIds, [trunkId]) &&
    !rule.hidePhoneNumber &&
    sameMap(rule.attributes, attributes)
  );
}

export interface SipSetupRunner {
  /** Resolves once a setup has succeeded (tests await it). */
  readonly done: Promise<SipSetupResult>;
  stop(): void;
}

/**
 * Runs the setup now and, on failure, again after `retryMs` (doubling up to ten minutes):
 * an unreachable LiveKit must not stop the web service from starting.
 */
export function startSipSetup(client: SipClient, sip: SipConfig, logger: SipSetupLogger, retryMs = 5_000): SipSetupRunner {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let resolveDone!: (r: SipSetupResult) => void;
  const done = new Promise<SipSetupResult>((resolve) => (resolveDone = resolve));
  const attempt = async (delay: number): Promise<void> => {
    if (stopped) return;
    try {
      const result = await ensureSipSetup(client, sip);
      logger.info({ trunk: result.trunk, rule: result.rule, trunkId: result.trunkId, ruleId: result.ruleId }, 'SIP trunk and dispatch rule ready');
      resolveDone(result);
    } catch (error) {
      const reason = error instanceof Error ? ((error as { code?: unknown }).code ?? error.name) : 'unknown';
      logger.warn({ reason, retryInMs: delay }, 'SIP setup failed; retrying later');
      if (stopped) return;
      timer = setTimeout(() => void attempt(Math.min(delay * 2, 600_000)), delay);
      timer.unref();
    }
  };
  void attempt(retryMs);
  return {
    done,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
