/**
 * Server messages name their field (`Invalid user: username: …; role: …`,
 * `password: must be at least 12 characters long; must not contain the username`,
 * `role: 'jane' is the last enabled admin; make another user admin first`):
 * put each beside its field. Parts that name no field belong to the field
 * before them. Undefined when the message names a field the form does not
 * have, or none: then it is for the whole form.
 */
export function serverFieldErrors<F extends string>(
  message: string,
  fields: readonly F[],
): Partial<Record<F, string>> | undefined {
  const out: Partial<Record<F, string>> = {};
  let current: F | undefined;
  for (const part of message.replace(/^Invalid [^:]+: /, '').split('; ')) {
    const match = /^([A-Za-z]+): (.*)$/s.exec(part);
    if (match && fields.includes(match[1] as F)) {
      current = match[1] as F;
      out[current] = out[current] ? `${out[current]}; ${match[2]}` : match[2];
    } else if (current && !match) {
      out[current] = `${out[current]}; ${part}`;
    } else {
      return undefined;
    }
  }
  return out;
}
