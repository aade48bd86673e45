/** `operator explain`: registered here; see the contract (README "The contract"). */
import type { Command } from 'commander'

export function registerExplain(_program: Command): void {}
