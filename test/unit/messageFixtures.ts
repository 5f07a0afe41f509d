/** Failures the message tests word, and the advice a lost reply ends with. */
import { apiFailure, type ApiFailure } from '../../nodes/AltaTech/core/apiErrors';

export const refusal: ApiFailure = apiFailure({ httpStatus: 400, code: 40000, serverMessage: 'records[3].values.price is not a number' });
export const withoutServerText: ApiFailure = apiFailure({ httpStatus: 500, code: 50000 });
export const lost: ApiFailure = apiFailure({ outcomeUnknown: true, message: 'AltaTech did not answer within 120 s, after the request was sent' });
export const check = 'check the table before running these items again';
