import type { Step } from '../types';
import { cancel } from './cancel';
import { code } from './code';
import { confirm } from './confirm';
import { day } from './day';
import { email } from './email';
import { idle } from './idle';
import { move } from './move';
import { service } from './service';
import { type BoundStep, bind } from './step';
import { time } from './time';

/** The table of steps: the step definition of a state, bound to it (one case per variant, no casts). */
export function stepOf(s: Step): BoundStep {
  switch (s.step) {
    case 'idle':
      return bind(idle, s);
    case 'service':
      return bind(service, s);
    case 'day':
      return bind(day, s);
    case 'time':
      return bind(time, s);
    case 'email':
      return bind(email, s);
    case 'code':
      return bind(code, s);
    case 'confirm':
      return bind(confirm, s);
    case 'move':
      return bind(move, s);
    case 'cancel':
      return bind(cancel, s);
  }
}

export { cancel, code, confirm, day, email, idle, move, service, time };
