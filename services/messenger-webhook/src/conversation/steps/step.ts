import type { MessageKey } from '@bookingbot/common/i18n';
import type { Ctx, Input, Payload, Ports, Reply, Step, Turn, Understanding } from '../types';

/**
 * One step of the conversation: what it shows, the typed text it expects and the payloads it
 * accepts. `onText`/`onPayload` answer `undefined` for input that is not for this step: the machine
 * then tries the customer's intent, and else shows the step again under its `hint`.
 */
export interface StepDef<S extends Step> {
  show(s: S, ctx: Ctx, ports: Ports, prefix?: Reply[]): Promise<Turn>;
  onText(
    s: S,
    text: string,
    u: Understanding,
    ctx: Ctx,
    ports: Ports,
    input: Input,
  ): Promise<Turn | undefined>;
  onPayload(s: S, p: Payload, ctx: Ctx, ports: Ports, input: Input): Promise<Turn | undefined>;
  hint: MessageKey;
}

/** A step bound to its state: what the machine calls without knowing which step it is. */
export interface BoundStep {
  show(ctx: Ctx, ports: Ports, prefix?: Reply[]): Promise<Turn>;
  onText(text: string, u: Understanding, ctx: Ctx, ports: Ports, input: Input): Promise<Turn | undefined>;
  onPayload(p: Payload, ctx: Ctx, ports: Ports, input: Input): Promise<Turn | undefined>;
  hint: MessageKey;
}

export function bind<S extends Step>(def: StepDef<S>, s: S): BoundStep {
  return {
    show: (ctx, ports, prefix) => def.show(s, ctx, ports, prefix),
    onText: (text, u, ctx, ports, input) => def.onText(s, text, u, ctx, ports, input),
    onPayload: (p, ctx, ports, input) => def.onPayload(s, p, ctx, ports, input),
    hint: def.hint,
  };
}

export const none = async (): Promise<undefined> => undefined;
