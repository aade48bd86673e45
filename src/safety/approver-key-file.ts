/**
 * An approver's key file (`operator approve --key-file`): an Ed25519 private
 * key in PEM, read only as a regular file of this user that nobody else can
 * read (never through a symbolic link).
 */
import { createPrivateKey, type KeyObject } from 'node:crypto'
import { errorMessage, OperatorError } from '../core/errors.js'
import { readPrivateFile } from './private-file.js'

const MAKE_ONE = 'make one with `openssl genpkey -algorithm ed25519 -out FILE` (the policy names its public key)'

/** The private key in `path`, or an OperatorError naming the file and the fix. */
export function readApproverKey(path: string): KeyObject {
  const text = readPrivateFile(path, { what: 'approver key file', fix: `give your own key file; ${MAKE_ONE}` })
  let key: KeyObject
  try {
    key = createPrivateKey(text)
  } catch (err) {
    throw new OperatorError('config', `approver key file ${path} is not a private key: ${errorMessage(err)}`, MAKE_ONE)
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new OperatorError(
      'config',
      `approver key file ${path} holds a ${key.asymmetricKeyType ?? 'non-asymmetric'} key, not an Ed25519 one`,
      MAKE_ONE,
    )
  return key
}
