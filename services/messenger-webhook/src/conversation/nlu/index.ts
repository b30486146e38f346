export type {
  LocalDate,
  LocalTime,
  NluIntent,
  NluService,
  Understanding,
  UnderstandOptions,
} from './types';
export { understand } from './understand';
