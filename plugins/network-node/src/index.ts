/**
 * Which addresses OpsSight's backend may connect to when a user's input names
 * them: the one outbound-address policy every plugin that calls a URL an
 * operator typed (cluster APIs, dashboards, Terraform backends) applies.
 *
 * @packageDocumentation
 */
export {
  OutboundAddressError,
  OutboundAddressPolicy,
} from './OutboundAddressPolicy';
