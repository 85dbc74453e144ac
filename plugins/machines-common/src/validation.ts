import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import {
  describeIssues,
  issuesByField,
  unknownKeys,
} from '@opssight/plugin-validation-common';
import { credentialIdSchema } from '@opssight/plugin-vault-common';

export { describeIssues, issuesByField };

/**
 * Returns the canonical text of an IPv4 or IPv6 address (RFC 5952 for IPv6),
 * so that `::1` and `0:0:0:0:0:0:0:1` are the same machine, or undefined when
 * the text is not an address.
 */
export function normalizeIp(text: string): string | undefined {
  const value = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) {
    return ipaddr.IPv4.parse(value).toString();
  }
  if (!value.includes(':') || !ipaddr.IPv6.isValid(value)) {
    return undefined;
  }
  const v6 = ipaddr.IPv6.parse(value);
  return v6.toRFC5952String();
}

/**
 * Why an address points at the portal's own host rather than at a machine on
 * the network: `loopback` (127.0.0.0/8, ::1), `unspecified` (0.0.0.0/8, ::,
 * which connect to the local host) or `link-local` (169.254.0.0/16, fe80::/10,
 * where cloud metadata services answer); IPv4-mapped IPv6 forms count as their
 * IPv4 address. Undefined for every other address.
 */
export function ownHostScope(
  ip: string,
): 'loopback' | 'unspecified' | 'link-local' | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(ip.trim());
  } catch {
    return undefined;
  }
  const range = parsed.range();
  if (range === 'loopback') return 'loopback';
  if (range === 'unspecified') return 'unspecified';
  if (range === 'linkLocal') return 'link-local';
  return undefined;
}

/**
 * `127.0.0.1 is a loopback address, which reaches the portal's own host`, or
 * undefined for an address of a machine on the network ({@link ownHostScope}).
 */
export function describeOwnHostAddress(ip: string): string | undefined {
  const scope = ownHostScope(ip);
  if (!scope) return undefined;
  return `${ip} is ${
    scope === 'unspecified' ? 'an' : 'a'
  } ${scope} address, which reaches the portal's own host`;
}

/** 32 hex digits of the address as IPv6 (IPv4 mapped into ::ffff:0:0/96): sorts numerically. */
export function ipSortKey(ip: string): string {
  const parsed = ipaddr.parse(ip);
  const v6 =
    parsed.kind() === 'ipv4'
      ? (parsed as ipaddr.IPv4).toIPv4MappedAddress()
      : (parsed as ipaddr.IPv6);
  return v6
    .toByteArray()
    .map(b => b.toString(16).padStart(2, '0'))
    .join('');
}

const HOSTNAME_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/** RFC 1123 host name: dot-separated labels of letters, digits and hyphens. */
export function isValidHostname(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false;
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  return name.split('.').every(label => HOSTNAME_LABEL.test(label));
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const groupOrTagName = (what: string) =>
  z
    .string()
    .trim()
    .regex(
      NAME,
      `each ${what} must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );

export const ipSchema = z
  .string({ error: 'is required' })
  .trim()
  .min(1, { error: 'is required', abort: true })
  .refine(v => normalizeIp(v) !== undefined, {
    error: issue => `'${issue.input}' is not a valid IPv4 or IPv6 address`,
  })
  .transform(v => normalizeIp(v)!);

export const hostnameSchema = z
  .string({ error: 'is required' })
  .trim()
  .min(1, { error: 'is required', abort: true })
  .refine(isValidHostname, {
    error: issue =>
      `'${issue.input}' is not a valid host name (RFC 1123: letters, digits and hyphens in dot-separated labels of at most 63 characters)`,
  })
  .transform(v => v.toLowerCase());

export const sshUserSchema = z
  .string()
  .trim()
  .regex(/^[a-z_][a-z0-9_.-]{0,31}$/i, 'is not a valid user name')
  .or(z.literal(''));

export const ownerSchema = z
  .string()
  .trim()
  .regex(
    /^((user|group):)?([a-z0-9_.-]+\/)?[a-z0-9_.-]+$/i,
    "must be an entity reference such as 'group:default/platform-team'",
  );

/** The fields a user writes when creating or replacing a machine. */
export const machineInputSchema = z.strictObject(
  {
    ip: ipSchema,
    hostname: hostnameSchema,
    application: z
      .string()
      .trim()
      .max(200, 'must be at most 200 characters')
      .default(''),
    sshPort: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 65535')
      .max(65535, 'must be between 1 and 65535')
      .default(22),
    sshUser: sshUserSchema.default(''),
    description: z
      .string()
      .max(2000, 'must be at most 2000 characters')
      .default(''),
    groups: z.array(groupOrTagName('group')).max(100).default([]),
    tags: z.array(groupOrTagName('tag')).max(100).default([]),
    owner: ownerSchema.optional(),
    defaultCredentialId: credentialIdSchema.nullable().default(null),
  },
  { error: unknownKeys() },
);

export type MachineInput = z.input<typeof machineInputSchema>;
export type ValidMachineInput = z.output<typeof machineInputSchema>;

/** Machines to add from text, one per line; they all get the same default credential. */
export const bulkImportRequestSchema = z.strictObject(
  {
    text: z.string({ error: 'is required' }),
    defaultCredentialId: credentialIdSchema.nullable().default(null),
  },
  { error: unknownKeys() },
);

export const groupInputSchema = z.strictObject(
  {
    name: groupOrTagName('group').describe('group name'),
    description: z
      .string()
      .max(2000, 'must be at most 2000 characters')
      .default(''),
  },
  { error: unknownKeys() },
);

export type GroupInput = z.input<typeof groupInputSchema>;

export const connectionTestRequestSchema = z
  .strictObject(
    {
      machineIds: z
        .array(z.uuid('must be a machine id'))
        .min(1)
        .max(10000)
        .optional(),
      group: z.string().trim().min(1).optional(),
      all: z.literal(true).optional(),
      credentialId: credentialIdSchema.nullable().optional(),
    },
    { error: unknownKeys() },
  )
  .refine(
    v =>
      [
        v.machineIds !== undefined,
        v.group !== undefined,
        v.all === true,
      ].filter(Boolean).length === 1,
    { error: "give exactly one of 'machineIds', 'group' or 'all'" },
  );
