/**
 * House numbers as they occur in German addresses: `12`, `12a`, `12 a`, `12/1`, `12-14`, `12a-12c`. One pattern for
 * every form (resident parking, change of address, Gewerbeanzeige) and the parking-zone lookup. Browser-safe: the web
 * app validates with the same form schemas.
 */
export const HOUSE_NUMBER_PATTERN = /^[1-9]\d{0,3}(?: ?[a-zA-Z])?(?: ?[-/] ?\d{1,4}(?: ?[a-zA-Z])?)?$/;
