import { ApiRequestError, errorFromResponse, errorText } from './api-error';

describe(errorFromResponse.name, () => {
  it('keeps the code, message and field details of an API error body', () => {
    const e = errorFromResponse(400, 'Bad Request', {
      error: { code: 'validation_failed', message: 'Invalid request: email', details: [{ field: 'email', message: 'is not an email' }] },
    });
    expect(e).toBeInstanceOf(ApiRequestError);
    expect([e.status, e.code, e.message]).toEqual([400, 'validation_failed', 'Invalid request: email']);
    expect(e.describe()).toBe('Invalid request: email (email is not an email)');
  });

  it('does not repeat details the message already says', () => {
    const e = errorFromResponse(400, '', {
      error: { code: 'validation_failed', message: 'recordKey is required', details: [{ field: 'recordKey', message: 'is required' }] },
    });
    expect(e.describe()).toBe('recordKey is required');
  });

  it('falls back to the status when the body is not an API error', () => {
    const e = errorFromResponse(502, 'Bad Gateway', '<html>');
    expect([e.code, e.message]).toEqual(['http_502', 'The server answered 502 Bad Gateway']);
  });
});

describe(errorText.name, () => {
  it('explains a network failure', () => {
    expect(errorText(new TypeError('Failed to fetch'))).toMatch(/Cannot reach/);
  });
});
