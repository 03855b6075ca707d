/** What a signer returns: the raw signature and the id of the key that made it. */
export interface SignatureResult {
  signature: Uint8Array;
  keyId: string;
}

/**
 * The signing role (after sigstore-js): one method, bytes in, signature out.
 * Implementations decide where the key lives (key file today; an HSM or KMS later).
 */
export interface Signer {
  sign(data: Uint8Array): Promise<SignatureResult>;
}
