/**
 * ISO 4217 minor-unit exponents: how many decimal digits a currency's amounts carry, for
 * converting integer minor units (cents) back to decimals. Two for every currency not listed.
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  // zero decimals
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // three decimals
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // four decimals
  CLF: 4,
  UYW: 4,
};

export function currencyExponent(currency: unknown): number {
  if (typeof currency !== 'string') return 2;
  return EXPONENTS[currency.trim().toUpperCase()] ?? 2;
}
