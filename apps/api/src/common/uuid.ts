const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the text is a UUID (any version), so it can be cast to uuid in SQL without failing. */
export const isUuid = (s: string): boolean => UUID.test(s);
