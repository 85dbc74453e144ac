/**
 * Puts a server's message beside the fields it names. OpsSight's 400s name
 * their fields (`Invalid user: username: …; role: …`, `groups.1: …`,
 * `password: must be at least 12 characters long; must not contain the
 * username`); parts that name no field belong to the field before them, and
 * several problems of one field are kept together. Undefined when the message
 * names a field the form does not have, or none: then it is for the whole form.
 *
 * @public
 */
export function fieldErrorsFromMessage<F extends string>(
  message: string,
  fields: readonly F[],
  options: {
    /** How a problem of one item of a list field is introduced (`line 2`); by default the item is not named. */
    itemLabel?: (index: number) => string;
    /** The answer's HTTP status, for `conflictField`. */
    status?: number;
    /** A conflict (409) that names no field is about this one (a duplicate IP, a taken name). */
    conflictField?: F;
  } = {},
): Partial<Record<F, string>> | undefined {
  const { itemLabel, status, conflictField } = options;
  const out: Partial<Record<F, string>> = {};
  let current: F | undefined;
  const add = (field: F, text: string) => {
    const seen = out[field];
    if (seen === undefined) out[field] = text;
    else if (!seen.split('; ').includes(text)) out[field] = `${seen}; ${text}`;
  };
  for (const part of message.replace(/^Invalid [^:]+: /, '').split('; ')) {
    const match = /^([A-Za-z]+)(?:\.(\d+))?: (.*)$/s.exec(part);
    if (match && fields.includes(match[1] as F)) {
      current = match[1] as F;
      add(
        current,
        match[2] !== undefined && itemLabel
          ? `${itemLabel(Number(match[2]))}: ${match[3]}`
          : match[3],
      );
    } else if (current && !match) {
      out[current] = `${out[current]}; ${part}`;
    } else {
      return status === 409 && conflictField
        ? ({ [conflictField]: message } as Partial<Record<F, string>>)
        : undefined;
    }
  }
  return out;
}

/**
 * The server's message without the field it names (`username: 'jane' is the
 * last enabled admin`): for a confirmation, which has no field to put it beside.
 *
 * @public
 */
export function withoutField(message: string): string {
  return message.replace(/^(?:Invalid [^:]+: )?[A-Za-z]+: /, '');
}
