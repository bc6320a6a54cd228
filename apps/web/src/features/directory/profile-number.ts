import { formatNumber } from '../../ui/format';
import type { NumberText } from './field-text';
import { COORDINATE_DIGITS } from './location-text';

/**
 * A number of an actor's profile (its coordinates) as the console writes it in the reader's
 * language: « 45,7719 » in French, « 45.7719 » in English. For `locationText` and the change lists.
 */
export const profileNumber: NumberText = (value) => formatNumber(value, COORDINATE_DIGITS);
