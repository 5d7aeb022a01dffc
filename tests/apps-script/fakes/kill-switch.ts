// A run Apps Script ends part-way (the 6-minute limit): from a chosen service call on, every call throws.
import type { Services } from "../../../apps-script/src/gas-services.js";

/** Thrown by every service call of a killed run; nothing the run does after the kill reaches a service. */
export class RunKilled extends Error {}

/** One service call as the kill rule sees it: `fetch`, `deleteRow`, `sendEmail`…, its arguments, its number. */
export interface ServiceCall {
  method: string;
  args: unknown[];
  index: number;
}

export interface KillState {
  calls: number;
  dead: boolean;
  killedAt?: string;
}

function wrap<T>(value: T, state: KillState, kill: (call: ServiceCall) => boolean): T {
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => wrap(item, state, kill)) as T;
  return new Proxy(value as object, {
    get(target, prop) {
      const member = Reflect.get(target, prop, target);
      if (typeof member !== "function") return wrap(member, state, kill);
      return (...args: unknown[]) => {
        const method = String(prop);
        if (state.dead) throw new RunKilled(`${method} after the run was killed`);
        state.calls += 1;
        if (kill({ method, args, index: state.calls })) {
          state.dead = true;
          state.killedAt = method;
          throw new RunKilled(`killed at call ${state.calls} (${method})`);
        }
        return wrap(member.apply(target, args), state, kill);
      };
    },
  }) as T;
}

/**
 * The same services, every method (and every object a method returns) counted; the first call for which
 * `kill` answers true, and every call after it, throws {@link RunKilled}. Code that swallows the error can do
 * nothing more, as in a run Apps Script has ended. The fakes keep whatever the run did before the kill.
 */
export function killable(
  services: Services,
  kill: (call: ServiceCall) => boolean,
): { services: Services; state: KillState } {
  const state: KillState = { calls: 0, dead: false };
  return { services: wrap(services, state, kill), state };
}
