// State encryption the way Pulumi's passphrase secrets provider does it (pkg/secrets/passphrase/manager.go and
// sdk/go/common/resource/config/crypt.go): a key from PBKDF2-SHA256 (1,000,000 rounds, 8-byte salt), AES-256-GCM
// with a 12-byte nonce, values written "v1:<nonce b64>:<ciphertext+tag b64>", and the salt recorded in the state as
// "v1:<salt b64>:<encryption of 'pulumi'>" so a wrong passphrase is detected. A state file written here can be
// imported by `pulumi stack import` with the same PULUMI_CONFIG_PASSPHRASE.
import { createCipheriv, createDecipheriv, pbkdf2, randomBytes } from "node:crypto";
import { promisify } from "node:util";

const pbkdf2Async = promisify(pbkdf2);
const KEY_ROUNDS = 1_000_000;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class Crypter {
  private constructor(
    private readonly key: Buffer,
    /** The passphrase provider's state, `{ salt }` in the deployment's secrets_providers. */
    readonly salt: string,
  ) {}

  /** Opens the crypter recorded in a state file, or makes a new one (with a fresh salt) for a new state. */
  static async open(passphrase: string, recordedSalt: string | undefined): Promise<Crypter> {
    if (recordedSalt === undefined) {
      const salt = randomBytes(8);
      const crypter = new Crypter(await deriveKey(passphrase, salt), "");
      return new Crypter(crypter.key, `v1:${salt.toString("base64")}:${crypter.encrypt("pulumi")}`);
    }
    const [version, saltB64] = recordedSalt.split(":");
    if (version !== "v1" || saltB64 === undefined) throw new Error(`unsupported secrets provider state '${recordedSalt}'`);
    const crypter = new Crypter(await deriveKey(passphrase, Buffer.from(saltB64, "base64")), recordedSalt);
    const check = recordedSalt.slice(version.length + saltB64.length + 2);
    let decrypted: string | undefined;
    try {
      decrypted = crypter.decrypt(check);
    } catch {
      decrypted = undefined;
    }
    if (decrypted !== "pulumi") {
      throw new Error(
        "incorrect passphrase: the state's secrets were encrypted with a different PULUMI_CONFIG_PASSPHRASE; " +
          "set the one used when the state was written",
      );
    }
    return crypter;
  }

  encrypt(plaintext: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, nonce);
    const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `v1:${nonce.toString("base64")}:${sealed.toString("base64")}`;
  }

  decrypt(ciphertext: string): string {
    const [version, nonceB64, sealedB64] = ciphertext.split(":");
    if (version !== "v1" || nonceB64 === undefined || sealedB64 === undefined) {
      throw new Error("bad ciphertext: expected v1:<nonce>:<data>");
    }
    const sealed = Buffer.from(sealedB64, "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(nonceB64, "base64"));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  }
}

// Deriving costs ~0.2 s; a test suite opens the same state many times, so remember keys per (passphrase, salt).
const keyCache = new Map<string, Promise<Buffer>>();

function deriveKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  const cacheKey = `${salt.toString("base64")}\u0000${passphrase}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = pbkdf2Async(passphrase, salt, KEY_ROUNDS, 32, "sha256");
    keyCache.set(cacheKey, key);
  }
  return key;
}
