/**
 * One etcd3 client per member (status, defragment and alarms are per member;
 * move-leader goes to the leader). Fault handling is off so a dead member is
 * reported, not retried elsewhere; every unary call carries a deadline; gRPC
 * reconnects fast so a restarted member is seen again quickly.
 */

import type { CallOptions } from '@grpc/grpc-js'
import { noop } from 'cockatiel'
import { Etcd3, type IOptions } from 'etcd3'
import { OperatorError } from '../../src/core/errors.js'
import { CALL_TIMEOUT_MS } from './defaults.js'

/** gRPC call options with a deadline ms from now (gRPC deadlines are wall-clock). */
export function deadline(ms: number): CallOptions {
  return { deadline: Date.now() + ms }
}

/** TLS material and login of an attached cluster (attach-client.ts); none for a run Operator started. */
export type ClientSecurity = Pick<IOptions, 'credentials' | 'auth'>

export function createMemberClient(
  clientUrl: string,
  callTimeoutMs: number = CALL_TIMEOUT_MS,
  security: ClientSecurity = {},
): Etcd3 {
  return new Etcd3({
    ...security,
    hosts: [clientUrl],
    faultHandling: { host: () => noop, global: noop },
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : deadline(callTimeoutMs)),
    grpcOptions: {
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
    },
  })
}

/** A member's name and client URL: all a client needs. */
export interface MemberEndpoint {
  name: string
  client_url: string
}

/** The clients of one run, by member name. */
export class MemberClients {
  private readonly clients = new Map<string, Etcd3>()
  readonly members: readonly MemberEndpoint[]

  constructor(
    members: readonly MemberEndpoint[],
    callTimeoutMs: number = CALL_TIMEOUT_MS,
    security: ClientSecurity = {},
  ) {
    this.members = members
    for (const member of members)
      this.clients.set(member.name, createMemberClient(member.client_url, callTimeoutMs, security))
  }

  get names(): string[] {
    return this.members.map((m) => m.name)
  }

  /** The client of a member; OperatorError('usage') for a name that is not a member. */
  get(name: string): Etcd3 {
    const client = this.clients.get(name)
    if (client === undefined) {
      throw new OperatorError('usage', `"${name}" is not a member of this run`, `use one of ${this.names.join(', ')}`)
    }
    return client
  }

  close(): void {
    for (const client of this.clients.values()) client.close()
    this.clients.clear()
  }
}
