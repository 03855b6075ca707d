import { keyIdOf, publicKeyFromSeed, signWithSeed } from "./ed25519.js";
import type { SignatureResult, Signer } from "./signer.js";
import { KeyError } from "./error.js";

/**
 * Signs with an Ed25519 seed held in memory (decrypted from a key file by key-file.ts).
 * The seed is kept in a private field so it never shows up in JSON.stringify or util.inspect.
 */
export class Ed25519Signer implements Signer {
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  readonly #seed: Uint8Array;

  constructor(seed: Uint8Array) {
    if (seed.length !== 32) throw new KeyError("KEY_FILE_INVALID", "an Ed25519 seed is 32 bytes");
    this.#seed = Uint8Array.from(seed);
    this.publicKey = publicKeyFromSeed(this.#seed);
    this.keyId = keyIdOf(this.publicKey);
  }

  async sign(data: Uint8Array): Promise<SignatureResult> {
    return { signature: signWithSeed(data, this.#seed), keyId: this.keyId };
  }

  toJSON(): object {
    return { keyId: this.keyId };
  }
}
