// `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME`
// (kubectl pkg/cmd/create/create_service.go): ports from `--tcp=port[:target]`,
// each named after its spec with `:` turned into `-`; selector `app: NAME`.
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import type { FlagSpec } from '../flags';
import type { CommandContext } from '../types';
import { atoi, nameArg, objectMeta, type Generator } from './generator';

type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

const TCP: FlagSpec = { name: 'tcp', type: 'stringSlice' };

function serviceGenerator(name: string, type: ServiceType, short: string, flags: FlagSpec[], required?: string[]): Generator {
  return { name, short, flags, required, build: (ctx) => buildService(ctx, type) };
}

export const serviceGenerators: Generator[] = [
  serviceGenerator('clusterip', 'ClusterIP', 'Create a ClusterIP service', [TCP, { name: 'clusterip', type: 'string' }]),
  serviceGenerator('externalname', 'ExternalName', 'Create an ExternalName service', [TCP, { name: 'external-name', type: 'string' }], ['external-name']),
  serviceGenerator('loadbalancer', 'LoadBalancer', 'Create a LoadBalancer service', [TCP]),
  serviceGenerator('nodeport', 'NodePort', 'Create a NodePort service', [TCP, { name: 'node-port', type: 'int', default: 0 }]),
];

function buildService(ctx: CommandContext, type: ServiceType): KubeObject {
  const name = nameArg(ctx);
  const clusterIP = ctx.flags.string('clusterip');
  const tcp = ctx.flags.strings('tcp');
  const externalName = ctx.flags.string('external-name');
  if (clusterIP === 'None' && type !== 'ClusterIP') throw new KubectlError('ClusterIP=None can only be used with ClusterIP service type');
  if (clusterIP !== 'None' && tcp.length === 0 && type !== 'ExternalName') throw new KubectlError('at least one tcp port specifier must be provided');
  if (type === 'ExternalName' && !isDNS1123Subdomain(externalName)) throw new KubectlError(`invalid service external name ${externalName}`);
  const nodePort = ctx.flags.int('node-port');
  const ports = tcp.map((spec) => {
    const { port, targetPort } = parsePorts(spec);
    const p: Record<string, unknown> = { name: spec.replace(/:/g, '-'), protocol: 'TCP', port };
    if (targetPort !== 0) p.targetPort = targetPort;
    if (nodePort !== 0) p.nodePort = nodePort;
    return p;
  });
  const spec: Record<string, unknown> = {};
  if (ports.length) spec.ports = ports;
  spec.selector = { app: name };
  if (clusterIP) spec.clusterIP = clusterIP;
  spec.type = type;
  if (externalName) spec.externalName = externalName;
  return { kind: 'Service', apiVersion: 'v1', metadata: objectMeta(ctx, name, { app: name }), spec, status: { loadBalancer: {} } };
}

/** `port[:targetPort]`; the target is a number or a port name. */
export function parsePorts(spec: string): { port: number; targetPort: number | string } {
  const parts = spec.split(':');
  const port = parsePort(parts[0]);
  if (parts.length === 1) return { port, targetPort: port };
  const num = atoi(parts[1]);
  if (num === undefined) {
    const errs = portNameErrors(parts[1]);
    if (errs.length) throw new KubectlError(errs.join(','));
    return { port, targetPort: parts[1] };
  }
  if (num < 1 || num > 65535) throw new KubectlError('must be between 1 and 65535, inclusive');
  return { port, targetPort: num };
}

/** utilsnet.ParsePort(s, allowZero=true): strconv.ParseUint(s, 10, 16). */
function parsePort(s: string): number {
  if (!/^[0-9]+$/.test(s)) throw new KubectlError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw new KubectlError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** validation.IsValidPortName. */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length < 1 || name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens (--)');
  if (name.length > 0 && (name.startsWith('-') || name.endsWith('-'))) errs.push('must not begin or end with a hyphen (-)');
  return errs;
}

export function isDNS1123Subdomain(s: string): boolean {
  return s.length > 0 && s.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s);
}
