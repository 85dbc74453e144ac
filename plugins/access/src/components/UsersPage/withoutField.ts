/**
 * The server's message without the field it names (`username: 'jane' is the
 * last enabled admin; …`): a confirmation has no fields to put it beside.
 */
export function withoutField(message: string): string {
  return message.replace(/^(?:Invalid [^:]+: )?[A-Za-z]+: /, '');
}
