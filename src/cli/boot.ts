/** `operator boot`: registered here; see the contract (README "The contract"). */
import type { Command } from 'commander'

export function registerBoot(_program: Command): void {}
