import { maskUrlSecrets, restoreUrlSecrets, URL_SECRET_MASK as M } from './url-secrets';

describe(maskUrlSecrets.name, () => {
  it('masks the password and the values of secret-looking query parameters, leaving the rest as written', () => {
    expect(maskUrlSecrets('https://svc:p%40ss@erp.example.com/v1/invoices?period=:period&api_key=k1&access_token=t1&X-Amz-Signature=ab&sig=s&page=2#top')).toBe(
      `https://svc:${M}@erp.example.com/v1/invoices?period=:period&api_key=${M}&access_token=${M}&X-Amz-Signature=${M}&sig=${M}&page=2#top`,
    );
    expect(maskUrlSecrets('https://erp.example.com/x?Key=1&secret=2&client_secret=3&password=4&token&monkey=5')).toBe(
      `https://erp.example.com/x?Key=${M}&secret=${M}&client_secret=${M}&password=${M}&token&monkey=5`,
    );
    expect(maskUrlSecrets('https://user@erp.example.com/x?period=2026-11')).toBe('https://user@erp.example.com/x?period=2026-11');
  });
});

describe(restoreUrlSecrets.name, () => {
  const stored = 'https://svc:pw@erp.example.com/v1/invoices?period=:period&api_key=k1&api_key=k2&page=1';

  it('gives back the stored URL for the masked one, and keeps masked values through other edits', () => {
    expect(restoreUrlSecrets(maskUrlSecrets(stored), stored)).toEqual({ ok: true, url: stored });
    expect(restoreUrlSecrets(`https://svc:${M}@erp.example.com/v2/invoices?page=9&api_key=${M}&api_key=new`, stored)).toEqual({
      ok: true,
      url: 'https://svc:pw@erp.example.com/v2/invoices?page=9&api_key=k1&api_key=new',
    });
    expect(restoreUrlSecrets('https://erp.example.com/x?api_key=fresh', stored)).toEqual({ ok: true, url: 'https://erp.example.com/x?api_key=fresh' });
  });

  it('refuses a mask it cannot restore, or one moved to another server', () => {
    expect(restoreUrlSecrets(`https://evil.example.net/v1/invoices?api_key=${M}`, stored)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/another server/),
    });
    expect(restoreUrlSecrets(`https://erp.example.com/v1/invoices?token=${M}`, stored)).toMatchObject({ ok: false, message: expect.stringMatching(/token/) });
    expect(restoreUrlSecrets(`https://erp.example.com/v1/invoices?api_key=${M}`, undefined)).toMatchObject({ ok: false });
  });
});
